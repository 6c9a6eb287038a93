"""The results of an assessment: per indicator, per level, per school, per criterion.

Per-school data stay columnar (numpy arrays) so that a province of 200,000 schools costs
arrays, not 200,000 Python objects; ``to_dict()`` gives the stable JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from balance_cli.errors import Problem
from balance_cli.model.rules import Rules, Standard
from balance_cli.model.standards import StandardCheck
from balance_cli.model.table import Exclusion, SchoolTable

if TYPE_CHECKING:
    import numpy as np


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
    standards: tuple[StandardCheck, ...] = ()  # each standard of the rules: checked or not
    warnings: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def not_supplied(self) -> list[str]:
        return [c.key for c in self.criteria if c.status == "not_supplied"]

    @property
    def standards_checked(self) -> list[str]:
        return [s.key for s in self.standards if s.checked]

    @property
    def standards_not_checked(self) -> list[str]:
        return [s.key for s in self.standards if not s.checked]

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
            "standards": [s.to_dict() for s in self.standards],
            "standards_checked": self.standards_checked,
            "standards_not_checked": self.standards_not_checked,
        }
