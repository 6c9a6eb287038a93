"""Read the raw cells of a survey file: one DataFrame of objects per sheet, no header.

Spreadsheets (.xlsx/.xlsm/.xls/.ods) go through pandas with the calamine engine (formulas
come back as their cached values). CSV is decoded as UTF-8 (with or without BOM) or
GB18030 (a superset of GBK, what Excel writes on Chinese Windows), comma or tab separated.
Row ``i`` of a returned frame is Excel row ``i + 1``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from balance_cli.errors import Problem, WorkbookError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".tsv", ".txt")


@dataclass(frozen=True, eq=False)
class RawSheet:
    name: str | None  # None for CSV
    cells: pd.DataFrame


def read_raw(path: Path, sheets: tuple[str, ...] = ()) -> list[RawSheet]:
    """All sheets of ``path`` (or only ``sheets``), as raw cells."""
    file = str(path)
    if not path.is_file():
        raise WorkbookError(Problem("file_not_found", file=file))
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(path, sheets)
    if suffix in (".csv", ".tsv", ".txt"):
        return [RawSheet(None, _read_csv(path))]
    raise WorkbookError(Problem("file_type_unknown", {"suffix": path.suffix}, file=file))


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
                        "sheet_not_found",
                        {"sheet": s, "available": "、".join(names)},
                        file=file,
                    )
                    for s in missing
                ]
                or Problem("file_unreadable", {"detail": str(exc)}, file=file)
            ) from None
        raise WorkbookError(_unreadable(file, exc)) from None
    except Exception as exc:  # calamine raises its own types for corrupt files
        raise WorkbookError(_unreadable(file, exc)) from None
    return [RawSheet(str(name), frame) for name, frame in frames.items()]


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


def _read_csv(path: Path) -> pd.DataFrame:
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
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=range(width),
            dtype=object,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except Exception:  # a later row wider than the first 200: let the csv module size it
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        return pd.DataFrame(rows, dtype=object)
