"""Look through an .xlsx before the reader does: sizes, shape, DOCTYPEs, error cells.

The reader (calamine) trusts the file: one value at XFD1048576 makes it allocate a dense
range of 17 billion cells and abort; a few kilobytes of zip can inflate to gigabytes. This
pass streams every XML part of the zip once, decompressing the raw data itself so that the
real size is counted (not the size the zip declares), and refuses a file that would ask
for unbounded work, with a located message. It also notes what the reader hides: error
cells (``#DIV/0!``), which it returns as blanks, and formulas saved without a value.

Cost: one decompression and a few C-level regular-expression passes over the sheets; no
Python work per cell for ordinary sheets (about 0.1 s per 10 MB of sheet XML).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from balance_cli.errors import Problem, WorkbookError
from balance_cli.record import record
from balance_cli.workbook import zipdir
from balance_cli.workbook.limits import (
    MAX_PART_BYTES,
    MAX_SHEET_CELLS,
    MAX_TOTAL_BYTES,
    MAX_ZIP_MEMBERS,
    SPARSE_FROM_ROWS,
)
from balance_cli.workbook.sniff import damaged, unreadable

if TYPE_CHECKING:
    from pathlib import Path

_CHUNK = 4 * 1024 * 1024
_MAX_CARRY = 16 * 1024 * 1024
# Patterns, compiled by `re` at their first use (and cached there): an ordinary file needs
# only the fast forms, so a run does not pay for compiling the others.
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# A cell that is not self-closing (it may hold a value), with its reference.
_VALUE_CELL = _NS + rb"c\b[^>]*?\br=[\"']([A-Z]{1,3})(\d{1,7})[\"'][^>]*(?<!/)>"
# General forms (any attribute order, namespace prefixes) and fast forms for the layout
# Excel, WPS, LibreOffice and openpyxl write (``<c r="A1" …>``, ``<row r="1" …>``).
_LAST_VALUE_CELL = rb"(?s).*<" + _VALUE_CELL
_ALL_VALUE_CELLS = rb"<" + _VALUE_CELL
_WIDE_VALUE_CELL = rb"<" + _NS + rb"c\b[^>]*?\br=[\"']([A-Z]{2,3})(\d{1,7})[\"'][^>]*(?<!/)>"
_ROW = rb"<" + _NS + rb"row\b[^>]*?\br=[\"'](\d{1,7})[\"']"
_FAST_VALUE_CELL = rb'c r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>'
_FAST_LAST_VALUE_CELL = rb"(?s).*<" + _FAST_VALUE_CELL
_FAST_ALL_VALUE_CELLS = rb"<" + _FAST_VALUE_CELL
_FAST_WIDE_VALUE_CELL = rb'<c r="([A-Z]{2,3})(\d{1,7})"[^>]*(?<!/)>'
_FAST_ROW = rb'<row r="(\d{1,7})"'
_FAST = (_FAST_LAST_VALUE_CELL, _FAST_ALL_VALUE_CELLS, _FAST_WIDE_VALUE_CELL, _FAST_ROW)
_GENERAL = (_LAST_VALUE_CELL, _ALL_VALUE_CELLS, _WIDE_VALUE_CELL, _ROW)
_ERROR_CELL = rb"(?s)<" + _NS + rb"c\b(?=[^>]*\bt=[\"']e[\"'])([^>]*)>(.*?)</" + _NS + rb"c>"
_FORMULA_ONLY = (
    rb"<" + _NS + rb"c\b([^>]*)>\s*<" + _NS + rb"f\b[^>]*(?:/>|>[^<]*</" + _NS + rb"f>)\s*"
    rb"(?:<" + _NS + rb"v\s*/>|<" + _NS + rb"v>\s*</" + _NS + rb"v>)?\s*</" + _NS + rb"c>"
)
_REF = rb"\br=[\"']([A-Z]{1,3})(\d{1,7})[\"']"
_TYPE_STR = rb"\bt=[\"']str[\"']"
_V = rb"<" + _NS + rb"v>([^<]*)</"
_DOCTYPE = rb"(?i)<!(?:DOCTYPE|ENTITY)"
_SHEET_TAG = r"<(?:\w+:)?sheet\b([^>]*)/?>"
_ATTR = r"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']"
_REL_TAG = r"<(?:\w+:)?Relationship\b([^>]*)/?>"


@record(frozen=False)
class SheetScan:
    """What the scan learnt of one sheet."""

    part: str
    # (raw row index, column index) → "#DIV/0!" … for error cells, "=" for formulas saved
    # without a value.
    special: dict[tuple[int, int], str] = field(default_factory=dict)


def column_index(letters: bytes | str) -> int:
    """b"A" → 0, b"AA" → 26."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_name(row: int, col: int) -> str:
    """1-based row, 0-based column → "B12"."""
    from balance_cli.workbook.headers import column_letter

    return f"{column_letter(col)}{row}"


