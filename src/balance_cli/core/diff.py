"""Compare two assessments of the same county (two survey years), pure.

Per level and indicator the old and new CV and the change; the composite and the
verdicts; schools matched by (code, level), then by (name, level) for rows without a code
match; per matched school, the indicator values that changed, largest relative change
first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from balance_cli.model import Assessment


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Diff:
    old: Assessment
    new: Assessment
    levels: dict[str, LevelChange]
    schools_added: tuple[dict[str, str], ...]
    schools_removed: tuple[dict[str, str], ...]
    schools_changed: tuple[SchoolChange, ...]

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
        }


def _relative(old: float, new: float) -> float | None:
    return None if old == 0 else (new - old) / abs(old)


def _cv(a: Assessment, level: str, key: str) -> tuple[float | None, float | None]:
    lv = a.levels.get(level)
    if lv is None or key not in lv.indicators:
        return None, None
    return lv.indicators[key].cv, lv.indicators[key].mean


def _schools(a: Assessment) -> list[dict[str, Any]]:
    tbl, res = a.schools.table, a.schools
    keys = [lv.key for lv in a.rules.levels]
    values = {k: v.tolist() for k, v in res.values.items()}
    return [
        {
            "code": str(tbl.codes[i]),
            "name": str(tbl.names[i]),
            "level": keys[tbl.level[i]],
            "values": {k: v[i] for k, v in values.items()},
        }
        for i in range(len(tbl))
    ]


def diff(old: Assessment, new: Assessment, min_relative: float = 1e-9) -> Diff:
    """``new`` against ``old`` (same rules: the caller checks). A school value counts as
    changed when it moved by more than ``min_relative`` of its old value."""
    keys = [ind.key for ind in new.rules.indicators]
    levels: dict[str, LevelChange] = {}
    for lv in new.rules.levels:
        if lv.key not in old.levels and lv.key not in new.levels:
            continue
        changes = {}
        for key in keys:
            old_cv, old_mean = _cv(old, lv.key, key)
            new_cv, new_mean = _cv(new, lv.key, key)
            changes[key] = IndicatorChange(key, old_cv, new_cv, old_mean, new_mean)
        o, n = old.levels.get(lv.key), new.levels.get(lv.key)
        levels[lv.key] = LevelChange(
            lv.key,
            changes,
            o.composite_cv if o else None,
            n.composite_cv if n else None,
            o.passed if o else None,
            n.passed if n else None,
            o.schools if o else 0,
            n.schools if n else 0,
        )

    old_rows, new_rows = _schools(old), _schools(new)
    by_code = {(r["code"], r["level"]): r for r in old_rows if r["code"]}
    by_name = {(r["name"], r["level"]): r for r in old_rows if r["name"]}
    matched_old: set[int] = set()
    added, changed = [], []
    for row in new_rows:
        match, how = by_code.get((row["code"], row["level"])), "code"
        if match is None or id(match) in matched_old:
            match, how = by_name.get((row["name"], row["level"])), "name"
        if match is None or id(match) in matched_old:
            added.append({"code": row["code"], "name": row["name"], "level": row["level"]})
            continue
        matched_old.add(id(match))
        moved = {}
        for key in keys:
            o, n = match["values"].get(key), row["values"].get(key)
            if o is None or n is None:
                continue
            if abs(n - o) > min_relative * max(abs(o), 1e-300):
                moved[key] = (o, n)
        if moved:
            ordered = sorted(
                moved.items(),
                key=lambda kv: -abs(_relative(*kv[1]) or math.inf),
            )
            changed.append(SchoolChange(row["code"], row["name"], row["level"], how, dict(ordered)))
    removed = [
        {"code": r["code"], "name": r["name"], "level": r["level"]}
        for r in old_rows
        if id(r) not in matched_old
    ]
    changed.sort(key=lambda s: -abs(_relative(*next(iter(s.changes.values()))) or math.inf))
    return Diff(old, new, levels, tuple(added), tuple(removed), tuple(changed))
