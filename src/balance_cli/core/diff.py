"""Compare two assessments of the same county (two survey years), pure.

Per level and indicator the old and new CV and the change; the composite and the
verdicts; schools matched by (code, level), then by (name, level) for rows without a code
match; per matched school, the indicator values that changed, largest relative change
first.
"""

from __future__ import annotations

import math
from typing import Any

from balance_cli.model import Assessment
from balance_cli.model.diff import (
    CriterionChange,
    Diff,
    IndicatorChange,
    LevelChange,
    SchoolChange,
    _relative,
)


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
    return Diff(
        old, new, levels, tuple(added), tuple(removed), tuple(changed), criteria_changes(old, new)
    )


def criteria_changes(old: Assessment, new: Assessment) -> tuple[CriterionChange, ...]:
    """The criteria and items (high-quality balance: all of them) whose status changed."""
    before = {c.key: c for c in old.all_criteria}
    out = []
    for c in new.all_criteria:
        o = before.pop(c.key, None)
        if o is None or o.status != c.status:
            out.append(
                CriterionChange(
                    c.key,
                    c.part,
                    o.status if o else None,
                    c.status,
                    o.value if o else None,
                    c.value,
                )
            )
    for o in before.values():
        out.append(CriterionChange(o.key, o.part, o.status, None, o.value, None))
    return tuple(out)
