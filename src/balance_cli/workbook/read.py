"""Read the raw cells of a survey file: per sheet, its first rows and then its body.

Spreadsheets (.xlsx/.xlsm/.xls/.ods) go through pandas with the calamine engine (formulas
come back as their cached values). CSV is decoded as UTF-8 (with or without BOM) or
GB18030 (a superset of GBK, what Excel writes on Chinese Windows), comma or tab separated.

The header is looked for in :attr:`RawSheet.head`; :meth:`RawSheet.body` then gives the
rows below it. For CSV the body is parsed a second time by pandas' C parser once the text
columns are known, so that number columns arrive as numbers (the fast path) and only
columns holding text are left as objects. Row ``i`` of a body is Excel/line row ``i + 1``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from balance_cli.errors import Problem, WorkbookError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
HEAD_ROWS = 15


@dataclass(frozen=True, eq=False)
class RawSheet:
    name: str | None  # None for CSV
    head: list[list[Any]]  # the first HEAD_ROWS rows, where the header is looked for
    _body: Callable[[int, Collection[int]], pd.DataFrame]

    def body(self, start: int, text_columns: Collection[int]) -> pd.DataFrame:
        """The rows from raw index ``start`` on, indexed by raw row (Excel row − 1)."""
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


def _frame_sheet(name: str | None, frame: pd.DataFrame) -> RawSheet:
    head = frame.head(HEAD_ROWS).to_numpy(dtype=object).tolist()
    return RawSheet(name, head, lambda start, _text: frame.iloc[start:])


def _read_spreadsheet(path: Path, sheets: tuple[str, ...]) -> list[RawSheet]:
    file = str(path)
    try:
        # keep_default_na=False: "n/a", "NULL", "-" stay text, so they are located and
        # reported instead of silently becoming blanks.
        frames = pd.read_excel(
            path,
            sheet_name=list(sheets) or None,
            header=None,
            dtype=object,
            engine="calamine",
            keep_default_na=False,
            na_values=[],
        )
    except (ValueError, KeyError) as exc:
        if sheets and "not found" in str(exc).lower():
            names = _sheet_names(path)
            missing = [s for s in sheets if s not in names]
            raise WorkbookError(
                [
                    Problem(
                        "sheet_not_found", {"sheet": s, "available": "、".join(names)}, file=file
                    )
                    for s in missing
                ]
                or Problem("file_unreadable", {"detail": str(exc)}, file=file)
            ) from None
        raise WorkbookError(_unreadable(file, exc)) from None
    except Exception as exc:  # calamine raises its own types for corrupt files
        raise WorkbookError(_unreadable(file, exc)) from None
    return [_frame_sheet(str(name), frame) for name, frame in frames.items()]


def _sheet_names(path: Path) -> list[str]:
    try:
        from python_calamine import CalamineWorkbook

        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:
        return []


def _unreadable(file: str, exc: BaseException) -> Problem:
    detail = f"{type(exc).__name__}: {exc}".strip().replace("\n", " ")
    return Problem("file_unreadable", {"detail": detail[:200]}, file=file)


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM or not), else GB18030; None when neither decodes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path: Path) -> RawSheet:
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(_unreadable(file, exc)) from None
    text = decode_text(data)
    if text is None:
        raise WorkbookError(Problem("csv_encoding", file=file))
    lines = text[:65536].splitlines()[:200]
    sep = "\t" if sum(ln.count("\t") for ln in lines) > sum(ln.count(",") for ln in lines) else ","
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

    def by_csv_module() -> pd.DataFrame:
        """For rows wider than the first 200 lines said: the csv module sizes every row."""
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        return pd.DataFrame(rows, dtype=object)

    try:
        head_frame = pd.read_csv(io.StringIO(text), nrows=HEAD_ROWS, dtype=object, **common)
    except Exception:
        return _frame_sheet(None, by_csv_module())

    def body(start: int, text_columns: Collection[int]) -> pd.DataFrame:
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                skiprows=start,
                dtype={c: object for c in text_columns},
                na_values=[""],
                **common,
            )
        except Exception:
            return by_csv_module().iloc[start:]
        frame.index = frame.index + start
        return frame

    head = head_frame.replace({"": None}).to_numpy(dtype=object).tolist()
    return RawSheet(None, head, body)
