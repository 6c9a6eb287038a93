"""Write a copy of a survey file with a plan's additions applied (``plan --apply-to``).

Same sheets, same headers, same rows: only the cells of the resources the plan adds to
change, each to (the school's own value + the addition) in the file's unit (万元 stays
万元). Teaching points merged into a school leave their own rows untouched: the
addition goes to the school's row. .xlsx/.xlsm keep their formatting (openpyxl); CSV
keeps its encoding and separator.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from balance_cli.errors import Problem, UsageError
from balance_cli.model.plan import Plan
from balance_cli.workbook.read import detect_encoding, detect_separator


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


def check_target(source: Path, out: Path) -> None:
    """Refuse, before any work, an input/output pair that cannot be written."""
    suffix, out_suffix = source.suffix.lower(), out.suffix.lower()
    same_kind = (suffix in (".xlsx", ".xlsm") and out_suffix in (".xlsx", ".xlsm")) or (
        suffix == ".csv" and out_suffix == ".csv"
    )
    if not same_kind:
        raise UsageError(Problem("apply_unsupported", file=str(out)))
    if out.exists() and out.resolve() == source.resolve():
        raise UsageError(Problem("file_exists", file=str(out)))


def write_applied(plan: Plan, source: Path, out: Path) -> None:
    check_target(source, out)
    if source.suffix.lower() == ".csv":
        _apply_csv(plan, source, out)
    else:
        _apply_xlsx(plan, source, out)


def _apply_xlsx(plan: Plan, source: Path, out: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    for (sheet, row, column), value in _new_cells(plan).items():
        wb[sheet].cell(row=row, column=column + 1).value = value
    wb.save(out)


def _apply_csv(plan: Plan, source: Path, out: Path) -> None:
    data = source.read_bytes()
    encoding = detect_encoding(data) or "utf-8"  # the file was read, so it decodes
    text = data.decode(encoding)
    sep = detect_separator(text)
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    for (_sheet, row, column), value in _new_cells(plan).items():
        cells = rows[row - 1]
        cells += [""] * (column + 1 - len(cells))
        cells[column] = repr(value) if not float(value).is_integer() else str(int(value))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    out.write_bytes(buffer.getvalue().encode(encoding))
