"""Fitting a typed table to a width, the same way for every text renderer.

A table is laid out in the first shape that fits the width, never cropped:
1. as it is, headers and text cells wrapped (a number, a code or a unit never splits),
   long names shortened with an ellipsis;
2. turned a quarter (a table of a few rows and many columns, e.g. a level's indicators);
3. split into several tables side by side in the source, each repeating the key columns;
4. one block per row ("header: value" lines).

Widths are display widths (a CJK character takes two columns), as rich measures them
(:mod:`balance_cli.render.width`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from balance_cli.model.cells import Cell, Column, Kind, Table, header, text
from balance_cli.record import record
from balance_cli.render.width import cell_len, known_width, split_cjk

NBSP = "\u00a0"  # joins what must stay on one line (a unit, a name and its share)
NAME_MAX = 24  # a name column never takes more (names are whole in csv/json)
NAME_MIN = 16
TEXT_MIN = 8
KEY_MIN = 12  # a row label (a key column of text) keeps at least this much
HEADER_MIN = 8  # a header is wrapped to at least this width (4 CJK characters)
_WRAPPING = (Kind.TEXT, Kind.LABEL)
_NAMES = (Kind.NAME, Kind.FILE)

_CLOSING = set("，。、；：）」』】》％%,.;:!?)")
_OPENING = set("（「『【《(")


def width(s: str) -> int:
    """Display width of the widest line of ``s``."""
    return max((cell_len(line) for line in s.split("\n")), default=0)


@lru_cache(maxsize=4096)  # a header is measured at every width tried for its column
def _tokens(s: str) -> tuple[str, ...]:
    """Unbreakable pieces: a CJK character, a run of spaces, a word or number; closing
    punctuation sticks to what precedes it and opening punctuation to what follows."""
    out: list[str] = []
    glue = False
    for tok in split_cjk(s):
        if out and not tok.isspace() and (glue or tok[0] in _CLOSING):
            out[-1] += tok
        else:
            out.append(tok)
        glue = not tok.isspace() and tok[-1] in _OPENING
    return tuple(out)


def longest_token(s: str) -> int:
    return max((cell_len(t) for t in _tokens(s) if not t.isspace()), default=0)


def wrap(s: str, limit: int, indent: str = "") -> list[str]:
    """``s`` in lines of at most ``limit`` columns, broken between words or CJK
    characters only (a word longer than the line is folded, a number never is: no number
    is that long). Continuation lines start with ``indent``."""
    return list(_wrapped(s, limit, indent))


@lru_cache(maxsize=4096)  # the same headers are fitted in every level's table
def _wrapped(s: str, limit: int, indent: str) -> tuple[str, ...]:
    out: list[str] = []
    for para in s.split("\n"):
        line = para[: len(para) - len(para.lstrip())]
        line_width = known_width(line)  # kept up to date: a line is not measured anew
        for tok in _tokens(para.lstrip()):  # for every token (known widths add up)
            tok_width = known_width(tok)
            if tok.isspace():
                if line.strip():
                    line += tok
                    line_width = _added(line_width, tok_width)
                continue
            if line_width is not None and tok_width is not None:
                fits = line_width + tok_width <= limit
            else:
                fits = cell_len(line + tok) <= limit
            if not line.strip() or fits:
                line += tok
                line_width = _added(line_width, tok_width)
            else:
                out.append(line.rstrip())
                line = indent + tok
                line_width = known_width(line)
            while _width(line, line_width) > limit and not _numeric(line.strip()):  # long word
                cut = max(_fit(line, limit), len(indent) + 1)
                out.append(line[:cut])
                line = indent + line[cut:]
                line_width = known_width(line)
        out.append(line.rstrip())
    return tuple(ln.replace(NBSP, " ") for ln in out)


def _added(width: int | None, more: int | None) -> int | None:
    return None if width is None or more is None else width + more


def _width(line: str, known: int | None) -> int:
    return cell_len(line) if known is None else known


def terminal_width(out: TextIO) -> int | None:
    """The terminal's width when ``out`` is one or COLUMNS is set (as rich reads it);
    None: no limit (a pipe, a file)."""
    if out.isatty() or os.environ.get("COLUMNS"):
        from rich.console import Console

        return Console(file=out).width
    return None


def write_wrapped(lines: Iterable[str], out: TextIO, limit: int | None = None) -> None:
    """Lines of prose, wrapped to ``limit`` (default: the terminal's width), continuation
    lines indented."""
    if limit is None:
        limit = terminal_width(out)
    for line in lines:
        for part in [line] if limit is None else wrap(line, limit, "   "):
            out.write(part + "\n")


def _numeric(s: str) -> bool:
    return bool(re.fullmatch(r"[\s+\-−±≤≥<>]*[\d.,]+%?\s*✘?", s))


def _fit(s: str, limit: int) -> int:
    n = 0
    for i, ch in enumerate(s):
        n += cell_len(ch)
        if n > limit:
            return max(i, 1)
    return len(s)


def shorten(s: str, limit: int) -> str:
    """``s`` cut to ``limit`` columns with an ellipsis."""
    if cell_len(s) <= limit:
        return s
    cut = _fit(s, limit - 1)
    return s[:cut] + "…"


@record(frozen=False)
class Grid:
    """A table ready to print: wrapped header and cell texts, one width per column."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[int]
    right: list[bool]  # right-aligned (numbers)
    status: list[bool | None]


@record(frozen=False)
class Records:
    """One block per row: a heading (the key cells) and "header: value" lines."""

    title: str
    blocks: list[tuple[str, list[str]]]
    status: list[bool | None]


Shape = Grid | Records


def _cell_text(cell: Cell, lang: str) -> str:
    s = text(cell, lang)
    if cell.kind is Kind.LABEL and cell.unit:  # the unit stays whole
        label, _, unit = s.rpartition("(")
        s = label + "(" + unit.replace(" ", NBSP)
    return s


def _header_text(col: Column, lang: str) -> tuple[str, str]:
    label, unit = header(col, lang)
    return label, unit.strip().replace(" ", NBSP)


def layout(
    table: Table,
    limit: int | None,
    overhead: tuple[int, int],
    multiline: bool = True,
    turn: bool = False,
) -> list[Shape]:
    """The shapes that print ``table`` within ``limit`` columns (None: no limit).

    ``overhead`` = (a, b): a table of n columns of widths w takes sum(w) + a·n + b
    columns. ``multiline``: cells may wrap (not in Markdown). ``turn``: the table may be
    turned a quarter when too wide (a few rows of many columns).
    """
    lang = table.lang
    texts = [[_cell_text(c, lang) for c in row] for row in table.rows]
    heads = [_header_text(c, lang) for c in table.columns]
    n = len(table.columns)
    kinds = [_column_kind(table, j) for j in range(n)]
    nat, low = [], []
    for j in range(n):
        cells = [row[j] for row in texts]
        label, unit = heads[j]
        head_nat = cell_len(label) + cell_len(unit) + (1 if unit and lang == "en" else 0)
        natural = max([width(c) for c in cells] + [0])
        if kinds[j] in (Kind.NAME, Kind.FILE):
            natural = min(natural, NAME_MAX)
            least = min(natural, NAME_MIN)
        elif kinds[j] in _WRAPPING and multiline:
            least_text = KEY_MIN if table.columns[j].key else TEXT_MIN
            least = max([longest_token(c) for c in cells] + [min(natural, least_text)])
        else:
            least = natural
        if multiline:
            head_low = max(min(cell_len(label), HEADER_MIN), longest_token(label), cell_len(unit))
        else:
            head_low = head_nat
        nat.append(max(natural, head_nat))
        low.append(max(least, head_low))
    a, b = overhead
    need = sum(low) + a * n + b
    if limit is None or sum(nat) + a * n + b <= limit:
        return [_grid(table, texts, heads, kinds, nat)]
    if need <= limit:
        keys = [c.key for c in table.columns]
        widths = _share(nat, low, kinds, keys, limit - a * n - b, heads)
        return [_grid(table, texts, heads, kinds, widths)]
    if turn and len(table.rows) <= 4:
        return layout(transpose(table), limit, overhead, multiline)
    keys = [j for j in range(n) if table.columns[j].key]
    others = [j for j in range(n) if j not in keys]
    # the first part holds every key column (school and code); the next ones repeat the
    # first key (the school) only

    def fits(cols: list[int]) -> bool:
        return sum(low[k] for k in cols) + a * len(cols) + b <= limit

    groups: list[list[int]] = []
    for j in others:
        repeat = keys if len(groups) <= 1 else keys[:1]
        if groups and fits([*repeat, *groups[-1], j]):
            groups[-1].append(j)
        elif fits([*(keys if not groups else keys[:1]), j]):
            groups.append([j])
        else:
            return [_records(table, texts, heads, kinds, limit)]
    shapes: list[Shape] = []
    for g, group in enumerate(groups):
        cols = (keys if g == 0 else keys[:1]) + group
        part = Table(
            table.title if g == 0 else _continued(table.title, g + 1, len(groups), lang),
            [table.columns[j] for j in cols],
            [[row[j] for j in cols] for row in table.rows],
            list(table.status),
            table.lang,
        )
        shapes += layout(part, limit, overhead, multiline)
    return shapes


def _continued(title: str, part: int, parts: int, lang: str) -> str:
    from balance_cli.messages import label

    return label("continued", lang, title=title, part=part, parts=parts)


def _column_kind(table: Table, j: int) -> Kind:
    kinds = {row[j].kind for row in table.rows if row[j].value not in (None, "")}
    if len(kinds) == 1:
        return kinds.pop()
    if kinds & set(_WRAPPING):
        return Kind.TEXT
    return table.columns[j].kind


def _share(
    nat: list[int],
    low: list[int],
    kinds: list[Kind],
    keys: list[bool],
    room: int,
    heads: list[tuple[str, str]] | None = None,
) -> list[int]:
    """Widths between the least and the natural ones, within ``room``: names first (to
    shorten fewer); the rest goes, a column at a time, to the column whose header now
    takes the most lines (numbers before text), so that headers wrap evenly."""
    widths = list(low)
    spare = room - sum(low)
    for j in [j for j in range(len(nat)) if kinds[j] in _NAMES]:
        add = min(spare, nat[j] - low[j])
        widths[j] += add
        spare -= add
    rest = [j for j in range(len(nat)) if widths[j] < nat[j]]

    def height(j: int) -> int:
        label, unit = heads[j] if heads else ("", "")
        return len(wrap(label + unit, widths[j]))

    heights = {k: height(k) for k in rest}
    while spare > 0 and rest:
        j = max(rest, key=lambda k: (heights[k], kinds[k] not in _WRAPPING, nat[k] - widths[k]))
        widths[j] += 1
        spare -= 1
        heights[j] = height(j)
        if widths[j] >= nat[j]:
            rest.remove(j)
    return widths


def _grid(
    table: Table,
    texts: list[list[str]],
    heads: list[tuple[str, str]],
    kinds: list[Kind],
    widths: list[int],
) -> Grid:
    headers = []
    for (label, unit), w in zip(heads, widths, strict=True):
        sep = " " if unit and table.lang == "en" else ""
        whole = label + sep + unit
        lines = wrap(whole, w) if cell_len(whole) <= w else None
        if lines is None or len(lines) > 1:
            lines = wrap(label, w) if label else []
            if unit:
                if lines and cell_len(lines[-1]) + len(sep) + cell_len(unit) <= w:
                    lines[-1] += sep + unit.replace(NBSP, " ")
                else:
                    lines.append(unit.replace(NBSP, " "))
        headers.append("\n".join(lines))
    rows = []
    for row in texts:
        cells = []
        for j, s in enumerate(row):
            if kinds[j] is Kind.NAME:
                s = shorten(s, widths[j])
            elif kinds[j] is Kind.FILE:
                s = shorten(s[::-1], widths[j])[::-1]
            elif width(s) > widths[j]:
                s = "\n".join(wrap(s, widths[j]))
            cells.append(s.replace(NBSP, " "))
        rows.append(cells)
    right = [k not in (*_WRAPPING, Kind.NAME, Kind.FILE, Kind.CODE) for k in kinds]
    return Grid(table.title, headers, rows, widths, right, list(table.status))


def _records(
    table: Table,
    texts: list[list[str]],
    heads: list[tuple[str, str]],
    kinds: list[Kind],
    limit: int,
) -> Records:
    keys = [j for j, c in enumerate(table.columns) if c.key] or [0]
    blocks = []
    for row in texts:
        heading = " ".join(row[j] for j in keys if row[j])
        lines = []
        for j, s in enumerate(row):
            if j in keys or not s:
                continue
            label, unit = heads[j]
            sep = " " if unit and table.lang == "en" else ""
            lines += wrap(f"{label}{sep}{unit}: {s}".replace("\n", " "), limit - 2, "    ")
        blocks.append((heading, lines))
    return Records(table.title, blocks, list(table.status))


def transpose(table: Table) -> Table:
    """The same table turned a quarter: one row per column of the original, each headed
    by the column's label and unit; the first column's cells become the headers."""
    first, lang = table.columns[0], table.lang
    columns = [Column(first.label, key=True)] + [
        Column(text(row[0], lang), kind=_row_kind(row)) for row in table.rows
    ]
    rows, status = [], []
    for j, col in enumerate(table.columns):
        if j == 0:
            continue
        cells = [row[j] for row in table.rows]
        rows.append([Cell(col.label, Kind.LABEL, col.unit), *cells])
        verdict = [c.value for c in cells if c.kind is Kind.VERDICT and c.value is not None]
        status.append(False if any(c.mark for c in cells) else verdict[0] if verdict else None)
    return Table(table.title, columns, rows, status, table.lang)


def _row_kind(row: list[Cell]) -> Kind:
    kinds = {c.kind for c in row[1:] if c.value not in (None, "")}
    return kinds.pop() if len(kinds) == 1 else Kind.VALUE
