"""Read the raw cells of a survey file: per sheet, its first rows and then its body.

Spreadsheets (.xlsx/.xlsm/.xls/.ods) are read by python-calamine (formulas come back as
their cached values) straight into Python lists: going through pandas would cost its
import (~0.35 s, most of a one-county run) for no gain. CSV is decoded as UTF-8 (with or
without BOM) or GB18030 (a superset of GBK, what Excel writes on Chinese Windows), comma or
tab separated, and parsed by pandas' C parser.

The header is looked for in :attr:`RawSheet.head`; :meth:`RawSheet.body` then gives the
rows below it as :class:`Cells`. For CSV the body is parsed a second time once the text
columns are known, so that number columns arrive as float arrays (the fast path) and only
columns holding text are objects. Raw row ``i`` is Excel/line row ``i + 1``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Collection
from dataclasses import field
from typing import TYPE_CHECKING, Any

import numpy as np

from balance_cli import paths
from balance_cli.errors import Problem, WorkbookError
from balance_cli.record import record
from balance_cli.workbook import sniff
from balance_cli.workbook.isolate import ChildDied, run_isolated
from balance_cli.workbook.limits import CHILD_EXTRA_ADDRESS_SPACE, MAX_COLUMNS, MAX_CSV_BYTES
from balance_cli.workbook.xlsx_scan import scan_xlsx

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
HEAD_ROWS = 15

if TYPE_CHECKING:
    from pathlib import Path


@record(eq=False)
class Cells:
    """Rows of a sheet by column: ``rows`` holds raw row indices, ``columns`` one array
    per column (float64 when a parser already read numbers, else Python objects)."""

    rows: np.ndarray
    columns: list[np.ndarray]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, j: int) -> np.ndarray:
        if j < len(self.columns):
            return self.columns[j]
        return np.full(len(self.rows), "", dtype=object)

    def take(self, mask: np.ndarray) -> Cells:
        return Cells(self.rows[mask], [c[mask] for c in self.columns])

    def row(self, i: int, columns: Collection[int]) -> list[Any]:
        return [self.columns[j][i] for j in columns if j < len(self.columns)]


@record(eq=False)
class RawSheet:
    name: str | None  # None for CSV
    head: list[list[Any]]  # the first HEAD_ROWS rows, where the header is looked for
    _body: Callable[[int, Collection[int]], Cells]
    hidden: bool = False  # a hidden sheet, not read (its rows are empty)
    # (raw row, column) → "#DIV/0!" for error cells, "=" for formulas saved without a value:
    # the reader returns both as blanks.
    special: dict[tuple[int, int], str] = field(default_factory=dict)

    def body(self, start: int, text_columns: Collection[int]) -> Cells:
        """The rows from raw index ``start`` on."""
        return self._body(start, text_columns)


def read_raw(path: str | Path, sheets: tuple[str, ...] = ()) -> list[RawSheet]:
    """All sheets of ``path`` (or only ``sheets``), as raw cells.

    The content is checked against the name first (:mod:`sniff`): a Word document named
    .xlsx or a web page named .xls is refused in plain words, not by the reader's jargon.
    """
    file = paths.text(path)  # as pathlib prints it
    try:
        found = paths.is_file(file)
    except OSError as exc:  # a name too long, a folder that may not be entered…
        raise WorkbookError(_os_error(file, exc)) from None
    if not found:
        raise WorkbookError(Problem("file_not_found", file=file))
    suffix = paths.suffix(file)
    if suffix.lower() not in SPREADSHEET_SUFFIXES + CSV_SUFFIXES:
        raise WorkbookError(Problem("file_type_unknown", {"suffix": suffix}, file=file))
    try:
        kind = sniff.sniff(file)
    except OSError as exc:
        raise WorkbookError(_os_error(file, exc)) from None
    if suffix.lower() in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(file, sheets, kind)
    return [_read_csv(file, kind)]


def _os_error(file: str, exc: OSError) -> Problem:
    return sniff.unreadable(file, "unreadable_os", error=exc.strerror or type(exc).__name__)


def cells_from_rows(rows: list[list[Any]], start: int) -> Cells:
    """Row lists (rectangular or not) from raw index ``start`` on, as columns."""
    body = rows[start:]
    width = max((len(r) for r in body), default=0)
    if any(len(r) != width for r in body):
        body = [list(r) + [""] * (width - len(r)) for r in body]
    columns = [np.array(col, dtype=object) for col in zip(*body, strict=True)] if body else []
    return Cells(np.arange(start, start + len(body), dtype=np.int64), columns)


def _rows_sheet(
    name: str | None, rows: list[list[Any]], special: dict[tuple[int, int], str] | None = None
) -> RawSheet:
    return RawSheet(
        name,
        rows[:HEAD_ROWS],
        lambda start, _text: cells_from_rows(rows, start),
        special=special or {},
    )


_EXPECTED = {".xlsx": sniff.XLSX, ".xlsm": sniff.XLSX, ".xls": sniff.XLS, ".ods": sniff.ODS}


def _read_spreadsheet(file: str, sheets: tuple[str, ...], kind: str) -> list[RawSheet]:
    suffix = paths.suffix(file)
    expected = _EXPECTED[suffix.lower()]
    if kind != expected:
        if kind in sniff.WORKBOOK_SUFFIX:
            found = sniff.WORKBOOK_SUFFIX[kind]
            raise WorkbookError(
                Problem("wrong_extension", {"found": found, "suffix": suffix}, file=file)
            )
        label, params = sniff.NOT_A_WORKBOOK.get(kind, ("unreadable_damaged", {}))
        raise WorkbookError(sniff.unreadable(file, label, **params))
    special: dict[str, dict[tuple[int, int], str]] = {}
    try:
        if expected == sniff.XLSX:
            # The scan bounds what the reader will be asked to do; then it runs here.
            special = {name: s.special for name, s in scan_xlsx(file).items()}
            found = _calamine_sheets(file, sheets)
        else:  # no scan for these formats: the reader runs in a child with a memory cap
            found = run_isolated(lambda: _calamine_sheets(file, sheets), CHILD_EXTRA_ADDRESS_SPACE)
    except ChildDied:
        raise WorkbookError(Problem("reader_crashed", file=file)) from None
    except MemoryError:
        raise WorkbookError(Problem("out_of_memory", file=file)) from None
    except OSError as exc:
        raise WorkbookError(_os_error(file, exc)) from None
    return [
        RawSheet(name, [], _no_rows, hidden=True)
        if rows is None
        else _rows_sheet(name, rows, special.get(name, {}))
        for name, rows in found
    ]


def _no_rows(start: int, _text: Collection[int]) -> Cells:
    return Cells(np.zeros(0, dtype=np.int64), [])


def _calamine_sheets(
    file: str, sheets: tuple[str, ...]
) -> list[tuple[str, list[list[Any]] | None]]:
    """(name, rows) per sheet; rows None for a hidden sheet not asked for by name."""
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(file)
        meta = workbook.sheets_metadata
        names = [m.name for m in meta]
        missing = [s for s in sheets if s not in names]
        if missing:
            available = "、".join(names)
            raise WorkbookError(
                [
                    Problem("sheet_not_found", {"sheet": s, "available": available}, file=file)
                    for s in missing
                ]
            )
        wanted = set(sheets)
        out: list[tuple[str, list[list[Any]] | None]] = []
        for m in meta:
            if sheets and m.name not in wanted:
                continue
            if str(m.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue  # chart sheets and the like hold no table
            if str(m.visible).rsplit(".", 1)[-1] != "Visible" and m.name not in wanted:
                out.append((m.name, None))
                continue
            out.append(
                (m.name, workbook.get_sheet_by_name(m.name).to_python(skip_empty_area=False))
            )
        if sheets:  # in the order asked for
            order = {name: i for i, name in enumerate(sheets)}
            out.sort(key=lambda item: order[item[0]])
        return out
    except (WorkbookError, MemoryError):
        raise
    except Exception:  # calamine raises its own types for corrupt files
        raise WorkbookError(sniff.damaged(file)) from None


def detect_encoding(data: bytes) -> str | None:
    """``utf-8-sig`` (BOM), ``utf-8`` or ``gb18030``; None when none of them decodes."""
    candidates = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM or not), else GB18030; None when neither decodes."""
    decoded = _decode(data)
    return None if decoded is None else decoded[0]


