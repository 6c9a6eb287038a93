"""Patch an .xlsx/.xlsm package at the XML level, leaving everything else as it was.

Used by ``plan --apply-to``: the package is copied member by member (order, dates and
compression kept) and only the changed ``<c>`` elements of a worksheet are rewritten,
their style kept. No XML parser reads the package: tags are matched as text, so a DOCTYPE
or entity in any part is copied, never expanded. Cells and rows without an ``r``
attribute, namespace prefixes (``<x:c>``), self-closing rows and blank (absent) cells are
handled. :func:`stale_formulas` finds the formulas of a sheet that read a changed cell.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from collections.abc import Iterable
from typing import IO
from xml.sax.saxutils import unescape

_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(
    r"""<(/?)((?:[\w.-]+:)?)(row|c|sheetData)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
    r"""\s*(/?)>"""
)
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


def _attr(text: str, name: str) -> str | None:
    """One attribute of a tag's attribute text (``r``, ``s``: no entities in them)."""
    m = re.search(r"(?:^|\s)" + name + r"""\s*=\s*(?:"([^"]*)"|'([^']*)')""", text)
    return None if m is None else (m.group(1) if m.group(1) is not None else m.group(2))


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


def read_text(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


def sheet_parts(archive: zipfile.ZipFile) -> tuple[str, dict[str, str]]:
    """The workbook part and sheet name → worksheet part, from the package's relations."""
    names = set(archive.namelist())
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for m in re.finditer(
            r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", read_text(archive, "_rels/.rels")
        ):
            a = _attrs(m.group(1))
            if a.get("Type", "").endswith("/officeDocument"):
                workbook = _part_path("", a.get("Target", workbook))
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets = {}
    for m in re.finditer(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", read_text(archive, rels_part)):
        a = _attrs(m.group(1))
        targets[a.get("Id", "")] = _part_path(folder, a.get("Target", ""))
    sheets = {}
    for m in re.finditer(r"<(?:[\w.-]+:)?sheet\b([^>]*)>", read_text(archive, workbook)):
        a = _attrs(m.group(1))
        rid = next((v for k, v in a.items() if k.endswith(":id") or k == "id"), "")
        if "name" in a and rid in targets:
            sheets[a["name"]] = targets[rid]
    return workbook, sheets


def _part_path(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(folder, target))


def patch_sheet(xml: str, changes: dict[tuple[int, int], str]) -> tuple[str, list[str]]:
    """The worksheet XML with the cells ``changes[(Excel row, 0-based column)]`` set to
    numbers (their style kept) and nothing else touched; also the references of the
    cells whose formula was replaced by a value. Rows without a change are skipped whole."""
    edits: list[tuple[int, int, str]] = []
    replaced_formulas: list[str] = []
    pending: dict[int, dict[int, str]] = {}
    for (r, c), value in changes.items():
        pending.setdefault(r, {})[c] = value
    row, col, prefix = 0, -1, ""
    row_tag = (0, 0, False)  # (start, end, self-closing) of the <row> being read
    row_cells: list[tuple[int, int]] = []  # (column, start) of the cells in the row
    wanted: dict[int, str] = {}
    pos = 0
    in_data = False
    while pending or wanted:
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
            r = _attr(attrs, "r")
            row = int(r) if r and r.isdigit() else row + 1
            col, row_tag, row_cells = -1, (m.start(), m.end(), bool(selfclose)), []
            wanted = pending.pop(row, {})
            if selfclose:
                _insert_missing(xml, edits, wanted, row, row_tag, row_cells, prefix, m.end())
            elif not wanted:  # nothing to change here: on to the row's end
                close = xml.find(f"</{pfx}row>", pos)
                pos = close if close >= 0 else pos
            continue
        if name == "row":  # </row>
            _insert_missing(xml, edits, wanted, row, row_tag, row_cells, prefix, m.start())
            continue
        if closing:  # </c>: passed over
            continue
        ref = _REF.match(_attr(attrs, "r") or "")
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
        value = wanted.pop(col, None)
        if value is None:
            continue
        if f"<{pfx}f" in inner:
            replaced_formulas.append(f"{column_letters(col)}{row}")
        edits.append((m.start(), end, _cell_xml(pfx, row, col, _attr(attrs, "s"), value)))
    if pending or wanted:
        left = [(r, c) for r, cols in pending.items() for c in cols] + [(row, c) for c in wanted]
        missing = ", ".join(f"{column_letters(c)}{r}" for r, c in sorted(left))
        raise ValueError(f"cells not found: {missing}")
    return _spliced(xml, edits), replaced_formulas


def _spliced(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each span (start, end) replaced, in one pass (edits do not overlap;
    an insertion is an empty span)."""
    parts, cursor = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        parts += [text[cursor:start], new]
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def _cell_xml(prefix: str, row: int, col: int, style: str | None, value: str) -> str:
    s = f' s="{style}"' if style is not None else ""
    ref = f"{column_letters(col)}{row}"
    return f'<{prefix}c r="{ref}"{s}><{prefix}v>{value}</{prefix}v></{prefix}c>'


def _insert_missing(
    xml: str,
    edits: list[tuple[int, int, str]],
    wanted: dict[int, str],
    row: int,
    row_tag: tuple[int, int, bool],
    row_cells: list[tuple[int, int]],
    prefix: str,
    row_end: int,
) -> None:
    """Cells of ``row`` still wanted were blank (absent): insert them in column order."""
    if not wanted:
        return
    by_place: dict[int, list[str]] = {}
    for c in sorted(wanted):
        place = next((start for col, start in row_cells if col > c), row_end)
        by_place.setdefault(place, []).append(_cell_xml(prefix, row, c, None, wanted[c]))
    wanted.clear()
    start, end, selfclose = row_tag
    if selfclose:  # <row r="5"/> → <row r="5">cells</row>
        opening = xml[start:end].rstrip(">").rstrip().rstrip("/") + ">"
        cells = "".join(t for texts in by_place.values() for t in texts)
        edits.append((start, end, f"{opening}{cells}</{prefix}row>"))
        return
    for place, texts in by_place.items():
        edits.append((place, place, "".join(texts)))


def copy_package(
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


def calc_chain(archive: zipfile.ZipFile, workbook: str) -> str | None:
    name = posixpath.join(posixpath.dirname(workbook), "calcChain.xml")
    return name if name in archive.namelist() else None


def without_calc_chain(archive: zipfile.ZipFile, workbook: str, chain: str) -> dict[str, str]:
    """[Content_Types].xml and the workbook's relations without the calculation chain
    (Excel rebuilds it), as openpyxl does on every save."""
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    out = {}
    rels = read_text(archive, rels_part)
    out[rels_part] = re.sub(
        r"<(?:[\w.-]+:)?Relationship\b[^>]*Target=\"(?:/xl/)?calcChain\.xml\"[^>]*/>", "", rels
    )
    types = read_text(archive, "[Content_Types].xml")
    out["[Content_Types].xml"] = re.sub(
        r"<(?:[\w.-]+:)?Override\b[^>]*PartName=\"/" + re.escape(chain) + r"\"[^>]*/>", "", types
    )
    return out


def full_calc_on_load(xml: str) -> str:
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
