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

import csv
import io
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from balance_cli.errors import Problem, WorkbookError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
HEAD_ROWS = 15


@dataclass(frozen=True, eq=False)
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


@dataclass(frozen=True, eq=False)
class RawSheet:
    name: str | None  # None for CSV
    head: list[list[Any]]  # the first HEAD_ROWS rows, where the header is looked for
    _body: Callable[[int, Collection[int]], Cells]

    def body(self, start: int, text_columns: Collection[int]) -> Cells:
        """The rows from raw index ``start`` on."""
        return self._body(start, text_columns)


def read_raw(path: Path, sheets: tuple[str, ...] = ()) -> list[RawSheet]:
    """All sheets of ``path`` (or only ``sheets``), as raw cells."""
    file = str(path)
    if not path.is_file():
        raise WorkbookError(Problem("file_not_found", file=file))
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(path, sheets)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    raise WorkbookError(Problem("file_type_unknown", {"suffix": path.suffix}, file=file))


def cells_from_rows(rows: list[list[Any]], start: int) -> Cells:
    """Row lists (rectangular or not) from raw index ``start`` on, as columns."""
    body = rows[start:]
    width = max((len(r) for r in body), default=0)
    if any(len(r) != width for r in body):
        body = [list(r) + [""] * (width - len(r)) for r in body]
    columns = [np.array(col, dtype=object) for col in zip(*body, strict=True)] if body else []
    return Cells(np.arange(start, start + len(body), dtype=np.int64), columns)


def _rows_sheet(name: str | None, rows: list[list[Any]]) -> RawSheet:
    return RawSheet(name, rows[:HEAD_ROWS], lambda start, _text: cells_from_rows(rows, start))


def _read_spreadsheet(path: Path, sheets: tuple[str, ...]) -> list[RawSheet]:
    file = str(path)
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(file)
        names = list(workbook.sheet_names)
        missing = [s for s in sheets if s not in names]
        if missing:
            available = "、".join(names)
            raise WorkbookError(
                [
                    Problem("sheet_not_found", {"sheet": s, "available": available}, file=file)
                    for s in missing
                ]
            )
        return [
            _rows_sheet(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in (sheets or names)
        ]
    except WorkbookError:
        raise
    except Exception as exc:  # calamine raises its own types for corrupt files
        raise WorkbookError(_unreadable(file, exc)) from None


def _unreadable(file: str, exc: BaseException) -> Problem:
    detail = f"{type(exc).__name__}: {exc}".strip().replace("\n", " ")
    return Problem("file_unreadable", {"detail": detail[:200]}, file=file)


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
    encoding = detect_encoding(data)
    return None if encoding is None else data.decode(encoding)


def detect_separator(text: str) -> str:
    """Tab when the first 200 lines hold more tabs than commas, else comma."""
    lines = text[:65536].splitlines()[:200]
    return "\t" if sum(ln.count("\t") for ln in lines) > sum(ln.count(",") for ln in lines) else ","


def _read_csv(path: Path) -> RawSheet:
    import pandas as pd

    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(_unreadable(file, exc)) from None
    text = decode_text(data)
    if text is None:
        raise WorkbookError(Problem("csv_encoding", file=file))
    lines = text[:65536].splitlines()[:200]
    sep = detect_separator(text)
    # Title rows above the header have fewer fields than the table: name every column.
    width = max((ln.count(sep) for ln in lines), default=0) + 1
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
        return _rows_sheet(None, list(csv.reader(io.StringIO(text), delimiter=sep)))

    try:
        head_frame = pd.read_csv(io.StringIO(text), nrows=HEAD_ROWS, dtype=object, **common)
    except Exception:
        return by_csv_module()

    def body(start: int, text_columns: Collection[int]) -> Cells:
        try:
            frame = pd.read_csv(
                io.StringIO(text),
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
