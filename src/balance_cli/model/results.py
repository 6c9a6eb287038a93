"""The results of an assessment: per indicator, per level, per school, per criterion.

Per-school data stay columnar (numpy arrays) so that a province of 200,000 schools costs
arrays, not 200,000 Python objects; ``to_dict()`` gives the stable JSON shape.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from balance_cli.errors import Problem
from balance_cli.model.rules import Rules, Standard
from balance_cli.model.standards import StandardCheck
from balance_cli.model.table import Exclusion, SchoolTable
from balance_cli.record import record

if TYPE_CHECKING:
    import numpy as np

    from balance_cli.model.quality import SchoolMiss


def __getattr__(name: str) -> Any:  # the 2017 type lives with the other 2017 types
    if name == "SchoolMiss":
        from balance_cli.model.quality import SchoolMiss

        return SchoolMiss
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@record
class IndicatorResult:
    """One indicator's student-weighted mean, SD and CV in a level."""

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


@record
class LevelResult:
    """A level's balance: its indicators, composite CV and verdict."""

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


@record
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


@record
class CriterionResult:
    """One criterion (or 2017 quality item) of the verdict and its status."""

    key: str  # "standards" | "balance" | an input criterion key | a quality item key
    status: str  # "passed" | "failed" | "not_supplied" | "not_checked"
    value: float | None = None
    limit: float | None = None
    part: str | None = None  # resources | government | quality | recognition | precondition
    schools: tuple[str, ...] = ()  # codes (else names) of the schools that miss the item
    # Only for the items of a rules' `quality` section:
    item: int | None = None  # its number within the part
    bound: str | None = None  # "min" | "max" | "below" (value < limit)
    misses: tuple[SchoolMiss, ...] = ()
    note: str | None = None  # e.g. "area_average": room areas checked on the average

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "key": self.key,
            "status": self.status,
            "value": self.value,
            "limit": self.limit,
            "part": self.part,
            "schools": list(self.schools),
        }
        if self.item is not None:
            d["item"] = self.item
            d["bound"] = self.bound
            d["misses"] = [m.to_dict() for m in self.misses]
            d["note"] = self.note
        return d


@record(eq=False)
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


@record(eq=False)
class Assessment:
    """The result of assessing one file: criteria, levels, schools and warnings."""

    file: str
    rules: Rules
    passed: bool
    criteria: tuple[CriterionResult, ...]
    levels: dict[str, LevelResult]
    schools: SchoolResults
    excluded: tuple[Exclusion, ...] = ()
    standards: tuple[StandardCheck, ...] = ()  # each standard of the rules: checked or not
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    # The items of the rules' `quality` section (high-quality balance, parts 2–4 and the
    # precondition), after ``criteria`` in the JSON ``criteria`` list.
    quality: tuple[CriterionResult, ...] = ()

    @property
    def all_criteria(self) -> tuple[CriterionResult, ...]:
        return (*self.criteria, *self.quality)

    @property
    def not_supplied(self) -> list[str]:
        return [c.key for c in self.all_criteria if c.status == "not_supplied"]

    @property
    def not_checked(self) -> list[str]:
        return [c.key for c in self.all_criteria if c.status == "not_checked"]

    def indicator_statuses(self) -> list[dict[str, str]]:
        """The indicators of a high-quality assessment (32 for 教督〔2017〕6号), each with
        its part and status. An indicator of several items (e.g. 就近入学 primary and
        junior) fails when one fails; one of the resources fails when its CV misses the
        limit or a failing school misses its minimum. The precondition is not counted."""
        q = self.rules.quality
        if q is None:
            return []
        out = []
        for part in q.parts:
            if part.criteria:
                for ind in self.rules.indicators:
                    out.append(
                        {"part": part.key, "indicator": ind.key, "status": self._resource(ind.key)}
                    )
                continue
            if not part.indicators:
                continue
            groups: dict[int | None, list[str]] = {}
            for c in self.quality:
                if c.part == part.key:
                    groups.setdefault(c.item, []).append(c.status)
            for item, statuses in groups.items():
                out.append(
                    {"part": part.key, "indicator": str(item), "status": _combined(statuses)}
                )
        return out

    def _resource(self, key: str) -> str:
        cv_failed = any(
            lv.indicators[key].passed is False
            for lv in self.levels.values()
            if key in lv.indicators
        )
        failed = self.schools.standard_failed.get(key)
        school_failed = failed is not None and bool((failed & ~self.schools.passed).any())
        return "failed" if cv_failed or school_failed or not self.levels else "passed"

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
            "not_checked": self.not_checked,
            "criteria": [c.to_dict() for c in self.all_criteria],
            **({"indicators": _counts(self.indicator_statuses())} if self.rules.quality else {}),
            "levels": {k: v.to_dict() for k, v in self.levels.items()},
            "schools": self.school_records(lang) if schools else [],
            "excluded": [e.to_dict(lang) for e in self.excluded],
            "warnings": [w.to_dict(lang) for w in self.warnings],
            "standards": [s.to_dict() for s in self.standards],
            "standards_checked": self.standards_checked,
            "standards_not_checked": self.standards_not_checked,
        }


def _combined(statuses: list[str]) -> str:
    """One status for an indicator made of several items."""
    for status in ("failed", "not_supplied", "not_checked"):
        if status in statuses:
            return status
    return "passed"


def _counts(indicators: list[dict[str, str]]) -> dict[str, Any]:
    counts: dict[str, Any] = {"total": len(indicators)}
    for status in ("passed", "failed", "not_supplied", "not_checked"):
        counts[status] = sum(1 for i in indicators if i["status"] == status)
    counts["list"] = indicators
    return counts