def scan_xlsx(path: Path | str) -> dict[str, SheetScan]:
    """Check ``path`` and return, per sheet name, what the reader will not say.

    Raises WorkbookError (located: file, sheet, cell) when the file would ask for too much.
    A plain zip (what spreadsheet programs write) is read by :mod:`zipdir`; any other is
    left to :mod:`zipfile`, which then judges it as it always did.
    """
    file = str(path)
    try:
        raw = open(file, "rb")  # noqa: SIM115 (closed below, or left to zipfile's own try)
    except OSError:
        raw = None
    if raw is not None:
        with raw:
            try:
                archive = zipdir.PlainZip(raw)
            except (zipdir.Irregular, OSError):
                archive = None
            if archive is not None:
                try:
                    return _scan(archive, raw, file)
                except zipdir.Irregular:  # only before any part is streamed
                    pass
    import zipfile

    try:
        zf = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise WorkbookError(damaged(file)) from None
    with zf, open(file, "rb") as raw:
        return _scan(zipdir.ZipfileZip(zf), raw, file)


def _scan(
    zf: zipdir.PlainZip | zipdir.ZipfileZip, raw: BinaryIO, file: str
) -> dict[str, SheetScan]:
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise WorkbookError(
            Problem("zip_too_many", {"count": len(infos), "limit": MAX_ZIP_MEMBERS}, file=file)
        )
    parts = [i for i in infos if i.filename.lower().endswith((".xml", ".rels", ".vml"))]
    declared = sum(i.file_size for i in parts)
    sheets = _sheet_parts(zf, file)
    by_part = {part: name for name, part in sheets.items()}
    for info in parts:
        if info.file_size > MAX_PART_BYTES:
            _too_big(file, by_part.get(info.filename), info.filename, info.file_size)
    if declared > MAX_TOTAL_BYTES:
        _too_big(file, None, "", declared)
    out = {name: SheetScan(part) for name, part in sheets.items()}
    total = 0
    for info in parts:
        sheet = by_part.get(info.filename)
        scan = out[sheet] if sheet is not None else None
        total += _scan_part(raw, info, file, sheet, scan, MAX_TOTAL_BYTES - total)
    return out


