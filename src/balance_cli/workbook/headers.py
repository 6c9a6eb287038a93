"""Find the header row of a sheet and map its cells to the rules' columns.

Headers are matched through the alias data of the rules (never an if-chain): each column's
canonical Chinese name, its aliases and its English key, compared after normalisation
(NFKC, so full-width brackets and ㎡ become ASCII; white space removed; case folded).
A unit in brackets ("教学仪器设备值(万元)") is split off and converted through
:data:`UNIT_FACTORS`. Title rows above the header are skipped; a two-row header (a merged
group label above the sub-labels) is read by joining the two rows.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from balance_cli.errors import Problem
from balance_cli.model import Rules
from balance_cli.record import record

HEADER_SCAN_ROWS = 15

# Physical units, not rules: the factor that converts a header's unit to the column's unit.
# Keys are normalised (NFKC, lower case): "㎡" becomes "m2", "（" becomes "(".
UNIT_FACTORS: dict[str, dict[str, float]] = {
    "元": {"元": 1.0, "万元": 10_000.0, "千元": 1_000.0},
    "m²": {"m²": 1.0, "m2": 1.0, "平方米": 1.0, "平米": 1.0, "平方": 1.0},
    "人": {"人": 1.0, "名": 1.0},
    "台": {"台": 1.0},
    "册": {"册": 1.0, "万册": 10_000.0},
    "个": {"个": 1.0, "班": 1.0},
    "间": {"间": 1.0, "个": 1.0},
    "米": {"米": 1.0, "m": 1.0},
    "张": {"张": 1.0, "个": 1.0},
}

# Compiled by `re` at its first use: a header without a unit in brackets never needs it.
_UNIT = r"^(?P<base>.*?)[(\[](?P<unit>[^()\[\]]*)[)\]]$"


def normalise(text: Any) -> str:
    """Header text in comparable form: NFKC, no white space, lower case."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    if text.__class__ in (float, int):  # digits, sign, "e", "inf": already in that form
        return str(text)
    # str.split() splits on exactly the characters that the regular expression \s matches.
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def split_unit(text: str) -> tuple[str, str | None]:
    """``"教学仪器设备值(万元)"`` → ``("教学仪器设备值", "万元")`` (text already normalised)."""
    if ")" not in text and "]" not in text:  # no closing bracket: no unit
        return text, None
    m = re.match(_UNIT, text)
    if not m or not m.group("base"):
        return text, None
    return m.group("base"), m.group("unit")


def alias_table(rules: Rules) -> dict[str, str]:
    """Normalised header text → column key, from the rules' columns."""
    table: dict[str, str] = {}
    for col in rules.columns:
        for text in (col.key, col.name, col.name_en, *col.aliases):
            table.setdefault(normalise(text), col.key)
    return table


@record
class HeaderColumn:
    index: int  # position in the raw frame
    key: str
    header: str  # the header text as found in the file
    factor: float  # multiply cell values by this to get the column's unit


@record
class Header:
    row: int  # raw index of the (last) header row; data start on the next row
    columns: tuple[HeaderColumn, ...]

    def by_key(self) -> dict[str, HeaderColumn]:
        return {c.key: c for c in self.columns}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _match(text: str, aliases: dict[str, str]) -> tuple[str, str | None] | None:
    """(column key, unit) for one header text, or None."""
    if not text:
        return None
    if text in aliases:
        return aliases[text], None
    base, unit = split_unit(text)
    if unit is not None and base in aliases:
        return aliases[base], unit
    return None


def _candidates(top: str, cell: str) -> list[str]:
    """Texts to try for a cell under a merged group label, most specific first."""
    out = [cell] if cell else []
    if top and cell:
        out.append(top + cell)
    if top and not cell:
        out.append(top)
    return out


def find_header(
    rows: list[list[Any]], rules: Rules, file: str, sheet: str | None
) -> tuple[Header | None, list[Problem]]:
    """Locate the header among the first rows and map its columns.

    Returns (None, []) when no row looks like a header (fewer than two known columns, or no
    在校生数). Problems are unknown units and columns found twice.
    """
    aliases = alias_table(rules)
    best: tuple[int, int, dict[int, tuple[str, str | None, str]]] | None = None
    head = rows[:HEADER_SCAN_ROWS]
    normalised = [[normalise(v) for v in row] for row in head]  # each cell once
    for r, row in enumerate(head):
        cells = normalised[r]
        above = _filled(normalised[r - 1]) if r > 0 else [""] * len(row)
        mapping: dict[int, tuple[str, str | None, str]] = {}
        for c, cell in enumerate(cells):
            top = above[c] if c < len(above) else ""
            for text in _candidates(top, cell):
                hit = _match(text, aliases)
                if hit:
                    raw = row[c] if cell else rows[r - 1][c]
                    mapping[c] = (hit[0], hit[1], str(raw).strip() if raw is not None else text)
                    break
        keys = {k for k, _, _ in mapping.values()}
        if "students" in keys and len(keys) >= 2 and (best is None or len(keys) > best[1]):
            best = (r, len(keys), mapping)
    if best is None:
        return None, []
    r, _, mapping = best
    return _build_header(r, mapping, rules, file, sheet)


def _filled(row: list[str]) -> list[str]:
    """A group-label row (normalised) with merged cells forward-filled (merged cells read
    as blanks)."""
    out, last = [], ""
    for text in row:
        last = text or last
        out.append(last)
    return out


def _build_header(
    r: int,
    mapping: dict[int, tuple[str, str | None, str]],
    rules: Rules,
    file: str,
    sheet: str | None,
) -> tuple[Header, list[Problem]]:
    problems: list[Problem] = []
    columns: list[HeaderColumn] = []
    seen: dict[str, HeaderColumn] = {}
    for c, (key, unit, header) in sorted(mapping.items()):
        col = rules.column(key)
        factor = 1.0
        if unit is not None and col.type == "number":
            factors = UNIT_FACTORS.get(col.unit or "", {})
            norm = {normalise(k): v for k, v in factors.items()}
            if normalise(unit) not in norm:
                problems.append(
                    Problem(
                        "unknown_unit",
                        {"unit": unit, "header": header, "expected": col.unit or "?"},
                        file=file,
                        sheet=sheet,
                        row=r + 1,
                        column=column_letter(c),
                    )
                )
                continue
            factor = norm[normalise(unit)]
        hc = HeaderColumn(c, key, header, factor)
        if key in seen:
            problems.append(
                Problem(
                    "duplicate_column",
                    {
                        "column": col.name,
                        "first": column_letter(seen[key].index),
                        "second": column_letter(c),
                    },
                    file=file,
                    sheet=sheet,
                    row=r + 1,
                    column=column_letter(c),
                )
            )
            continue
        seen[key] = hc
        columns.append(hc)
    return Header(r, tuple(columns)), problems
