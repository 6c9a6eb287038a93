"""The per-school standards: each school's value on a standard's measure, its limit from
its level, the fallback measures (the largest class → the average class), and the
school's verdict under the rules' pass rule. Pure, like the rest of ``core``.

- a standard whose columns the workbook lacks (for every one of its measures) is not
  checked (``standard_not_checked``): never a failure;
- a standard with ``only_if_positive`` (e.g. boarders) applies only to the schools whose
  column is > 0;
- a school whose denominator is 0 (e.g. 0 classes) is not checked (``standard_undefined``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import Rules, SchoolResults, SchoolTable, Standard, StandardCheck

# A value exactly at a limit meets it; this relative slack absorbs float rounding only
# (e.g. 4.5 m² computed as 450 / 100 · … = 4.499999999999999).
_REL_TOL = 1e-9


def check_standards(
    table: SchoolTable,
    rules: Rules,
    level: np.ndarray,
    values: dict[str, np.ndarray],
    warnings: list[Problem],
) -> tuple[SchoolResults, tuple[StandardCheck, ...]]:
    """Every school against every standard the workbook has the columns of: the values,
    limits and failures per standard, each school's verdict under the rules' pass rule
    (all standards, or "at least k, the others within a fraction"), and one check per
    standard (checked with the measure used, or not checked). Warnings are appended."""
    n = len(table)
    std_values: dict[str, np.ndarray] = {}
    std_limits: dict[str, np.ndarray] = {}
    std_failed: dict[str, np.ndarray] = {}
    checks: list[StandardCheck] = []
    misses = np.zeros(n, dtype=np.int64)  # standards missed, per school
    far_misses = np.zeros(n, dtype=bool)  # a miss below the tolerated fraction
    for rule_st in rules.standards:
        st = rule_st.for_columns(table.values)
        if st is None:
            missing = rule_st.missing(table.values)
            warnings.append(
                Problem(
                    "standard_not_checked",
                    {
                        "column": "、".join(rules.column(c).name for c in missing),
                        "standard": rule_st.name,
                        "standard_en": rule_st.name_en,
                    },
                    severity="warning",
                )
            )
            checks.append(StandardCheck(rule_st.key, "not_checked", rule_st, missing))
            continue
        limits = school_limits(st, rules, level)
        value, on_fallback = _measured(rule_st, st, table, rules, warnings)
        checked = ~np.isnan(limits)
        if table.in_standards is not None:
            checked &= table.in_standards
        if st.only_if_positive is not None:
            applies = table.values[st.only_if_positive] > 0
            checked &= applies
            value = np.where(applies, value, np.nan)
        undefined = checked & np.isnan(value)
        for i in np.flatnonzero(undefined):
            warnings.append(
                Problem(
                    "standard_undefined",
                    {
                        "school": table.label(i),
                        "column": rules.column(st.denominator or st.numerator).name,
                        "column_en": rules.column(st.denominator or st.numerator).name_en,
                        "standard": st.name,
                        "standard_en": st.name_en,
                    },
                    file=table.file,
                    sheet=table.sheets[i] or None,
                    row=int(table.rows[i]),
                    severity="warning",
                )
            )
        slack = _REL_TOL * np.abs(limits)
        fraction = rules.school_pass.others_min_fraction
        with np.errstate(invalid="ignore", divide="ignore"):
            if st.bound == "min":
                failed = checked & ~undefined & (value < limits - slack)
                near = value >= fraction * limits - slack
            else:
                failed = checked & ~undefined & (value > limits + slack)
                near = value <= limits / fraction + slack
        std_values[st.key] = value
        std_limits[st.key] = limits
        std_failed[st.key] = failed
        misses += failed
        far_misses |= failed & ~near
        checks.append(
            StandardCheck(
                st.key,
                "checked",
                st,
                schools_checked=int((checked & ~undefined).sum()),
                schools_failed=int(failed.sum()),
                schools_on_fallback=on_fallback,
            )
        )
    if rules.school_pass.rule == "at_least":
        allowed = len(rules.standards) - rules.school_pass.at_least
        passed = (misses <= allowed) & ~far_misses
    else:
        passed = misses == 0
    results = SchoolResults(
        table=table,
        values=values,
        standard_values=std_values,
        standard_limits=std_limits,
        standard_failed=std_failed,
        passed=passed,
    )
    return results, tuple(checks)


def _measured(
    rule_st: Standard, st: Standard, table: SchoolTable, rules: Rules, warnings: list[Problem]
) -> tuple[np.ndarray, int]:
    """Each school's value on measure ``st`` of ``rule_st``, and how many schools were
    measured by a later one: for a standard with several measures, a school whose value is
    0 or undefined (e.g. a blank 最大班额 cell) is measured by the next measure the workbook
    has the columns of (the average class); with none left its value is undefined."""
    value = standard_values(st, table.values)
    if not rule_st.fallback:
        return value, 0
    measures = (rule_st, *rule_st.fallback)
    later = [
        m for m in measures[measures.index(st) + 1 :] if all(c in table.values for c in m.columns)
    ]
    with np.errstate(invalid="ignore"):
        missing = ~(value > 0)
    on_fallback = 0
    for m in later:
        if not missing.any():
            break
        other = standard_values(m, table.values)
        with np.errstate(invalid="ignore"):
            take = missing & (other > 0)
        if take.any():
            idx = np.flatnonzero(take)
            warnings.append(
                Problem(
                    "standard_fallback",
                    {
                        "count": len(idx),
                        "column": rules.column(st.numerator).name,
                        "column_en": rules.column(st.numerator).name_en,
                        "standard": st.name,
                        "standard_en": st.name_en,
                        "fallback": m.name,
                        "fallback_en": m.name_en,
                        "schools": "、".join(table.label(i) for i in idx[:3].tolist()),
                    },
                    file=table.file,
                    severity="warning",
                )
            )
        value = np.where(take, other, value)
        missing &= ~take
        on_fallback += int(take.sum())
    return np.where(missing, np.nan, value), on_fallback


def standard_values(st: Standard, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Each school's value of one measure: scale × numerator / denominator (NaN where the
    denominator is 0), or scale × numerator when the measure has no denominator."""
    num = columns[st.numerator]
    if st.denominator is None:
        return st.scale * num
    den = columns[st.denominator]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, st.scale * num / np.where(den > 0, den, 1.0), np.nan)


def school_limits(st: Standard, rules: Rules, level: np.ndarray) -> np.ndarray:
    """Each school's limit for a standard, from its level (NaN where the level has none)."""
    by_level = st.min or st.max
    per_level = np.array([by_level.get(lv.key, np.nan) for lv in rules.levels], dtype=np.float64)
    return per_level[level.astype(np.intp)] if len(level) else np.empty(0)
