"""A 班级 sheet: one row per class (school code or name, 学段, students of the class).

When the rules' ``quality.class_sheets`` name a sheet of the workbook, each school row's
largest class (``max_class_size``) is taken from it, unless the school sheet has that
column already. A class row that names no school of the survey, or a number that is not
one, is an error with its sheet and row.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import Rules, SchoolTable
from balance_cli.workbook.cells import clean_number_text
from balance_cli.workbook.headers import normalise

_HEADER_ROWS = 10


def is_class_sheet(name: str | None, rules: Rules) -> bool:
    if not name or rules.quality is None:
        return False
    return normalise(name) in {normalise(s) for s in rules.quality.class_sheets}


def _header(rows: list[list[Any]], rules: Rules) -> tuple[int, dict[str, int]] | None:
    assert rules.quality is not None
    wanted: dict[str, str] = {}
    for key in ("code", "name", "level"):
        col = rules.column(key)
        for text in (col.key, col.name, col.name_en, *col.aliases):
            wanted.setdefault(normalise(text), key)
    for text in rules.quality.class_students:
        wanted.setdefault(normalise(text), "students")
    for r, row in enumerate(rows[:_HEADER_ROWS]):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            key = wanted.get(normalise(cell))
            if key is not None:
                found.setdefault(key, j)
        if "students" in found and ("code" in found or "name" in found):
            return r, found
    return None


def largest_classes(
    rows: list[list[Any]], table: SchoolTable, rules: Rules, sheet: str, errors: list[Problem]
) -> np.ndarray | None:
    """Per school row of ``table``: its largest class (0 when the sheet lists none)."""
    where = {"file": table.file, "sheet": sheet}
    found = _header(rows, rules)
    if found is None:
        errors.append(Problem("class_sheet_header", **where))
        return None
    head, cols = found
    levels = {}
    for i, lv in enumerate(rules.levels):
        for text in (lv.key, lv.name, lv.name_en, *lv.aliases):
            levels.setdefault(normalise(text), i)
    by_ident: dict[str, list[int]] = {}
    for i in range(len(table)):
        for ident in (table.codes[i], table.names[i]):
            if ident:
                by_ident.setdefault(normalise(ident), []).append(i)
    largest = np.zeros(len(table))
    for r in range(head + 1, len(rows)):
        row = rows[r]

        def cell(key: str, row: list[Any] = row) -> Any:
            j = cols.get(key)
            return row[j] if j is not None and j < len(row) else ""

        ident = cell("code") or cell("name")
        if not str(ident).strip():
            continue
        text = clean_number_text(cell("students"))
        try:
            students = float(text)
        except ValueError:
            errors.append(
                Problem("not_a_number", {"value": str(cell("students"))}, row=r + 1, **where)
            )
            continue
        ident = str(ident).strip()
        if isinstance(cell("code"), float) and float(cell("code")).is_integer():
            ident = str(int(cell("code")))
        matches = by_ident.get(normalise(ident), [])
        level = levels.get(normalise(cell("level"))) if "level" in cols else None
        if level is not None:
            matches = [i for i in matches if table.level[i] == level]
        if len(matches) != 1:
            errors.append(Problem("class_school_unknown", {"school": ident}, row=r + 1, **where))
            continue
        largest[matches[0]] = max(largest[matches[0]], students)
    return largest