def _decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) as :func:`detect_encoding` picks it, the bytes decoded once."""
    candidates = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def detect_separator(text: str) -> str:
    """Tab when the first 200 lines hold more tabs than commas, else comma."""
    lines = text[:65536].splitlines()[:200]
    return "\t" if sum(ln.count("\t") for ln in lines) > sum(ln.count(",") for ln in lines) else ","


def _read_csv(file: str, kind: str) -> RawSheet:
    import pandas as pd

    if kind in (sniff.BINARY, sniff.ZIP_DAMAGED):
        raise WorkbookError(sniff.unreadable(file, "unreadable_binary_csv"))
    if kind == sniff.EMPTY:
        raise WorkbookError(sniff.unreadable(file, "unreadable_empty"))
    if kind not in (sniff.TEXT, sniff.UTF16):
        found = _CSV_FOUND.get(kind, kind.upper())
        raise WorkbookError(sniff.unreadable(file, "unreadable_not_csv", found=found))
    try:
        size = os.stat(file).st_size
        if size > MAX_CSV_BYTES:
            raise WorkbookError(
                Problem(
                    "file_too_large",
                    {"mb": round(size / 1048576), "limit": MAX_CSV_BYTES // 1048576},
                    file=file,
                )
            )
        with open(file, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise WorkbookError(_os_error(file, exc)) from None
    text, utf8 = _csv_text(data, kind, file)
    head_text = _one_line_end(text[: 2 * 65536])[:65536]  # as if the whole text were
    lines = head_text.splitlines()[:200]
    sep = detect_separator(head_text)
    # Title rows above the header have fewer fields than the table: name every column.
    width = max((ln.count(sep) for ln in lines), default=0) + 1
    if width > MAX_COLUMNS:
        line = next(i for i, ln in enumerate(lines, 1) if ln.count(sep) + 1 == width)
        raise WorkbookError(_too_wide(file, line, width))
    common: dict[str, Any] = {
        "sep": sep,
        "header": None,
        "names": range(width),
        "keep_default_na": False,
        "skip_blank_lines": False,
        "engine": "c",
    }

    def by_csv_module() -> RawSheet:
        """For rows wider than the first 200 lines said: the csv module sizes every row."""
        import csv  # only for the rare CSV that pandas' parser refuses

        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # any field length
        rows = []
        for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=sep), 1):
            if len(row) > MAX_COLUMNS:
                raise WorkbookError(_too_wide(file, i, len(row)))
            rows.append(row)
        return _rows_sheet(None, rows)

    # The C parser reads UTF-8 bytes: hand it the file's own when they are UTF-8.
    utf8 = utf8 if utf8 is not None else text.encode("utf-8")
    try:
        head_frame = pd.read_csv(io.BytesIO(utf8), nrows=HEAD_ROWS, dtype=object, **common)
    except Exception:
        return by_csv_module()

    def body(start: int, text_columns: Collection[int]) -> Cells:
        try:
            frame = pd.read_csv(
                io.BytesIO(utf8),
                skiprows=start,
                dtype={c: object for c in text_columns},
                na_values=[""],
                **common,
            )
        except Exception:
            return by_csv_module().body(start, text_columns)
        columns = [
            frame[c].to_numpy(dtype=np.float64 if frame[c].dtype.kind in "fiu" else object)
            for c in frame.columns
        ]
        return Cells(np.arange(start, start + len(frame), dtype=np.int64), columns)

    head = head_frame.to_numpy(dtype=object).tolist()
    return RawSheet(None, head, body)


def _csv_text(data: bytes, kind: str, file: str) -> tuple[str, bytes | None]:
    """The file's text, and its UTF-8 bytes when it was UTF-8.

    CR-only (old Mac) or mixed line ends become LF, one kind for both parsers. For UTF-8
    and GB18030 that is done on the bytes: a CR or LF byte is never part of a multi-byte
    character in either, so the text is the same as replacing after decoding. Only CRLF
    and nothing quoted (what Excel and Python's csv write): left as it is, both parsers
    read CRLF as LF and no quoted cell can keep a CR.
    """
    text = _decode_utf16(data) if kind == sniff.UTF16 else None
    if text is not None:
        return _one_line_end(text), None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise WorkbookError(Problem("csv_nul", {"line": line}, file=file))
    crlf_only = b'"' not in data and data.count(b"\r") == data.count(b"\r\n")
    if b"\r" in data and not crlf_only:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    decoded = _decode(data)
    if decoded is None:
        raise WorkbookError(Problem("csv_encoding", file=file))
    text, encoding = decoded
    if encoding == "utf-8-sig":
        return text, data[3:]
    return text, data if encoding == "utf-8" else None


def _one_line_end(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_CSV_FOUND = {
    sniff.XLSX: "Excel (.xlsx)",
    sniff.XLS: "Excel (.xls)",
    sniff.ODS: "OpenDocument (.ods)",
    sniff.ENCRYPTED: "Excel (encrypted)",
    sniff.DOCX: "Word (.docx)",
    sniff.DOC: "Word (.doc)",
    sniff.PPTX: "PowerPoint",
    sniff.PDF: "PDF",
    sniff.HTML: "HTML",
    sniff.XML: "XML",
    sniff.RTF: "RTF",
    sniff.IMAGE: "image",
    sniff.ZIP: "ZIP",
    sniff.OLE: "OLE (Office)",
}


def _too_wide(file: str, line: int, width: int) -> Problem:
    return Problem(
        "too_many_columns", {"columns": width, "limit": MAX_COLUMNS}, file=file, row=line
    )


def _decode_utf16(data: bytes) -> str | None:
    """UTF-16 with a BOM, else the byte order whose NULs fall on the high bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-16-le" if data[1::2].count(0) >= data[0::2].count(0) else "utf-16-be"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
