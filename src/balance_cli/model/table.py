"""The school table (one survey file, columnar) and the rows left out of it."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from balance_cli.errors import Problem
from balance_cli.record import record

if TYPE_CHECKING:  # numpy is imported by the layers that compute, never by `--help`
    import numpy as np


@record
class Exclusion:
    """A row of the input that is not counted as a school, with the reason."""

    reason: str  # a message kind, e.g. "totals_row"
    file: str
    sheet: str | None
    row: int
    code: str
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    # What the row is left out of: a totals row of everything; a private school, as the
    # rules say, of the standards check only (it then still counts in the CVs).
    left_out_of: tuple[str, ...] = ("balance", "standards")

    def message(self, lang: str = "zh") -> str:
        from balance_cli.messages import render_message

        return render_message(self.reason, self.params, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "code": self.code,
            "name": self.name,
            "reason": self.reason,
            "left_out_of": list(self.left_out_of),
            "message": self.message(lang),
        }


@record(eq=False)
class SchoolTable:
    """The schools of one survey file, columnar. ``level`` holds indices into rules.levels.

    ``values`` maps a column key to a float64 array (NaN never occurs: blanks are 0 or an
    error by then). ``texts`` holds the optional text columns (学校类型, 办别, 所属学校 …).
    ``sheet`` and ``row`` locate each school in the file (Excel rows). ``in_balance`` and
    ``in_standards`` say whether a school counts in the CVs and in the standards check
    (None: every school does).
    """

    file: str
    codes: np.ndarray  # str objects
    names: np.ndarray  # str objects
    level: np.ndarray  # int8 index into rules.levels
    values: dict[str, np.ndarray]
    sheets: np.ndarray  # str objects
    rows: np.ndarray  # int64, Excel row number
    excluded: tuple[Exclusion, ...] = ()
    warnings: tuple[Problem, ...] = ()
    texts: dict[str, np.ndarray] = field(default_factory=dict)
    in_balance: np.ndarray | None = None
    in_standards: np.ndarray | None = None
    inputs: dict[str, float] = field(default_factory=dict)  # criteria read from a 县情 sheet
    # Where each value sits in the file, for writing a changed copy: sheet → column key →
    # (0-based column index, factor from the file's unit to the rules' unit).
    layout: dict[str, dict[str, tuple[int, float]]] = field(default_factory=dict)
    own_values: dict[str, np.ndarray] | None = None  # before teaching points were merged
    # Every school row before the scope rules (special-education schools, teaching points
    # included), kept when the rules have school items of the high-quality assessment.
    all_rows: SchoolTable | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def label(self, i: int) -> str:
        """A school as people name it: 名称（标识码）, or whichever of the two is known."""
        name, code = self.names[i], self.codes[i]
        return f"{name}（{code}）" if name and code else (name or code)
