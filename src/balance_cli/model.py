"""Frozen dataclasses shared by every layer: the rules, the school table, the results.

Data flows one way: workbook → :class:`SchoolTable` → core → :class:`Assessment` → render.
Per-school data stay columnar (numpy arrays) so that a province of 200,000 schools costs
arrays, not 200,000 Python objects; ``to_dict()`` gives the stable JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from balance_cli.errors import Problem

if TYPE_CHECKING:  # numpy is imported by the layers that compute, never by `--help`
    import numpy as np

# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    name_en: str
    aliases: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    name_en: str
    type: str  # "text" | "level" | "number"
    unit: str | None
    aliases: tuple[str, ...]
    help: str = ""  # what the column holds and where it comes from (template 说明 sheet)
    countable: bool = False  # whole units (books, computers, teachers): plans round up
    subset_of: str | None = None  # e.g. qualified teachers are also 专任教师 (teachers)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    name_en: str
    column: str
    scale: float
    unit: str
    plausible_min: float | None = None
    plausible_max: float | None = None

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Standard:
    """A per-school threshold on ``scale × numerator / denominator``."""

    key: str
    name: str
    name_en: str
    numerator: str
    denominator: str
    scale: float
    unit: str
    min: dict[str, float]
    max: dict[str, float]
    source: str

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class BalanceTest:
    test: str  # "composite": mean of the CVs ≤ limit; "each": every CV ≤ limit
    limits: dict[str, float]
    source: str


@dataclass(frozen=True)
class InputCriterion:
    """A criterion that is an input of the assessment (expert score, survey result)."""

    key: str
    name: str
    name_en: str
    min: float
    unit: str
    source: str
    aliases: tuple[str, ...] = ()  # labels accepted in a 县情 sheet

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class SchoolPass:
    """When a school meets the standards: all of them, or at least ``at_least`` of them
    with each missed one at ``others_min_fraction`` of its limit or better."""

    rule: str = "all"  # "all" | "at_least"
    at_least: int = 0
    others_min_fraction: float = 1.0
    source: str = ""


@dataclass(frozen=True)
class ScopeRule:
    """Schools whose ``column`` holds one of ``values`` are left out of some computations."""

    key: str
    name: str
    name_en: str
    column: str
    values: tuple[str, ...]
    left_out_of: tuple[str, ...]  # "standards" and/or "balance"
    source: str
    students_below: float | None = None  # only schools with fewer students (e.g. 50)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class TeachingPoints:
    """How teaching points (教学点) are handled: merged into their parent school or left out."""

    column: str
    values: tuple[str, ...]
    action: str  # "merge" | "exclude"
    parent: str  # the column naming the parent school (code or name)
    source: str


@dataclass(frozen=True)
class Scope:
    teaching_points: TeachingPoints | None = None
    exclude: tuple[ScopeRule, ...] = ()


@dataclass(frozen=True)
class Rules:
    id: str
    name: str
    name_en: str
    source: str
    levels: tuple[Level, ...]
    columns: tuple[Column, ...]
    indicators: tuple[Indicator, ...]
    balance: BalanceTest
    standards: tuple[Standard, ...]
    criteria: tuple[InputCriterion, ...]
    scope: Scope = Scope()
    school_pass: SchoolPass = SchoolPass()
    inputs_sheets: tuple[str, ...] = ()
    notes_sheets: tuple[str, ...] = ()
    path: str | None = None

    def level(self, key: str) -> Level:
        return next(lv for lv in self.levels if lv.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    def needed_columns(self) -> tuple[str, ...]:
        """Numeric columns that every workbook must have (students + indicator columns)."""
        keys = ["students"] + [i.column for i in self.indicators]
        return tuple(dict.fromkeys(keys))


# ------------------------------------------------------------------------ school data


@dataclass(frozen=True)
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


@dataclass(frozen=True, eq=False)
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

    def __len__(self) -> int:
        return len(self.codes)

    def label(self, i: int) -> str:
        """A school as people name it: 名称（标识码）, or whichever of the two is known."""
        name, code = self.names[i], self.codes[i]
        return f"{name}（{code}）" if name and code else (name or code)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class IndicatorResult:
    key: str
    mean: float
    sd: float
    cv: float | None  # None when the county mean is 0
    max: float | None = None  # the limit, for an "each" balance test
    passed: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"mean": self.mean, "sd": self.sd, "cv": self.cv}
        if self.max is not None:
            d["max"] = self.max
            d["passed"] = self.passed
        return d


@dataclass(frozen=True)
class LevelResult:
    level: str
    schools: int
    students: float
    indicators: dict[str, IndicatorResult]
    composite_cv: float | None
    composite_max: float | None
    passed: bool
    schools_failing_standards: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "schools": self.schools,
            "students": self.students,
            "indicators": {k: v.to_dict() for k, v in self.indicators.items()},
            "composite_cv": self.composite_cv,
            "composite_max": self.composite_max,
            "passed": self.passed,
            "schools_failing_standards": self.schools_failing_standards,
        }


@dataclass(frozen=True)
class Shortfall:
    """A school that misses one per-school standard, and by how much."""

    standard: str
    value: float
    limit: float
    bound: str  # "min" | "max"
    tolerated: bool = False  # missed, but the school passes under an "at least k" rule

    @property
    def gap(self) -> float:
        """How far the value is on the wrong side of the limit (always > 0)."""
        return self.limit - self.value if self.bound == "min" else self.value - self.limit

    def to_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "value": self.value,
            "limit": self.limit,
            "bound": self.bound,
            "gap": self.gap,
            "tolerated": self.tolerated,
        }


@dataclass(frozen=True)
class CriterionResult:
    key: str  # "standards" | "balance" | an input criterion key
    status: str  # "passed" | "failed" | "not_supplied"
    value: float | None = None
    limit: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "value": self.value, "limit": self.limit}


@dataclass(frozen=True, eq=False)
class SchoolResults:
    """Per-school outcomes, columnar: indicator values and per-standard verdicts."""

    table: SchoolTable
    values: dict[str, np.ndarray]  # indicator key → per-school value
    standard_values: dict[str, np.ndarray]  # standard key → per-school value (NaN: unchecked)
    standard_limits: dict[str, np.ndarray]  # standard key → per-school limit (NaN: none)
    standard_failed: dict[str, np.ndarray]  # standard key → bool per school
    passed: np.ndarray  # bool per school

    def shortfalls(self, i: int, standards: tuple[Standard, ...]) -> list[Shortfall]:
        out = []
        for st in standards:
            failed = self.standard_failed.get(st.key)
            if failed is not None and failed[i]:
                bound = "min" if st.min else "max"
                out.append(
                    Shortfall(
                        st.key,
                        float(self.standard_values[st.key][i]),
                        float(self.standard_limits[st.key][i]),
                        bound,
                        bool(self.passed[i]),
                    )
                )
        return out

    def failing_indices(self) -> np.ndarray:
        import numpy as np

        return np.flatnonzero(~self.passed)

    def missed(self) -> np.ndarray:
        """Schools that miss at least one standard (passing or not)."""
        import numpy as np

        out = np.zeros(len(self.passed), dtype=bool)
        for failed in self.standard_failed.values():
            out |= failed
        return out


@dataclass(frozen=True, eq=False)
class Assessment:
    file: str
    rules: Rules
    passed: bool
    criteria: tuple[CriterionResult, ...]
    levels: dict[str, LevelResult]
    schools: SchoolResults
    excluded: tuple[Exclusion, ...] = ()
    warnings: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def not_supplied(self) -> list[str]:
        return [c.key for c in self.criteria if c.status == "not_supplied"]

    def school_records(self, lang: str = "en") -> list[dict[str, Any]]:
        res, tbl, rules = self.schools, self.schools.table, self.rules
        level_keys = [lv.key for lv in rules.levels]
        students = tbl.values["students"].tolist()
        values = {k: v.tolist() for k, v in res.values.items()}
        passed = res.passed.tolist()
        missed = res.missed().tolist()
        in_balance = [True] * len(tbl) if tbl.in_balance is None else tbl.in_balance.tolist()
        in_standards = [True] * len(tbl) if tbl.in_standards is None else tbl.in_standards.tolist()
        records = []
        for i in range(len(tbl)):
            records.append(
                {
                    "code": tbl.codes[i],
                    "name": tbl.names[i],
                    "level": level_keys[tbl.level[i]],
                    "sheet": tbl.sheets[i],
                    "row": int(tbl.rows[i]),
                    "students": students[i],
                    "values": {k: v[i] for k, v in values.items()},
                    "passed": passed[i],
                    "in_balance": in_balance[i],
                    "in_standards": in_standards[i],
                    "failed": [s.to_dict() for s in res.shortfalls(i, rules.standards)]
                    if missed[i]
                    else [],
                }
            )
        return records

    def to_dict(self, lang: str = "en", schools: bool = True) -> dict[str, Any]:
        """The JSON shape. ``schools=False`` leaves the (possibly huge) school list empty."""
        return {
            "file": self.file,
            "rules": self.rules.id,
            "passed": self.passed,
            "not_supplied": self.not_supplied,
            "criteria": [c.to_dict() for c in self.criteria],
            "levels": {k: v.to_dict() for k, v in self.levels.items()},
            "schools": self.school_records(lang) if schools else [],
            "excluded": [e.to_dict(lang) for e in self.excluded],
            "warnings": [w.to_dict(lang) for w in self.warnings],
        }
