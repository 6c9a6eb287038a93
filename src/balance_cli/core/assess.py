"""The assessment: indicators, CVs, composites, per-school standards and the verdict.

``assess`` takes a :class:`SchoolTable` (plain arrays) and :class:`Rules` and returns an
:class:`Assessment`. Edge cases, decided here and reported as warnings:

- a level without schools is not assessed (``level_absent``);
- a level with one school has every CV = 0 (``single_school``);
- an indicator whose county mean is 0 has an undefined CV (``mean_zero``): the composite
  is then undefined too and that level does not pass;
- a standard whose columns the workbook lacks (for every one of its measures) is not
  checked (``standard_not_checked``): never a failure; the assessment lists each standard
  as checked (with the measure used, e.g. the largest or the average class) or not;
- a standard with ``only_if_positive`` (e.g. boarders) applies only to the schools whose
  column is > 0: the others are neither checked nor warned about;
- a school whose denominator for a standard is 0 (e.g. 0 classes) is not checked for it
  (``standard_undefined``).
Students must be positive: the loader rejects anything else before the core runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from balance_cli.core.cv import GroupStats, indicator_values, weighted_cv
from balance_cli.core.standards import check_standards, school_limits
from balance_cli.errors import Problem
from balance_cli.model import (
    Assessment,
    CriterionResult,
    IndicatorResult,
    LevelResult,
    Rules,
    SchoolResults,
    SchoolTable,
)

__all__ = ["assess", "composite_cv", "school_limits"]  # school_limits: also the plan's


def assess(
    table: SchoolTable,
    rules: Rules,
    inputs: Mapping[str, float | None] | None = None,
) -> Assessment:
    """Assess one county. ``inputs`` holds the non-data criteria (gov_score, satisfaction)."""
    students = table.values["students"]
    if len(table) and not np.all(students > 0):
        raise ValueError("students must be positive (the loader guarantees it)")
    n_levels = len(rules.levels)
    level = table.level.astype(np.intp)
    # Schools left out of the CVs by the scope rules go to an extra group that is ignored.
    cv_group = level if table.in_balance is None else np.where(table.in_balance, level, n_levels)
    counts = np.bincount(cv_group, minlength=n_levels + 1)[:n_levels]
    level_students = np.bincount(cv_group, weights=students, minlength=n_levels + 1)[:n_levels]
    warnings: list[Problem] = list(table.warnings)

    values: dict[str, np.ndarray] = {}
    stats: dict[str, GroupStats] = {}
    for ind in rules.indicators:
        quantity = table.values[ind.column]
        values[ind.key] = indicator_values(quantity, students, ind.scale)
        stats[ind.key] = weighted_cv(cv_group, n_levels + 1, students, quantity, ind.scale)
    warnings += _plausibility_warnings(table, rules, values)

    school_results, standard_checks = check_standards(table, rules, level, values, warnings)
    failing_by_level = np.bincount(level[~school_results.passed], minlength=n_levels)

    levels: dict[str, LevelResult] = {}
    for li, lv in enumerate(rules.levels):
        if counts[li] == 0:
            warnings.append(
                Problem(
                    "level_absent", {"level": lv.name, "level_en": lv.name_en}, severity="warning"
                )
            )
            continue
        if counts[li] == 1:
            warnings.append(
                Problem(
                    "single_school", {"level": lv.name, "level_en": lv.name_en}, severity="warning"
                )
            )
        levels[lv.key] = _level_result(
            rules,
            li,
            (int(counts[li]), float(level_students[li]), int(failing_by_level[li])),
            stats,
            warnings,
        )

    given = {k: v for k, v in (inputs or {}).items() if v is not None}
    criteria = _criteria(rules, levels, school_results, {**table.inputs, **given})
    quality: list[CriterionResult] = []
    if rules.quality is not None:  # high-quality balance: parts 2–4 (core/quality.py)
        from balance_cli.core.quality import assess_quality

        criteria, quality, more = assess_quality(
            table, rules, criteria, {**table.inputs, **given}, school_results.passed
        )
        warnings += more
    passed = bool(levels) and all(
        c.status in ("passed", "not_supplied", "not_checked") for c in (*criteria, *quality)
    )
    return Assessment(
        file=table.file,
        rules=rules,
        passed=passed,
        criteria=tuple(criteria),
        levels=levels,
        schools=school_results,
        standards=standard_checks,
        excluded=table.excluded,
        warnings=tuple(warnings),
        quality=tuple(quality),
    )


def composite_cv(cvs: list[float | None]) -> float | None:
    """综合差异系数: the arithmetic mean of a level's indicator CVs; None if any is undefined."""
    if not cvs or any(c is None for c in cvs):
        return None
    return math.fsum(cvs) / len(cvs)  # type: ignore[arg-type]


