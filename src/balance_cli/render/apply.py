"""Write a copy of a survey file with a plan's additions applied (``plan --apply-to``).

Same sheets, same headers, same rows: only the cells of the resources the plan adds to
change, each to (the school's own value + the addition) in the file's unit (万元 stays
万元). Teaching points merged into a school leave their own rows untouched: the
addition goes to the school's row.

A copy keeps everything it does not change, so that it loads like the original:

- .xlsx/.xlsm are patched at the XML level: the zip is copied member by member, and in
  the sheets the plan touches only the changed ``<c>`` elements are rewritten (style
  kept). Formulas elsewhere keep their cached values, macros, charts, comments and
  document properties stay as they were; no XML parser reads the package, so a DOCTYPE in
  it does not matter. When formulas of a changed sheet refer to a changed cell, their
  saved values are out of date: the workbook is set to recalculate when opened and a
  warning names those cells.
- CSV keeps its encoding (UTF-8, UTF-8 with BOM, GBK/GB18030), separator, quoting and
  line ends (CRLF, LF or CR): only the changed fields' characters change.

Writing goes through :mod:`balance_cli.render.safe_write` (checked before any work,
atomic, never over an input; an existing copy is replaced only with ``--force``).
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from xml.sax.saxutils import unescape

from balance_cli.errors import Problem, UsageError, WriteError
from balance_cli.model.plan import Plan
from balance_cli.render.safe_write import Target, check_target, write_atomically
from balance_cli.workbook.read import CSV_SUFFIXES, detect_encoding, detect_separator

XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAX_STALE_SHOWN = 5


def _new_cells(plan: Plan) -> dict[tuple[str, int, int], float]:
    """(sheet, Excel row, 0-based column) → new cell value in the file's unit."""
    table = plan.before.schools.table
    own = table.own_values or table.values
    added: dict[tuple[int, str], float] = {}
    for a in plan.additions:
        added[(a.index, a.column)] = added.get((a.index, a.column), 0.0) + a.amount
    cells = {}
    for (i, column), amount in added.items():
        sheet = str(table.sheets[i])
        position = table.layout.get(sheet, {}).get(column)
        if position is None:
            continue  # the column is not in the file (it could not have been planned)
        index, factor = position
        value = (float(own[column][i]) + amount) / factor
        cells[(sheet, int(table.rows[i]), index)] = round(value, 6) if factor != 1 else value
    return cells


