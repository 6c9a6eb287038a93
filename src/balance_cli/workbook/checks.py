"""Located checks of a sheet's school rows, and the problems collected for the whole file.

Every bad number cell (not a number, ambiguous separators, an error value, too large,
negative, a blank 在校生数) and every text too long for a cell is one located problem:
file, sheet, row and column (letter and header), with the cell as shown in the file.
"""

from __future__ import annotations

from dataclasses import field

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import Exclusion
from balance_cli.record import record
from balance_cli.workbook.cells import ERROR_CODES, Numbers
from balance_cli.workbook.headers import HeaderColumn, column_letter
from balance_cli.workbook.limits import MAX_CELL_CHARS, MAX_NUMBER, MAX_SHOWN_CHARS
from balance_cli.workbook.read import Cells


@record(frozen=False)
class Collected:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)


def check_text_lengths(columns: list, rows: np.ndarray, loc: dict, got: Collected) -> None:
    """Text longer than Excel allows in a cell cannot be a name: a located error."""
    for hc, texts in columns:
        cells = texts.tolist()
        if not cells or max(map(len, cells)) <= MAX_CELL_CHARS:
            continue
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        for i in np.flatnonzero(lengths > MAX_CELL_CHARS):
            length = {"length": int(lengths[i])}
            got.errors.append(
                Problem("text_too_long", length, row=int(rows[i]), column=col_ref(hc), **loc)
            )


def col_ref(hc: HeaderColumn) -> str:
    return f"{column_letter(hc.index)}({hc.header})"


def checked_numbers(
    hc: HeaderColumn,
    nums: Numbers,
    keep: np.ndarray,
    raw: Cells,
    rows: np.ndarray,
    loc: dict,
    got: Collected,
    special: dict[tuple[int, int], str] | None = None,
) -> np.ndarray:
    """The column's values in its rules unit, with every bad cell of a kept row reported."""
    column = col_ref(hc)
    cells = raw.column(hc.index)
    bad, placeholder = nums.bad[keep].copy(), nums.placeholder[keep].copy()
    v = nums.values[keep] * hc.factor

    def problem(kind: str, i: int, severity: str = "error") -> Problem:
        value = shown(cells[i])
        return Problem(
            kind, {"value": value}, row=int(rows[i]), column=column, severity=severity, **loc
        )

    # Cells the reader returned blank that hold an error value or an unsaved formula.
    if special:
        for i in np.flatnonzero(placeholder):
            code = special.get((int(rows[i]) - 1, hc.index))
            if code is not None:
                placeholder[i] = False
                bad[i] = True
                kind = "formula_no_value" if code == "=" else "error_cell"
                got.errors.append(
                    Problem(kind, {"code": code}, row=int(rows[i]), column=column, **loc)
                )
    ambiguous = nums.ambiguous[keep] if nums.ambiguous is not None else np.zeros(len(v), bool)
    huge = nums.huge[keep] if nums.huge is not None else np.zeros(len(v), bool)
    for i in np.flatnonzero(bad):
        text = shown(cells[i]).strip()
        if text.upper() in ERROR_CODES:
            got.errors.append(
                Problem(
                    "error_cell", {"code": text.upper()}, row=int(rows[i]), column=column, **loc
                )
            )
        elif ambiguous[i]:
            got.errors.append(problem("ambiguous_number", i))
        elif huge[i]:
            got.errors.append(problem("number_too_large", i))
        else:
            got.errors.append(problem("not_a_number", i))
    if hc.factor != 1.0:  # a unit factor can push a value past what is safe to sum
        over = ~bad & (np.abs(v) > MAX_NUMBER)
        got.errors += [problem("number_too_large", i) for i in np.flatnonzero(over)]
        bad |= over
        v = np.where(over, 0.0, v)
    if hc.key == "students":
        got.errors += [problem("students_blank", i) for i in np.flatnonzero(placeholder)]
        got.errors += [
            problem("students_not_positive", i)
            for i in np.flatnonzero(~bad & ~placeholder & ~(v > 0))
        ]
    else:
        got.warnings += [
            problem("placeholder_zero", i, "warning") for i in np.flatnonzero(placeholder)
        ]
        got.errors += [problem("negative_value", i) for i in np.flatnonzero(v < 0)]
    return v


def shown(value: object) -> str:
    """A cell as shown in a message: never more than a few dozen characters of it."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = str(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "…"
