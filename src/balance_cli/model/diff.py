"""The result of ``balance diff``: two assessments of one county and what changed."""

from __future__ import annotations

from typing import Any

from balance_cli.model.results import Assessment
from balance_cli.record import record


def _relative(old: float, new: float) -> float | None:
    return None if old == 0 else (new - old) / abs(old)


@record
class IndicatorChange:
    key: str
    old_cv: float | None
    new_cv: float | None
    old_mean: float | None
    new_mean: float | None

    @property
    def delta(self) -> float | None:
        if self.old_cv is None or self.new_cv is None:
            return None
        return self.new_cv - self.old_cv

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_cv": self.old_cv,
            "new_cv": self.new_cv,
            "delta": self.delta,
            "better": None if self.delta is None else self.delta < 0,
            "old_mean": self.old_mean,
            "new_mean": self.new_mean,
        }


@record
class LevelChange:
    level: str
    indicators: dict[str, IndicatorChange]
    old_composite: float | None
    new_composite: float | None
    old_passed: bool | None
    new_passed: bool | None
    old_schools: int
    new_schools: int

    def to_dict(self) -> dict[str, Any]:
        delta = None
        if self.old_composite is not None and self.new_composite is not None:
            delta = self.new_composite - self.old_composite
        return {
            "indicators": {k: v.to_dict() for k, v in self.indicators.items()},
            "old_composite_cv": self.old_composite,
            "new_composite_cv": self.new_composite,
            "composite_delta": delta,
            "old_passed": self.old_passed,
            "new_passed": self.new_passed,
            "old_schools": self.old_schools,
            "new_schools": self.new_schools,
        }


@record
class SchoolChange:
    code: str
    name: str
    level: str
    matched_by: str  # "code" | "name"
    changes: dict[str, tuple[float, float]]  # indicator → (old, new), largest change first

    def largest(self) -> tuple[str, float, float] | None:
        if not self.changes:
            return None
        key, (old, new) = next(iter(self.changes.items()))
        return key, old, new

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "matched_by": self.matched_by,
            "changes": {
                k: {"old": o, "new": n, "delta": n - o, "relative": _relative(o, n)}
                for k, (o, n) in self.changes.items()
            },
        }


@record
class CriterionChange:
    """An item whose status differs between the two years (e.g. failed → passed)."""

    key: str
    part: str | None
    old_status: str | None  # None: the item was not in the old assessment
    new_status: str | None
    old_value: float | None
    new_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "part": self.part,
            "old_status": self.old_status,
            "new_status": self.new_status,
            "old_value": self.old_value,
            "new_value": self.new_value,
        }


@record
class Diff:
    old: Assessment
    new: Assessment
    levels: dict[str, LevelChange]
    schools_added: tuple[dict[str, str], ...]
    schools_removed: tuple[dict[str, str], ...]
    schools_changed: tuple[SchoolChange, ...]
    criteria_changed: tuple[CriterionChange, ...] = ()  # items that changed status

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.file,
            "new": self.new.file,
            "rules": self.new.rules.id,
            "old_passed": self.old.passed,
            "new_passed": self.new.passed,
            "levels": {k: v.to_dict() for k, v in self.levels.items()},
            "schools_added": [s["code"] or s["name"] for s in self.schools_added],
            "schools_removed": [s["code"] or s["name"] for s in self.schools_removed],
            "schools_added_detail": list(self.schools_added),
            "schools_removed_detail": list(self.schools_removed),
            "schools_changed": [s.to_dict() for s in self.schools_changed],
            "criteria_changed": [c.to_dict() for c in self.criteria_changed],
        }
