"""Load a survey file into a :class:`SchoolTable`, or raise every problem of it at once.

Per sheet: find the header, decide the level (a 学段 column, else the sheet's name), skip
blank rows, set totals rows (合计/总计/小计) aside as exclusions, read identity cells as
text and number cells as floats (units in headers applied). Then, over all sheets, the
same school code and level twice is an error naming both rows. Errors are collected, not
raised one by one: the user fixes the file in one pass.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from balance_cli.errors import Problem, WorkbookError
from balance_cli.model import Exclusion, Rules, SchoolTable
from balance_cli.record import record
from balance_cli.workbook.cells import to_numbers, to_text, unique_inverse
from balance_cli.workbook.checks import (
    Collected,
    check_text_lengths,
    checked_numbers,
    col_ref,
    shown,
)
from balance_cli.workbook.classes import is_class_sheet, largest_classes
from balance_cli.workbook.duplicates import check_duplicates
from balance_cli.workbook.headers import (
    HEADER_SCAN_ROWS,
    Header,
    find_header,
    normalise,
)
from balance_cli.workbook.inputs import is_inputs_sheet, read_inputs, sheet_rows
from balance_cli.workbook.read import Cells, RawSheet, read_raw
from balance_cli.workbook.scope import apply_scope

if TYPE_CHECKING:
    from pathlib import Path

# Compiled by `re` at their first use: only a column holding 计 or 数 needs them.
_TOTALS = (
    r"\s*(?:全\s*县|全\s*市|全\s*区|全\s*镇|全\s*乡|本\s*县|县|市|区)?\s*"
    r"(?:合\s*计|总\s*计|小\s*计|共\s*计|总\s*数)"
)
_TOTALS_CHARS = "[计数]"


@record(eq=False)
class _Part:
    sheet: str
    codes: np.ndarray
    names: np.ndarray
    level: np.ndarray
    rows: np.ndarray
    values: dict[str, np.ndarray]
    texts: dict[str, np.ndarray]
    layout: dict[str, tuple[int, float]]


def level_aliases(rules: Rules) -> dict[str, int]:
    """Normalised level text → index into rules.levels."""
    out: dict[str, int] = {}
    for i, lv in enumerate(rules.levels):
        for text in (lv.key, lv.name, lv.name_en, *lv.aliases):
            out.setdefault(normalise(text), i)
    return out


def load_table(path: str | Path, rules: Rules, sheets: tuple[str, ...] = ()) -> SchoolTable:
    file = str(path)
    raw = read_raw(path, sheets)
    got = Collected()
    inputs: dict[str, float] = {}
    for sheet in raw:
        if is_inputs_sheet(sheet.name, rules):
            rows = sheet_rows(sheet)
            inputs.update(read_inputs(rows, rules, file, sheet.name or "", got.errors))
    for sheet in raw:
        if sheet.hidden:  # not read: a hidden sheet's schools must not count unseen
            got.warnings.append(
                Problem("sheet_hidden", file=file, sheet=sheet.name, severity="warning")
            )
    raw = [s for s in raw if not s.hidden]
    notes = {normalise(n) for n in rules.notes_sheets}
    class_sheets = [s for s in raw if is_class_sheet(s.name, rules)]
    data_sheets = [
        s
        for s in raw
        if not is_inputs_sheet(s.name, rules)
        and normalise(s.name or "") not in notes
        and s not in class_sheets
    ]
    parts = [
        part
        for sheet in data_sheets
        if (part := _load_sheet(sheet, rules, file, len(data_sheets) > 1, got)) is not None
    ]
    if parts:
        table = _combine(parts, file, got)
        check_duplicates(table, rules, got.errors, got.warnings)
        table = replace(table, warnings=tuple(got.warnings))
        table = _with_classes(table, class_sheets, rules, got)
        scoped = apply_scope(table, rules, got.errors)
        # The high-quality school items look at every row, before the scope rules.
        table = replace(scoped, inputs=inputs, all_rows=table if rules.quality else None)
    elif not got.errors:
        got.errors.append(Problem("no_schools", file=file))
    if got.errors:
        raise WorkbookError(sorted(got.errors, key=_position))
    if len(table) == 0:
        raise WorkbookError(Problem("no_schools", file=file))
    return table


def _with_classes(
    table: SchoolTable, sheets: list[RawSheet], rules: Rules, got: Collected
) -> SchoolTable:
    """The largest class of every school from a 班级 sheet (when the table lacks it)."""
    if not sheets or "max_class_size" in table.values:
        return table
    sheet = sheets[0]
    largest = largest_classes(sheet_rows(sheet), table, rules, sheet.name or "", got.errors)
    if largest is None:
        return table
    return replace(table, values={**table.values, "max_class_size": largest})


def _position(p: Problem) -> tuple[str, int, str]:
    return (p.sheet or "", p.row or 0, p.column or "")


def _load_sheet(
    sheet: RawSheet, rules: Rules, file: str, several: bool, got: Collected
) -> _Part | None:
    name = sheet.name
    header, problems = find_header(sheet.head, rules, file, name)
    if header is None:
        if several:
            got.warnings.append(Problem("sheet_skipped", file=file, sheet=name, severity="warning"))
        else:
            got.errors.append(
                Problem("no_header", {"rows": HEADER_SCAN_ROWS}, file=file, sheet=name)
            )
        return None
    got.errors += problems
    cols = header.by_key()
    aliases = level_aliases(rules)
    sheet_level = aliases.get(normalise(name)) if name else None
    if not _has_required(header, rules, file, name, sheet_level, got):
        return None

    number_cols = [hc for hc in header.columns if rules.column(hc.key).type == "number"]
    text_cols = [hc for hc in header.columns if rules.column(hc.key).type != "number"]
    data = sheet.body(header.row + 1, {hc.index for hc in text_cols})
    rows = data.rows + 1
    # Convert every cell once, vectorised; problems are raised afterwards, only for the
    # rows that are schools (not blank rows, not totals rows).
    texts = {hc.key: to_text(data.column(hc.index)) for hc in text_cols}
    numbers = {hc.key: to_numbers(data.column(hc.index)) for hc in number_cols}
    blank = np.logical_and.reduce(
        [t == "" for t in texts.values()] + [num.placeholder for num in numbers.values()]
    )
    _report_unmapped(data, blank, header, rows, file, name, got)
    n = len(data)
    empty = np.full(n, "", dtype=object)
    codes, names = texts.pop("code", empty), texts.pop("name", empty)
    level_text = texts.pop("level", None)
    totals = ~blank & (_is_totals(codes) | _is_totals(names))
    if level_text is not None:
        totals |= ~blank & _is_totals(level_text)
    for i in np.flatnonzero(totals):
        got.excluded.append(
            Exclusion("totals_row", file, name, int(rows[i]), str(codes[i]), str(names[i]))
        )
    keep = ~blank & ~totals
    rows, codes, names = rows[keep], codes[keep], names[keep]
    texts = {k: v[keep] for k, v in texts.items()}
    raw = data if keep.all() else data.take(keep)
    if level_text is not None:
        level_text = level_text[keep]

    loc = {"file": file, "sheet": name}
    by_key = {**texts, "code": codes, "name": names, "level": level_text}
    columns = [(hc, by_key[hc.key]) for hc in text_cols if by_key.get(hc.key) is not None]
    check_text_lengths(columns, rows, loc, got)
    for i in np.flatnonzero((codes == "") & (names == "")):
        got.errors.append(Problem("blank_identity", row=int(rows[i]), **loc))
    level = _levels(level_text, sheet_level, rows, rules, aliases, cols, loc, got)
    # An optional column left entirely blank (a template column nobody filled in) is
    # treated as absent: its checks are "not checked", not failed on zeros.
    needed = set(rules.needed_columns())
    number_cols = [
        hc
        for hc in number_cols
        if hc.key in needed
        or not len(rows)
        or not numbers[hc.key].placeholder[keep].all()  # cheap: most columns stop here
        or not (to_text(raw.column(hc.index)) == "").all()
    ]
    values = {
        hc.key: checked_numbers(hc, numbers[hc.key], keep, raw, rows, loc, got, sheet.special)
        for hc in number_cols
    }
    layout = {hc.key: (hc.index, hc.factor) for hc in number_cols}
    return _Part(name or "", codes, names, level, rows, values, texts, layout)


def _report_unmapped(
    data: Cells,
    blank: np.ndarray,
    header: Header,
    rows: np.ndarray,
    file: str,
    sheet: str | None,
    got: Collected,
) -> None:
    """Rows empty in every known column but holding something elsewhere (a footnote…)."""
    mapped = {hc.index for hc in header.columns}
    others = [c for c in range(len(data.columns)) if c not in mapped]
    if not others or not blank.any():
        return
    for i in np.flatnonzero(blank):
        cells = [v for v in data.row(i, others) if shown(v).strip()]
        if cells:
            got.excluded.append(
                Exclusion(
                    "unmapped_row", file, sheet, int(rows[i]), "", "", {"text": shown(cells[0])}
                )
            )


def _is_totals(texts: np.ndarray) -> np.ndarray:
    """Cells that say 合计/总计/小计 (white space inside allowed).

    Every such cell holds 计 or 数: those characters are found in one search over the
    column joined, and the regular expression runs only on the cells that hold them.
    """
    out = np.zeros(len(texts), dtype=bool)
    cells = texts.tolist()
    joined = "\n".join(cells)
    if "计" not in joined and "数" not in joined:
        return out
    hits = [m.start() for m in re.finditer(_TOTALS_CHARS, joined)]
    # Cell i starts at offset starts[i] of the joined text (one separator after each).
    ends = np.cumsum(np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) + 1)
    starts = np.concatenate(([0], ends[:-1]))
    for i in np.unique(np.searchsorted(starts, hits, side="right") - 1).tolist():
        if re.match(_TOTALS, cells[i]):
            out[i] = True
    return out


def _has_required(
    header: Header,
    rules: Rules,
    file: str,
    sheet: str | None,
    sheet_level: int | None,
    got: Collected,
) -> bool:
    cols = header.by_key()
    ok = True
    for key in rules.needed_columns():
        if key not in cols:
            col = rules.column(key)
            got.errors.append(
                Problem(
                    "missing_column",
                    {"column": col.name, "aliases": "、".join((col.name, *col.aliases, col.key))},
                    file=file,
                    sheet=sheet,
                    row=header.row + 1,
                )
            )
            ok = False
    if "code" not in cols and "name" not in cols:
        got.errors.append(Problem("missing_identity", file=file, sheet=sheet, row=header.row + 1))
        ok = False
    if "level" not in cols and sheet_level is None:
        levels = "、".join(lv.name for lv in rules.levels)
        got.errors.append(
            Problem("no_level", {"sheet": sheet or "", "levels": levels}, file=file, sheet=sheet)
        )
        ok = False
    return ok


def _levels(
    level_text: np.ndarray | None,
    sheet_level: int | None,
    rows: np.ndarray,
    rules: Rules,
    aliases: dict[str, int],
    cols: dict,
    loc: dict,
    got: Collected,
) -> np.ndarray:
    n = len(rows)
    if level_text is None:
        return np.full(n, sheet_level, dtype=np.int8)
    level = np.full(n, -1, dtype=np.int8)
    names = "、".join(lv.name for lv in rules.levels)
    column = col_ref(cols["level"])
    # Few distinct texts (小学/初中): normalise and look up each once.
    distinct, inverse = unique_inverse(level_text)
    found = [aliases.get(normalise(t)) for t in distinct]
    for u, text in enumerate(distinct):
        if found[u] is None and not text and sheet_level is not None:
            found[u] = sheet_level
    codes = np.array([-1 if f is None else f for f in found], dtype=np.int8)
    level = codes[inverse] if n else level
    for i in np.flatnonzero(level < 0):
        got.errors.append(
            Problem(
                "unknown_level",
                {"value": level_text[i], "levels": names},
                row=int(rows[i]),
                column=column,
                **loc,
            )
        )
    level[level < 0] = 0
    return level


def _combine(parts: list[_Part], file: str, got: Collected) -> SchoolTable:
    common = set.intersection(*(set(p.values) for p in parts))
    values = {k: np.concatenate([p.values[k] for p in parts]) for k in sorted(common)}
    text_keys = sorted(set().union(*(p.texts for p in parts)))
    texts = {
        k: np.concatenate([p.texts.get(k, np.full(len(p.codes), "", dtype=object)) for p in parts])
        for k in text_keys
    }
    return SchoolTable(
        file=file,
        codes=np.concatenate([p.codes for p in parts]),
        names=np.concatenate([p.names for p in parts]),
        level=np.concatenate([p.level for p in parts]),
        values=values,
        sheets=np.concatenate([np.full(len(p.codes), p.sheet, dtype=object) for p in parts]),
        rows=np.concatenate([p.rows for p in parts]),
        excluded=tuple(got.excluded),
        warnings=tuple(got.warnings),
        texts=texts,
        layout={p.sheet: p.layout for p in parts},
    )