def _number_text(value: float) -> str:
    """The value as written into a cell or field: ``12`` for whole numbers, else repr."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def check_copy_target(source: Path, out: Path, inputs: Iterable[Path], force: bool) -> Target:
    """Refuse, before any work, a copy that cannot be made or written: the input must be
    .xlsx/.xlsm or CSV, the output of the same type (extension), never an input, and an
    existing output is replaced only with ``--force`` (a copy holds survey data)."""
    suffix = source.suffix.lower()
    if suffix not in (*XLSX_SUFFIXES, *CSV_SUFFIXES):
        raise UsageError(Problem("apply_unsupported", file=str(out)))
    return check_target(
        out, inputs=inputs, suffixes=(suffix,), force=force, replaceable=lambda _p: False
    )


def write_applied(plan: Plan, source: Path, target: Target | Path) -> list[Problem]:
    """Write the copy; return warnings about it (e.g. formulas whose values are stale)."""
    if not isinstance(target, Target):
        target = check_copy_target(source, Path(target), (source,), force=True)
    if source.suffix.lower() in CSV_SUFFIXES:
        _apply_csv(plan, source, target)
        return []
    return _apply_xlsx(plan, source, target)


# --- CSV -------------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\n|\r")


def _apply_csv(plan: Plan, source: Path, target: Target) -> None:
    data = source.read_bytes()
    encoding = detect_encoding(data) or "utf-8"  # the file was read, so it decodes
    text = data.decode(encoding)
    if text.encode(encoding) != data:
        raise WriteError(
            Problem("apply_encoding", {"file": str(target.path), "encoding": encoding})
        )
    changes: dict[int, dict[int, str]] = {}
    for (_sheet, row, column), value in _new_cells(plan).items():
        changes.setdefault(row, {})[column] = _number_text(value)
    patched = patch_csv(text, detect_separator(text), changes)
    write_atomically(target, lambda fh: fh.write(patched.encode(encoding)))


def patch_csv(text: str, sep: str, changes: dict[int, dict[int, str]]) -> str:
    """``text`` with the fields ``changes[record][column]`` (1-based record, as the
    reader numbers rows; 0-based column) replaced and nothing else touched: a quoted field
    stays quoted, a short record is padded with separators before its line end."""
    quoted = re.compile(r'"(?:[^"]|"")*"[^' + re.escape(sep) + r"\r\n]*")
    plain = re.compile(r"[^" + re.escape(sep) + r'\r\n"]*(?:"[^' + re.escape(sep) + r"\r\n]*)*")
    out: list[str] = []
    pos, record, n = 0, 1, len(text)
    last = max(changes, default=0)
    while pos < n and record <= last:
        wanted = changes.get(record)
        line_end = _LINE_END.search(text, pos)
        end = line_end.start() if line_end else n
        if wanted is None and '"' not in text[pos:end]:  # fast path: no field of interest
            stop = line_end.end() if line_end else n
            out.append(text[pos:stop])
            pos, record = stop, record + 1
            continue
        fields: list[tuple[int, int, bool]] = []  # (start, end, quoted)
        while True:
            is_quoted = text.startswith('"', pos)
            m = (quoted if is_quoted else plain).match(text, pos)
            if is_quoted and m is None:  # an unclosed quote runs to the end, as csv does
                fields.append((pos, n, True))
                pos = n
                break
            assert m is not None
            fields.append((pos, m.end(), is_quoted))
            pos = m.end()
            if text.startswith(sep, pos):
                pos += len(sep)
                continue
            break
        record_start = fields[0][0]
        body = _patched_record(text, record_start, pos, fields, sep, wanted or {})
        out.append(body)
        line_end = _LINE_END.match(text, pos)
        if line_end:
            out.append(line_end.group())
            pos = line_end.end()
        record += 1
    out.append(text[pos:])
    return "".join(out)


def _patched_record(
    text: str,
    start: int,
    end: int,
    fields: list[tuple[int, int, bool]],
    sep: str,
    wanted: dict[int, str],
) -> str:
    if not wanted:
        return text[start:end]
    parts: list[str] = []
    cursor = start
    for j, (a, b, is_quoted) in enumerate(fields):
        if j in wanted:
            parts.append(text[cursor:a])
            parts.append(f'"{wanted[j]}"' if is_quoted else wanted[j])
            cursor = b
    parts.append(text[cursor:end])
    beyond = [j for j in wanted if j >= len(fields)]
    if beyond:
        extra = [""] * (max(beyond) + 1 - len(fields))
        for j in beyond:
            extra[j - len(fields)] = wanted[j]
        parts.append(sep + sep.join(extra))
    return "".join(parts)


# --- xlsx / xlsm -----------------------------------------------------------------------

_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(
    r"""<(/?)((?:[\w.-]+:)?)(row|c|sheetData)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
    r"""\s*(/?)>"""
)
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1): unescape(m.group(2) or m.group(3) or "", {"&quot;": '"'})
        for m in _ATTR.finditer(text)
    }


