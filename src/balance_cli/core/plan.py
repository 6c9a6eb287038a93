"""Where to act: each school's share of the imbalance, and the cheapest plan that passes.

Pure functions on plain data. A plan only adds resources (no school loses anything,
enrolments never change) in two steps:

a. *Standards first.* Every school below a per-school threshold gets what it lacks: for a
   minimum, the numerator (books, m², 元 …) is raised to ``limit × denominator / scale``;
   for a maximum (e.g. class size), the denominator (classes) is raised.
b. *Then balance.* On the data of step (a), every indicator whose CV is above its target
   (the limit minus ``margin``) is brought to the target by *water-filling*: the schools
   below a common level L are raised to L, with L the smallest level whose CV meets the
   target (the CV of ``max(X, L)`` never increases with L, so L is found by bisection).
   For a composite test, the CVs to lower and their targets are chosen either from the
   top (the highest CVs lowered to a common value, by default) or, with prices, by the
   cheapest total cost (greedy on the marginal cost per 0.001 of CV).

Countable resources (books, computers, teachers …) are rounded up to whole units. A column
that is a subset of another (qualified teachers ⊂ 专任教师) adds to its parent too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from balance_cli.core.assess import assess, school_limits
from balance_cli.core.cv import weighted_cv
from balance_cli.core.explain import contributions  # noqa: F401  (its old home)
from balance_cli.model import Indicator, Rules, SchoolTable
from balance_cli.model.plan import Addition, Plan

CV_STEP = 0.001  # granularity of the price-driven composite plan
_BISECT_STEPS = 100


# ------------------------------------------------------------------ water-filling


def cv_of(p: np.ndarray, x: np.ndarray) -> float:
    """Weighted CV of values ``x`` with weights ``p`` (one group)."""
    stats = weighted_cv(np.zeros(len(p), dtype=np.intp), 1, p, x * p, 1.0)
    cv = float(stats.cv[0])
    return 0.0 if math.isnan(cv) else cv


def water_level(p: np.ndarray, x: np.ndarray, target: float) -> float:
    """The smallest L with CV(max(x, L)) ≤ target (x itself when it already meets it)."""
    low, high = float(x.min()), float(x.max())
    if cv_of(p, x) <= target or high <= 0:
        return low
    for _ in range(_BISECT_STEPS):
        mid = (low + high) / 2
        if cv_of(p, np.maximum(x, mid)) <= target:
            high = mid
        else:
            low = mid
        if high - low <= 1e-12 * max(1.0, high):
            break
    return high


def fill_to(
    p: np.ndarray, q: np.ndarray, scale: float, target: float, countable: bool
) -> np.ndarray:
    """Additions to quantities ``q`` that bring the CV of scale·q/p to ``target`` or below.

    Continuous resources: the water level itself. Countable ones: whole units, the level
    raised from one rounding breakpoint to the next (each step gives some school one
    more unit) until the rounded values meet the target; as the level grows every value
    stays within one unit above it, so the CV falls towards 0 and the scan ends.
    """
    x = scale * q / p
    level = water_level(p, x, target)
    add = np.maximum(0.0, level * p / scale - q)
    if not countable:
        return add
    add = np.ceil(add - 1e-9)
    for _ in range(100 * len(p) + 100):
        if cv_of(p, scale * (q + add) / p) <= target + 1e-12:
            break
        # the next level at which some school's rounded quantity grows by one unit
        level = float(np.min(scale * (q + add) / p)) * (1.0 + 1e-12) + 1e-15
        add = np.maximum(add, np.ceil(np.maximum(0.0, level * p / scale - q) - 1e-9))
    return add


# ------------------------------------------------------------------ the plan


class _Ledger:
    """Values being planned, and the additions made to them."""

    def __init__(self, table: SchoolTable, rules: Rules) -> None:
        self.values = {k: v.copy() for k, v in table.values.items()}
        self.rules = rules
        self.additions: list[Addition] = []

    def add(self, column: str, amounts: np.ndarray, idx: np.ndarray, reason: str, why: str):
        col = self.rules.column(column)
        for i, amount in zip(idx.tolist(), amounts.tolist(), strict=True):
            if amount <= 0:
                continue
            self.values[column][i] += amount
            self.additions.append(Addition(i, column, amount, reason, why))
            if col.subset_of and col.subset_of in self.values:
                self.values[col.subset_of][i] += amount
                self.additions.append(Addition(i, col.subset_of, amount, "subset", column))


def _standards_step(table: SchoolTable, rules: Rules, ledger: _Ledger, notes: list[str]) -> None:
    in_std = np.ones(len(table), bool) if table.in_standards is None else table.in_standards
    for st in rules.standards:
        if st.numerator not in ledger.values or st.denominator not in ledger.values:
            continue
        bound = "min" if st.min else "max"
        limits = school_limits(st, rules, table.level)
        num, den = ledger.values[st.numerator], ledger.values[st.denominator]
        if bound == "min":
            if st.numerator == "students":
                notes.append(f"standard {st.key}: cannot be met by additions (enrolments)")
                continue
            need = limits * den / st.scale - num
            column = st.numerator
        else:
            if st.denominator == "students":
                notes.append(f"standard {st.key}: cannot be met by additions (enrolments)")
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                need = st.scale * num / limits - den
            column = st.denominator
        need = np.where(np.isnan(limits) | ~in_std, 0.0, need)
        need = np.where(need > 1e-9 * np.maximum(1.0, np.abs(num)), need, 0.0)
        if rules.column(column).countable:
            need = np.ceil(need - 1e-9)
        idx = np.flatnonzero(need > 0)
        ledger.add(column, need[idx], idx, "standard", st.key)


def _level_groups(table: SchoolTable, li: int) -> np.ndarray:
    in_balance = np.ones(len(table), bool) if table.in_balance is None else table.in_balance
    return np.flatnonzero((table.level == li) & in_balance)


def _indicator_cv(ledger: _Ledger, idx: np.ndarray, ind_key: str) -> float:
    ind = next(i for i in ledger.rules.indicators if i.key == ind_key)
    p = ledger.values["students"][idx]
    return cv_of(p, ind.scale * ledger.values[ind.column][idx] / p)


def _fill(ledger: _Ledger, idx: np.ndarray, ind_key: str, target: float) -> None:
    ind = next(i for i in ledger.rules.indicators if i.key == ind_key)
    p = ledger.values["students"][idx]
    q = ledger.values[ind.column][idx]
    add = fill_to(p, q, ind.scale, target, ledger.rules.column(ind.column).countable)
    nz = add > 0
    ledger.add(ind.column, add[nz], idx[nz], "balance", ind.key)


def _cost_to(ledger: _Ledger, idx: np.ndarray, ind_key: str, target: float, price: float):
    ind = next(i for i in ledger.rules.indicators if i.key == ind_key)
    p = ledger.values["students"][idx]
    q = ledger.values[ind.column][idx]
    add = fill_to(p, q, ind.scale, target, ledger.rules.column(ind.column).countable)
    return price * float(add.sum())


def composite_targets_from_top(cvs: Mapping[str, float], reduction: float) -> dict[str, float]:
    """Lower the highest CVs to a common value c, with Σ max(0, cv − c) = reduction."""
    ordered = sorted(cvs.values(), reverse=True)
    total, c = 0.0, 0.0
    for k, cv in enumerate(ordered):
        nxt = ordered[k + 1] if k + 1 < len(ordered) else 0.0
        # lowering the top k+1 CVs from cv down to nxt would reduce by (k+1)(cv − nxt)
        if total + (k + 1) * (cv - nxt) >= reduction:
            c = cv - (reduction - total) / (k + 1)
            break
        total += (k + 1) * (cv - nxt)
    return {key: max(0.0, c) for key, cv in cvs.items() if cv > c}


def _composite_targets_by_price(
    ledger: _Ledger,
    idx: np.ndarray,
    cvs: dict[str, float],
    reduction: float,
    prices: Mapping[str, float],
) -> dict[str, float]:
    targets = dict(cvs)
    costs = {k: 0.0 for k in cvs}
    done = 0.0
    while done < reduction - 1e-12:
        step = min(CV_STEP, reduction - done)
        best, best_rate, best_cost = None, math.inf, 0.0
        for key, current in targets.items():
            if current - step < 0:
                continue
            ind = next(i for i in ledger.rules.indicators if i.key == key)
            cost = _cost_to(ledger, idx, key, current - step, prices.get(ind.column, 1.0))
            rate = (cost - costs[key]) / step
            if rate < best_rate:
                best, best_rate, best_cost = key, rate, cost
        if best is None:
            break
        targets[best] -= step
        costs[best] = best_cost
        done += step
    return {k: t for k, t in targets.items() if t < cvs[k] - 1e-15}


def _subsets_first(rules: Rules) -> list[Indicator]:
    """Indicators whose column is a subset of another (qualified teachers ⊂ 专任教师) come
    first: their additions raise the parent column, which its own indicator then sees."""
    return sorted(rules.indicators, key=lambda ind: rules.column(ind.column).subset_of is None)


def _balance_step(
    table: SchoolTable,
    rules: Rules,
    ledger: _Ledger,
    margin: float,
    prices: Mapping[str, float] | None,
) -> dict[str, dict[str, float]]:
    chosen: dict[str, dict[str, float]] = {}
    for li, lv in enumerate(rules.levels):
        limit = rules.balance.limits.get(lv.key)
        idx = _level_groups(table, li)
        if limit is None or len(idx) < 2:
            continue
        target = max(0.0, limit - margin)
        cvs = {ind.key: _indicator_cv(ledger, idx, ind.key) for ind in _subsets_first(rules)}
        if rules.balance.test == "each":
            targets = {k: target for k, cv in cvs.items() if cv > target}
        else:
            composite = math.fsum(cvs.values()) / len(cvs)
            if composite <= target:
                continue
            reduction = (composite - target) * len(cvs)
            if prices:
                targets = _composite_targets_by_price(ledger, idx, cvs, reduction, prices)
            else:
                targets = composite_targets_from_top(cvs, reduction)
            chosen.setdefault(lv.key, {})["composite"] = target
        for key, t in targets.items():
            _fill(ledger, idx, key, t)
        chosen.setdefault(lv.key, {}).update(targets)
    return chosen


def make_plan(
    table: SchoolTable,
    rules: Rules,
    margin: float = 0.0,
    prices: Mapping[str, float] | None = None,
    inputs: Mapping[str, float | None] | None = None,
    rounds: int = 50,
) -> Plan:
    """The additions that bring every school to the standards and the CVs to target."""
    before = assess(table, rules, inputs)
    ledger = _Ledger(table, rules)
    notes: list[str] = []
    _standards_step(table, rules, ledger, notes)
    if rules.quality is not None:  # high-quality balance: the music/art rooms it lacks
        from balance_cli.core.quality_plan import room_needs

        for column, amounts, item in room_needs(table, rules):
            ledger.add(column, amounts, np.arange(len(table)), "quality", item)
    targets: dict[str, dict[str, float]] = {}
    # Subset columns move their parents (e.g. teachers), which moves other indicators
    # (lowering the CV of teachers with titles can raise that of the teacher ratio): repeat
    # until nothing more is needed. The remaining gap shrinks each round.
    for _ in range(rounds):
        count = len(ledger.additions)
        for level, t in _balance_step(table, rules, ledger, margin, prices).items():
            targets.setdefault(level, {}).update(t)
        if len(ledger.additions) == count:
            break
    after_table = replace(table, values=ledger.values)
    if table.all_rows is not None:  # the quality items read every row: carry the additions
        from balance_cli.core.quality_plan import carry_to_all_rows

        after_table = replace(after_table, all_rows=carry_to_all_rows(table, ledger.values))
    after = assess(after_table, rules, inputs)
    merged = _merge_additions(ledger.additions)
    return Plan(before, after, after_table, merged, targets, tuple(notes))


def _merge_additions(additions: list[Addition]) -> tuple[Addition, ...]:
    """One line per school, column, reason and cause (rounds may add twice)."""
    merged: dict[tuple[int, str, str, str], float] = {}
    for a in additions:
        key = (a.index, a.column, a.reason, a.because)
        merged[key] = merged.get(key, 0.0) + a.amount
    return tuple(
        Addition(i, column, amount, reason, because)
        for (i, column, reason, because), amount in sorted(merged.items())
    )