def _too_big(file: str, sheet: str | None, part: str, size: int) -> None:
    raise WorkbookError(
        Problem(
            "xlsx_too_large",
            {"part": part, "mb": round(size / 1048576), "limit": MAX_PART_BYTES // 1048576},
            file=file,
            sheet=sheet,
        )
    )


def _read_small(zf, name: str, file: str) -> str:
    """A small XML part (workbook, relationships) as text, refused if it has a DOCTYPE."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > MAX_PART_BYTES // 16:
        _too_big(file, None, name, info.file_size)
    try:
        data = zf.read_small(info, MAX_PART_BYTES // 16 + 1)
    except zipdir.Irregular:
        raise
    except Exception:
        raise WorkbookError(damaged(file)) from None
    if b"<!" in data and re.search(_DOCTYPE, data):
        raise WorkbookError(Problem("xml_doctype", {"part": name}, file=file))
    return data.decode("utf-8", "replace")


def _sheet_parts(zf, file: str) -> dict[str, str]:
    """Sheet name → zip member name, from the workbook and its relationships."""
    names = {n.lower(): n for n in zf.namelist()}
    workbook = _read_small(zf, names.get("xl/workbook.xml", "xl/workbook.xml"), file)
    rels = _read_small(
        zf, names.get("xl/_rels/workbook.xml.rels", "xl/_rels/workbook.xml.rels"), file
    )
    targets = {}
    for m in re.finditer(_REL_TAG, rels):
        attrs = dict(re.findall(_ATTR, m.group(1)))
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            full = target.lstrip("/") if target.startswith("/") else "xl/" + target
            parts = []
            for piece in full.split("/"):
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece and piece != ".":
                    parts.append(piece)
            targets[attrs["Id"]] = names.get("/".join(parts).lower(), "/".join(parts))
    out = {}
    for m in re.finditer(_SHEET_TAG, workbook):
        attrs = dict(re.findall(_ATTR, m.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id") or k == "id"), None)
        if "name" in attrs and rid in targets:
            out[_unescape(attrs["name"])] = targets[rid]
    return out


def _unescape(text: str) -> str:
    if "&" not in text:  # as html.unescape does, without importing html (and its tables)
        return text
    import html

    return html.unescape(text)


def _member_chunks(raw, info, file: str, sheet: str | None, budget: int) -> Iterator[bytes]:
    """The decompressed bytes of one member, counted as they come (not as declared)."""
    if info.flag_bits & 0x1:
        raise WorkbookError(unreadable(file, "unreadable_encrypted"))
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise WorkbookError(damaged(file))
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    limit = min(MAX_PART_BYTES, budget)
    if info.compress_type == 0:
        decomp = None
    elif info.compress_type == 8:
        decomp = zlib.decompressobj(-15)
    else:
        raise WorkbookError(damaged(file))
    produced = 0
    crc = 0
    while left > 0 or (decomp is not None and decomp.unconsumed_tail):
        if decomp is not None and decomp.unconsumed_tail:
            piece = decomp.unconsumed_tail
        else:
            piece = raw.read(min(_CHUNK, left))
            if not piece:
                raise WorkbookError(damaged(file))
            left -= len(piece)
        if decomp is None:
            out = piece
        else:
            try:
                out = decomp.decompress(piece, _CHUNK)
            except zlib.error:
                raise WorkbookError(damaged(file)) from None
        produced += len(out)
        if produced > info.file_size:  # more than the zip declares: it lies, or is damaged
            raise WorkbookError(damaged(file))
        if produced > limit:
            _too_big(file, sheet, info.filename, produced)
        crc = zlib.crc32(out, crc)
        if out:
            yield out
        if decomp is not None and decomp.eof:
            break
    if produced != info.file_size or crc != info.CRC:
        raise WorkbookError(damaged(file))


def _scan_part(raw, info, file: str, sheet: str | None, scan: SheetScan | None, budget: int) -> int:
    """Stream one member; for a sheet, learn its shape and its special cells."""
    size = 0
    head = b""
    # Parts the reader parses as XML: a DOCTYPE there is refused. Document properties and
    # custom XML are read by no one (copies keep them byte for byte), so theirs is inert.
    parsed = not info.filename.lower().startswith(("docprops/", "customxml/"))
    shape = _Shape()
    carry = b""
    for chunk in _member_chunks(raw, info, file, sheet, budget):
        size += len(chunk)
        if parsed and len(head) < 65536:
            head += chunk[: 65536 - len(head)]
            if b"<!" in head and re.search(_DOCTYPE, head):
                raise WorkbookError(Problem("xml_doctype", {"part": info.filename}, file=file))
        if scan is None:
            continue
        buffer = carry + chunk
        # Cut after the last row tag: no cell spans it; the rest waits for the next chunk.
        cut = buffer.rfind(b"row>") + 4
        if cut < 4:
            cut = 0
        if cut == 0 and len(buffer) < _MAX_CARRY:
            carry = buffer
            continue
        if cut == 0:  # no row ends in 16 MB: no real sheet looks like that, scan it as is
            cut = len(buffer)
        shape.feed(buffer[:cut], scan)
        carry = buffer[cut:]
    if scan is not None:
        if carry:
            shape.feed(carry, scan)
        shape.check(file, sheet)
    return size


class _Shape:
    """The farthest value cell of a sheet and how many rows it lists, chunk by chunk."""

    def __init__(self) -> None:
        self.max_row = 0
        self.max_row_cell = ""
        self.max_col = -1  # -1: no cell past column Z seen (then up to 26 columns)
        self.max_col_cell = ""
        self.rows_listed = 0
        self.last_row = 0
        self.ordered = True

    def feed(self, data: bytes, scan: SheetScan) -> None:
        # Cells and rows without a leading r (or with a prefix) take the general forms; a
        # cell or row with no r at all sits next to the previous one and needs no check.
        usual = b":row " not in data and data.count(b'<c r="') == data.count(b"<c ")
        rows = re.findall(_FAST_ROW, data) if usual else []
        if len(rows) != data.count(b"<row "):
            usual = False
        last_cell, all_cells, wide_cells, row_tags = _FAST if usual else _GENERAL
        if not usual:
            rows = re.findall(row_tags, data)
        self.rows_listed += len(rows)
        if rows:
            numbers = np.array(rows, dtype=np.int64)  # bytes of digits parse as integers
            if self.ordered and (numbers[0] <= self.last_row or (np.diff(numbers) <= 0).any()):
                self.ordered = False
            self.last_row = max(self.last_row, int(numbers.max()))
        if self.ordered:
            m = re.match(last_cell, data)
            if m:
                self._row(int(m.group(2)), m.group(1) + m.group(2))
        else:  # rows out of order: every cell must be looked at
            for letters, number in re.findall(all_cells, data):
                self._row(int(number), letters + number)
        wide = re.findall(wide_cells, data)
        if wide:  # the farthest column: longer letters first, then in alphabetical order
            letters = max({letters for letters, _ in wide}, key=lambda t: (len(t), t))
            col = column_index(letters)
            if col > self.max_col:
                number = next(n for found, n in wide if found == letters)  # its first cell
                self.max_col = col
                self.max_col_cell = (letters + number).decode()
        if b't="e"' in data or b"t='e'" in data:
            for attrs, body in re.findall(_ERROR_CELL, data):
                ref = re.search(_REF, attrs)
                v = re.search(_V, body)
                if ref and v:
                    key = (int(ref.group(2)) - 1, column_index(ref.group(1)))
                    scan.special[key] = v.group(1).decode("utf-8", "replace").strip()[:16]
        if b"<f" in data or b":f" in data:
            for attrs in re.findall(_FORMULA_ONLY, data):
                ref = re.search(_REF, attrs)
                if ref and not re.search(_TYPE_STR, attrs):
                    scan.special[(int(ref.group(2)) - 1, column_index(ref.group(1)))] = "="

    def _row(self, row: int, ref: bytes) -> None:
        if row > self.max_row:
            self.max_row = row
            self.max_row_cell = ref.decode()

    def check(self, file: str, sheet: str | None) -> None:
        rows = self.max_row
        if rows > SPARSE_FROM_ROWS and self.rows_listed * 2 < rows:
            raise WorkbookError(
                Problem(
                    "sheet_stray_cell",
                    {"cell": self.max_row_cell, "rows": self.rows_listed},
                    file=file,
                    sheet=sheet,
                )
            )
        cols = self.max_col + 1 if self.max_col >= 0 else 26
        if rows * cols > MAX_SHEET_CELLS:
            far = self.max_col_cell if self.max_col >= 0 and cols > rows else self.max_row_cell
            raise WorkbookError(
                Problem(
                    "sheet_too_large",
                    {"cell": far, "cells": f"{rows * cols:,}", "limit": f"{MAX_SHEET_CELLS:,}"},
                    file=file,
                    sheet=sheet,
                )
            )