def column_letters(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters → 0-based column index."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _read_text(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


def _sheet_parts(archive: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    """The workbook part and sheet name → worksheet part, from the package's relations."""
    names = set(archive.namelist())
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for m in re.finditer(
            r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", _read_text(archive, "_rels/.rels")
        ):
            a = _attrs(m.group(1))
            if a.get("Type", "").endswith("/officeDocument"):
                workbook = _part_path("", a.get("Target", workbook))
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets = {}
    for m in re.finditer(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", _read_text(archive, rels_part)):
        a = _attrs(m.group(1))
        targets[a.get("Id", "")] = _part_path(folder, a.get("Target", ""))
    sheets = {}
    for m in re.finditer(r"<(?:[\w.-]+:)?sheet\b([^>]*)>", _read_text(archive, workbook)):
        a = _attrs(m.group(1))
        rid = next((v for k, v in a.items() if k.endswith(":id") or k == "id"), "")
        if "name" in a and rid in targets:
            sheets[a["name"]] = targets[rid]
    return workbook, sheets


def _part_path(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


class _Cell:
    __slots__ = ("formula", "span")

    def __init__(self, span: tuple[int, int], formula: bool) -> None:
        self.span = span
        self.formula = formula


def patch_sheet(xml: str, changes: dict[tuple[int, int], str]) -> tuple[str, list[str]]:
    """The worksheet XML with the cells ``changes[(Excel row, 0-based column)]`` set to
    numbers (their style kept) and nothing else touched; also the references of the
    cells whose formula was replaced by a value."""
    edits: list[tuple[int, int, str]] = []
    replaced_formulas: list[str] = []
    pending = dict(changes)
    row, col, prefix = 0, -1, ""
    row_tag: tuple[int, int, bool] | None = None  # (start, end, self-closing) of <row>
    row_cells: list[tuple[int, int]] = []  # (column, start) of the cells in the row
    pos = 0
    in_data = False
    while pending:
        m = _TAG.search(xml, pos)
        if m is None:
            break
        closing, pfx, name, attrs, selfclose = m.groups()
        pos = m.end()
        if name == "sheetData":
            prefix = pfx
            in_data = not closing and not selfclose
            if not in_data:
                break
            continue
        if not in_data:
            continue
        if name == "row" and not closing:
            a = _attrs(attrs)
            row = int(a["r"]) if a.get("r", "").isdigit() else row + 1
            col = -1
            row_tag = (m.start(), m.end(), bool(selfclose))
            row_cells = []
            if selfclose:
                _insert_missing(xml, edits, pending, row, row_tag, row_cells, prefix, m.end())
            continue
        if name == "row":  # </row>
            _insert_missing(xml, edits, pending, row, row_tag, row_cells, prefix, m.start())
            continue
        if closing:  # </c>: passed over
            continue
        a = _attrs(attrs)
        ref = _REF.match(a.get("r", ""))
        col = column_index(ref.group(1)) if ref else col + 1
        if selfclose:
            end, inner = m.end(), ""
        else:
            close = xml.find(f"</{pfx}c>", m.end())
            if close < 0:
                raise ValueError("unclosed cell")
            end, inner = close + len(f"</{pfx}c>"), xml[m.end() : close]
            pos = end
        row_cells.append((col, m.start()))
        value = pending.pop((row, col), None)
        if value is None:
            continue
        if f"<{pfx}f" in inner:
            replaced_formulas.append(f"{column_letters(col)}{row}")
        edits.append((m.start(), end, _cell_xml(pfx, row, col, a.get("s"), value)))
    if pending:
        missing = ", ".join(f"{column_letters(c)}{r}" for r, c in sorted(pending))
        raise ValueError(f"cells not found: {missing}")
    for start, end, text in sorted(edits, reverse=True):
        xml = xml[:start] + text + xml[end:]
    return xml, replaced_formulas


def _cell_xml(prefix: str, row: int, col: int, style: str | None, value: str) -> str:
    s = f' s="{style}"' if style is not None else ""
    ref = f"{column_letters(col)}{row}"
    return f'<{prefix}c r="{ref}"{s}><{prefix}v>{value}</{prefix}v></{prefix}c>'


def _insert_missing(
    xml: str,
    edits: list[tuple[int, int, str]],
    pending: dict[tuple[int, int], str],
    row: int,
    row_tag: tuple[int, int, bool] | None,
    row_cells: list[tuple[int, int]],
    prefix: str,
    row_end: int,
) -> None:
    """Cells of ``row`` still pending were blank (absent): insert them in column order."""
    missing = sorted(c for r, c in pending if r == row)
    if not missing or row_tag is None:
        return
    by_place: dict[int, list[str]] = {}
    for c in missing:
        place = next((start for col, start in row_cells if col > c), row_end)
        by_place.setdefault(place, []).append(
            _cell_xml(prefix, row, c, None, pending.pop((row, c)))
        )
    start, end, selfclose = row_tag
    if selfclose:  # <row r="5"/> → <row r="5">cells</row>
        opening = xml[start:end].rstrip(">").rstrip().rstrip("/") + ">"
        cells = "".join(t for texts in by_place.values() for t in texts)
        edits.append((start, end, f"{opening}{cells}</{prefix}row>"))
        return
    for place, texts in by_place.items():
        edits.append((place, place, "".join(texts)))


def _apply_xlsx(plan: Plan, source: Path, target: Target) -> list[Problem]:
    by_sheet: dict[str, dict[tuple[int, int], str]] = {}
    for (sheet, row, column), value in _new_cells(plan).items():
        by_sheet.setdefault(sheet, {})[(row, column)] = _number_text(value)
    out = str(target.path)
    with zipfile.ZipFile(source) as archive:
        try:
            workbook, parts = _sheet_parts(archive)
            patched: dict[str, bytes] = {}
            replaced: list[str] = []
            stale: list[str] = []
            for sheet, changes in by_sheet.items():
                xml = _read_text(archive, parts[sheet])
                new_xml, formulas = patch_sheet(xml, changes)
                patched[parts[sheet]] = new_xml.encode("utf-8")
                replaced += [f"{sheet}!{ref}" for ref in formulas]
                stale += [f"{sheet}!{ref}" for ref in stale_formulas(xml, sheet, changes)]
        except (KeyError, ValueError, UnicodeDecodeError) as exc:
            detail = f"{type(exc).__name__}: {exc}"[:200]
            problem = Problem("apply_xlsx_unpatchable", {"file": out, "detail": detail})
            raise WriteError(problem) from None
        if stale:  # Excel, WPS and LibreOffice recompute on opening
            xml = _read_text(archive, workbook)
            patched[workbook] = _full_calc_on_load(xml).encode("utf-8")
        drop = _calc_chain(archive, workbook) if replaced else None
        if drop is not None:  # its entries would name cells that no longer hold formulas
            for part, text in _without_calc_chain(archive, workbook, drop).items():
                patched[part] = text.encode("utf-8")
        write_atomically(target, lambda fh: _copy_package(archive, fh, patched, drop))
    if not stale:
        return []
    shown = "、".join(stale[:MAX_STALE_SHOWN]) + ("…" if len(stale) > MAX_STALE_SHOWN else "")
    return [
        Problem(
            "apply_stale_formulas",
            {"file": out, "count": len(stale), "cells": shown},
            severity="warning",
        )
    ]


def _copy_package(
    archive: zipfile.ZipFile, fh: IO[bytes], patched: dict[str, bytes], drop: str | None
) -> None:
    """Every member in its order, with its date and compression: the patched ones new,
    the others streamed through unchanged."""
    with zipfile.ZipFile(fh, "w") as copy:
        for info in archive.infolist():
            if info.filename == drop:
                continue
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = info.compress_type
            new.external_attr = info.external_attr
            new.create_system = info.create_system
            new.comment = info.comment
            data = patched.get(info.filename)
            if data is not None:
                copy.writestr(new, data)
                continue
            new.file_size = info.file_size
            with (
                archive.open(info) as src,
                copy.open(new, "w", force_zip64=info.file_size >= zipfile.ZIP64_LIMIT) as dst,
            ):
                shutil.copyfileobj(src, dst, 1 << 20)


def _calc_chain(archive: zipfile.ZipFile, workbook: str) -> str | None:
    name = posixpath.join(posixpath.dirname(workbook), "calcChain.xml")
    return name if name in archive.namelist() else None


def _without_calc_chain(archive: zipfile.ZipFile, workbook: str, chain: str) -> dict[str, str]:
    """[Content_Types].xml and the workbook's relations without the calculation chain
    (Excel rebuilds it), as openpyxl does on every save."""
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    out = {}
    rels = _read_text(archive, rels_part)
    out[rels_part] = re.sub(
        r"<(?:[\w.-]+:)?Relationship\b[^>]*Target=\"(?:/xl/)?calcChain\.xml\"[^>]*/>", "", rels
    )
    types = _read_text(archive, "[Content_Types].xml")
    out["[Content_Types].xml"] = re.sub(
        r"<(?:[\w.-]+:)?Override\b[^>]*PartName=\"/" + re.escape(chain) + r"\"[^>]*/>", "", types
    )
    return out


def _full_calc_on_load(xml: str) -> str:
    """Ask the spreadsheet program to recompute every formula when the copy is opened."""
    m = re.search(r"<((?:[\w.-]+:)?)calcPr\b([^>]*?)(/?)>", xml)
    if m is None or "fullCalcOnLoad" in m.group(2):
        return xml
    tag = f'<{m.group(1)}calcPr{m.group(2)} fullCalcOnLoad="1"{m.group(3)}>'
    return xml[: m.start()] + tag + xml[m.end() :]


# --- formulas that read a changed cell ---------------------------------------------------

_F = re.compile(r"<((?:[\w.-]+:)?)f\b([^>]*?)(?:/>|>([^<]*)</\1f>)")
_CELL_OPEN = re.compile(r"""<(?:[\w.-]+:)?c\b((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*/?>""")
_FORMULA_REF = re.compile(
    r"(?<![\w.$])(?:(?:'((?:[^']|'')+)'|([^\s'!(),:=+\-*/^&<>;{}\"]+))!)?"
    r"(\$?)([A-Z]{1,3})(\$?)([0-9]+)(?::(\$?)([A-Z]{1,3})(\$?)([0-9]+))?(?![\w(])"
)


_COLUMN_RANGE = re.compile(
    r"(?<![\w.$])(?:(?:'((?:[^']|'')+)'|([^\s'!(),:=+\-*/^&<>;{}\"]+))!)?"
    r"(\$?)([A-Z]{1,3}):(\$?)([A-Z]{1,3})(?![\w(])"
)


def stale_formulas(xml: str, sheet: str, changes: Iterable[tuple[int, int]]) -> list[str]:
    """References of the formula cells of this sheet that read a changed cell (directly:
    a reference or range on this sheet; shared formulas shifted to each cell). Formulas on
    other sheets and names are not followed."""
    changed = set(changes)
    if not changed or ("<f" not in xml and ":f" not in xml):
        return []
    found = []
    masters: dict[str, tuple[int, int, str]] = {}
    for cell in _CELL_OPEN.finditer(xml):
        ref = _REF.match(_attrs(cell.group(1)).get("r", ""))
        if ref is None:
            continue
        close = xml.find(">", cell.start())
        if xml[close - 1] == "/":
            continue
        end = xml.find("c>", close)  # the end of this cell's content
        f = _F.search(xml, close, end if end > 0 else len(xml))
        if f is None:
            continue
        row, col = int(ref.group(2)), column_index(ref.group(1))
        fa = _attrs(f.group(2))
        text = unescape(f.group(3) or "", {"&quot;": '"', "&apos;": "'"})
        dr = dc = 0
        if fa.get("t") == "shared" and "si" in fa:
            if text:
                masters[fa["si"]] = (row, col, text)
            elif fa["si"] in masters:
                mrow, mcol, text = masters[fa["si"]]
                dr, dc = row - mrow, col - mcol
        if text and _reads_changed(text, sheet, changed, dr, dc):
            found.append(f"{column_letters(col)}{row}")
    return found


def _reads_changed(
    formula: str, sheet: str, changed: set[tuple[int, int]], dr: int, dc: int
) -> bool:
    for m in _COLUMN_RANGE.finditer(formula):  # whole columns: SUM(D:D)
        named = (m.group(1) or "").replace("''", "'") or m.group(2)
        if named and named != sheet:
            continue
        c1 = column_index(m.group(4)) + (0 if m.group(3) else dc)
        c2 = column_index(m.group(6)) + (0 if m.group(5) else dc)
        if any(c1 <= c <= c2 for _r, c in changed):
            return True
    for m in _FORMULA_REF.finditer(formula):
        named = (m.group(1) or "").replace("''", "'") or m.group(2)
        if named and named != sheet:
            continue
        c1 = column_index(m.group(4)) + (0 if m.group(3) else dc)
        r1 = int(m.group(6)) + (0 if m.group(5) else dr)
        if m.group(8):
            c2 = column_index(m.group(8)) + (0 if m.group(7) else dc)
            r2 = int(m.group(10)) + (0 if m.group(9) else dr)
        else:
            c2, r2 = c1, r1
        if any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in changed):
            return True
    return False
