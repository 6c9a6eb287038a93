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

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from balance_cli.errors import Problem, UsageError, WriteError
from balance_cli.model.plan import Plan
from balance_cli.render.safe_write import Target, check_target, write_atomically
from balance_cli.render.xlsx_patch import (
    calc_chain,
    copy_package,
    full_calc_on_load,
    patch_sheet,
    read_text,
    sheet_parts,
    stale_formulas,
    without_calc_chain,
)
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
        raise WriteError(Problem("apply_encoding", {"encoding": encoding}, file=str(target.path)))
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


# --- xlsx / xlsm (render/xlsx_patch.py does the XML) ----------------------------------


def _apply_xlsx(plan: Plan, source: Path, target: Target) -> list[Problem]:
    by_sheet: dict[str, dict[tuple[int, int], str]] = {}
    for (sheet, row, column), value in _new_cells(plan).items():
        by_sheet.setdefault(sheet, {})[(row, column)] = _number_text(value)
    out = str(target.path)
    with zipfile.ZipFile(source) as archive:
        try:
            workbook, parts = sheet_parts(archive)
            patched: dict[str, bytes] = {}
            replaced: list[str] = []
            stale: list[str] = []
            for sheet, changes in by_sheet.items():
                xml = read_text(archive, parts[sheet])
                new_xml, formulas = patch_sheet(xml, changes)
                patched[parts[sheet]] = new_xml.encode("utf-8")
                replaced += [f"{sheet}!{ref}" for ref in formulas]
                stale += [f"{sheet}!{ref}" for ref in stale_formulas(xml, sheet, changes)]
        except (KeyError, ValueError, UnicodeDecodeError) as exc:
            detail = f"{type(exc).__name__}: {exc}"[:200]
            problem = Problem("apply_xlsx_unpatchable", {"detail": detail}, file=out)
            raise WriteError(problem) from None
        if stale:  # Excel, WPS and LibreOffice recompute on opening
            xml = read_text(archive, workbook)
            patched[workbook] = full_calc_on_load(xml).encode("utf-8")
        drop = calc_chain(archive, workbook) if replaced else None
        if drop is not None:  # its entries would name cells that no longer hold formulas
            for part, text in without_calc_chain(archive, workbook, drop).items():
                patched[part] = text.encode("utf-8")
        write_atomically(target, lambda fh: copy_package(archive, fh, patched, drop))
    if not stale:
        return []
    shown = "、".join(stale[:MAX_STALE_SHOWN]) + ("…" if len(stale) > MAX_STALE_SHOWN else "")
    return [
        Problem(
            "apply_stale_formulas",
            {"count": len(stale), "cells": shown},
            file=out,
            severity="warning",
        )
    ]