def _level_result(
    rules: Rules,
    li: int,
    sizes: tuple[int, float, int],
    stats: Mapping[str, GroupStats],
    warnings: list[Problem],
) -> LevelResult:
    lv = rules.levels[li]
    n_schools, n_students, n_failing = sizes
    limit = rules.balance.limits.get(lv.key)
    each = rules.balance.test == "each"
    indicators: dict[str, IndicatorResult] = {}
    for ind in rules.indicators:
        st = stats[ind.key]
        mean, sd, cv = float(st.mean[li]), float(st.sd[li]), float(st.cv[li])
        cv_or_none = None if np.isnan(cv) else cv
        if cv_or_none is None:
            warnings.append(
                Problem(
                    "mean_zero",
                    {
                        "level": lv.name,
                        "level_en": lv.name_en,
                        "indicator": ind.name,
                        "indicator_en": ind.name_en,
                    },
                    severity="warning",
                )
            )
        ind_passed = None
        if each and limit is not None:
            ind_passed = cv_or_none is not None and cv_or_none <= limit
        indicators[ind.key] = IndicatorResult(
            ind.key, mean, sd, cv_or_none, limit if each else None, ind_passed
        )
    composite = composite_cv([r.cv for r in indicators.values()])
    if limit is None:
        passed = True
    elif each:
        passed = all(r.passed for r in indicators.values())
    else:
        passed = composite is not None and composite <= limit
    return LevelResult(
        level=lv.key,
        schools=n_schools,
        students=n_students,
        indicators=indicators,
        composite_cv=composite,
        composite_max=None if each else limit,
        passed=passed,
        schools_failing_standards=n_failing,
    )


def _plausibility_warnings(
    table: SchoolTable, rules: Rules, values: Mapping[str, np.ndarray]
) -> list[Problem]:
    out = []
    for ind in rules.indicators:
        low = -np.inf if ind.plausible_min is None else ind.plausible_min
        high = np.inf if ind.plausible_max is None else ind.plausible_max
        v = values[ind.key]
        for i in np.flatnonzero((v < low) | (v > high)):
            out.append(
                Problem(
                    "implausible_value",
                    {
                        "school": table.label(i),
                        "indicator": ind.name,
                        "indicator_en": ind.name_en,
                        "value": _fmt(float(v[i])),
                        "low": _fmt(low),
                        "high": _fmt(high),
                    },
                    file=table.file,
                    sheet=table.sheets[i] or None,
                    row=int(table.rows[i]),
                    column=rules.column(ind.column).name,
                    severity="warning",
                )
            )
    return out


def _criteria(
    rules: Rules,
    levels: Mapping[str, LevelResult],
    schools: SchoolResults,
    inputs: Mapping[str, float | None],
) -> list[CriterionResult]:
    failing = int((~schools.passed).sum())
    out = [
        CriterionResult("standards", "passed" if failing == 0 else "failed", float(failing), 0.0),
        CriterionResult(
            "balance",
            "passed" if levels and all(lv.passed for lv in levels.values()) else "failed",
        ),
    ]
    for crit in rules.criteria:
        value = inputs.get(crit.key)
        if value is None:
            out.append(CriterionResult(crit.key, "not_supplied", None, crit.min))
        else:
            status = "passed" if value >= crit.min else "failed"
            out.append(CriterionResult(crit.key, status, float(value), crit.min))
    return out


def _fmt(x: float) -> str:
    return f"{x:g}"
