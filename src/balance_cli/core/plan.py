"""The cheapest plan that passes, with a proven lower bound on any plan's cost.

Pure functions on plain data. A plan only adds resources (no school loses anything,
enrolments never change). Its objective is the total cost Σ price(column) × units added,
at the prices given (``--prices``) or at an example price table; an addition to a subset
column (a qualified teacher) is one hire, priced once, and raises its parent column
(专任教师) too.

a. *Standards.* Under the rule "all", every school below a per-school threshold gets
   exactly what it lacks (forced: a minimum raises the numerator to limit × denominator /
   scale, a maximum raises the denominator; whole units round up). Under "at least m of
   K, the others at ≥ f of their limit" (national-2017), each failing school takes its
   cheapest way to pass: every missed standard fixed except the ones whose fixing saves
   most, which are raised to the f-floor only; schools that pass get nothing.
b. *Balance* on the data of (a), per level (:mod:`balance_cli.core.optimise`): "each"
   brings every CV to its target with exact per-indicator curves; "composite" allocates
   the CV reductions between indicators by dynamic programming on exact curves.

The lower bound adds (a)'s forced part to the balance bound computed from the data every
plan must reach first (under "at least" the f-floors), or (a)'s exact cost, whichever
is larger; the gap is (cost − bound) / cost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import field, replace

import numpy as np

from balance_cli.core import optimise
from balance_cli.core.assess import assess
from balance_cli.core.cost_curves import ContinuousCurve, WholeCurve, cv_of
from balance_cli.core.explain import contributions  # noqa: F401  (its old home)
from balance_cli.core.plan_standards import _apply_needs, _floored_values, _Ledger, _standards
from balance_cli.errors import Problem
from balance_cli.model import Rules, SchoolTable
from balance_cli.model.plan import Addition, Plan
from balance_cli.record import record

# Plans aim this far below each CV limit so that float rounding never fails them.
_AIM = 1e-11
_BUDGET_STEPS = 14  # bisection steps on the common CV ratio of a budget plan


# ------------------------------------------------------------------ single indicator


def water_level(p: np.ndarray, x: np.ndarray, target: float) -> float:
    """The smallest L with CV(max(x, L)) ≤ target (x.min() when x already meets it)."""
    return float(ContinuousCurve(p, x * p, 1.0).levels(np.array([target]))[0])


def fill_to(
    p: np.ndarray, q: np.ndarray, scale: float, target: float, countable: bool
) -> np.ndarray:
    """The least additions to quantities ``q`` that bring the CV of scale·q/p to ``target``.

    Continuous: water-filling. Whole units: the exact integer optimum (fewest units).
    """
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    if cv_of(p, scale * q / p) <= target:
        return np.zeros(len(p))
    if countable:
        return WholeCurve(p, q, scale, target).fill(target)
    return ContinuousCurve(p, q, scale).fill(target)


def composite_targets_from_top(cvs: Mapping[str, float], reduction: float) -> dict[str, float]:
    """Lower the highest CVs to a common value c, with Σ max(0, cv − c) = reduction."""
    ordered = sorted(cvs.values(), reverse=True)
    total, c = 0.0, 0.0
    for k, cv in enumerate(ordered):
        nxt = ordered[k + 1] if k + 1 < len(ordered) else 0.0
        if total + (k + 1) * (cv - nxt) >= reduction:
            c = cv - (reduction - total) / (k + 1)
            break
        total += (k + 1) * (cv - nxt)
    return {key: max(0.0, c) for key, cv in cvs.items() if cv > c}


# ------------------------------------------------------------------ ledger


# ------------------------------------------------------------------ balance


def _items(rules: Rules, price) -> list[optimise.Item]:
    by_column = {ind.column: ind.key for ind in rules.indicators}
    out = []
    for ind in rules.indicators:
        col = rules.column(ind.column)
        parent = by_column.get(col.subset_of) if col.subset_of else None
        out.append(
            optimise.Item(ind.key, ind.column, ind.scale, col.countable, price(ind.column), parent)
        )
    return out


def _level_groups(table: SchoolTable, li: int) -> np.ndarray:
    in_balance = np.ones(len(table), bool) if table.in_balance is None else table.in_balance
    return np.flatnonzero((table.level == li) & in_balance)


@record(frozen=False)
class _Balance:
    additions: list[tuple[str, np.ndarray, np.ndarray, str]] = field(default_factory=list)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)
    cost: float = 0.0
    lower_bound: float = 0.0
    feasible: bool = True
    ratio: float = 1.0  # of the CV targets to the limits (a budget plan's lowest)


def _balance(
    table: SchoolTable,
    rules: Rules,
    values: Mapping[str, np.ndarray],
    price,
    target_of,
    grid: int,
) -> _Balance:
    """The balance additions of every level (not yet applied), their cost and bound."""
    out = _Balance()
    items = _items(rules, price)
    for li, lv in enumerate(rules.levels):
        limit = rules.balance.limits.get(lv.key)
        idx = _level_groups(table, li)
        if limit is None or len(idx) < 2:
            continue
        target = max(0.0, target_of(lv.key, limit))
        aim = max(0.0, target - _AIM)
        p = values["students"][idx]
        sub = {it.column: values[it.column][idx] for it in items}
        if any(sub[it.column].sum() <= 0 for it in items):
            out.feasible = False  # a mean of 0: the CV is undefined, nothing to plan on
            continue
        if rules.balance.test == "each":
            res = optimise.each(p, sub, items, aim)
        else:
            res = optimise.composite(p, sub, items, aim, grid)
            if res is None:
                out.feasible = False
                continue
            if res.targets:
                res.targets = {**res.targets, "composite": target}
        keys = {it.column: it.key for it in items}
        for column, amounts in res.adds.items():
            out.additions.append((column, amounts, idx, keys[column]))
        if res.targets and rules.balance.test == "each":
            out.targets[lv.key] = dict.fromkeys(res.targets, target)
        elif res.targets:
            out.targets[lv.key] = res.targets
        out.cost += res.cost
        out.lower_bound += res.lower_bound
    return out


# ------------------------------------------------------------------ the plan


def make_plan(
    table: SchoolTable,
    rules: Rules,
    margin: float = 0.0,
    prices: Mapping[str, float] | None = None,
    inputs: Mapping[str, float | None] | None = None,
    budget: float | None = None,
    objective: str | None = None,
    grid: int = optimise.GRID,
    notes: Sequence[Problem] = (),
) -> Plan:
    """The cheapest additions that pass the standards and the balance test.

    ``prices``: 元 per unit of each column (a column without one costs 1); ``objective``
    says where they come from ("cost": given; "example_cost": the example table; without
    prices the objective is "units", every unit costing 1). ``budget`` (元): the lowest
    CVs reachable for at most that cost instead.
    """
    table_prices = dict(prices or {})

    def price(column: str) -> float:
        return float(table_prices.get(column, 1.0))

    before = assess(table, rules, inputs)
    notes = list(notes)
    ledger = _Ledger(table.values, rules, price)
    per_school, chosen = _standards(table, rules, ledger, before.schools.passed, notes)
    standards_cost = sum(
        price(col) * amount for give in per_school.values() for (col, _), amount in give.items()
    )  # an upper estimate (standards sharing a column share their additions)
    if budget is not None and standards_cost > budget:
        # the budget does not cover the standards: the schools that pass most cheaply first
        order = sorted(
            per_school, key=lambda i: sum(price(c) * a for (c, _), a in per_school[i].items())
        )
        spent, kept = 0.0, set()
        for i in order:
            c = sum(price(col) * a for (col, _), a in per_school[i].items())
            if spent + c > budget:
                break
            spent += c
            kept.add(i)
        mask = np.zeros(len(table), bool)
        mask[list(kept)] = True
        chosen = {k: np.where(mask, v, 0.0) for k, v in chosen.items()}
        notes.append(
            Problem(
                "plan_budget_standards",
                {
                    "budget": _money(budget),
                    "needed": _money(standards_cost),
                    "schools": len(kept),
                    "failing": len(per_school),
                },
                severity="note",
            )
        )
        _apply_needs(ledger, chosen)
        return _finish(
            table,
            rules,
            ledger,
            before,
            inputs,
            {},
            notes,
            margin,
            prices,
            objective,
            budget,
            ledger.cost,
            None,  # a partial plan: nothing to bound
        )
    _apply_needs(ledger, chosen)
    if rules.quality is not None:  # high-quality balance: the music/art rooms it lacks
        from balance_cli.core.quality_plan import room_needs

        for column, amounts, item in room_needs(table, rules):
            ledger.add(column, amounts, np.arange(len(table)), "quality", item)
    standards_cost = ledger.cost
    floored = _floored_values(table, rules, price)

    def target_at(ratio: float):
        return lambda _level, limit: ratio * (limit - margin)

    if budget is None:
        bal = _balance(table, rules, ledger.values, price, target_at(1.0), grid)
    else:
        bal = _best_within(
            table, rules, ledger.values, price, target_at, budget - ledger.cost, grid
        )
    bound_bal = bal.lower_bound
    if floored is not None:  # at least m of K: bound the balance from the floors
        values, floor_cost = floored
        lb_bal = _balance(table, rules, values, price, target_at(bal.ratio), grid)
        bound = floor_cost + max(standards_cost - floor_cost, lb_bal.lower_bound)
    else:
        bound = standards_cost + bound_bal
    for column, amounts, idx, key in bal.additions:
        nz = amounts > 0
        ledger.add(column, amounts[nz], idx[nz], "balance", key)
    if not bal.feasible:
        bound = None
    return _finish(
        table,
        rules,
        ledger,
        before,
        inputs,
        bal.targets,
        notes,
        margin,
        prices,
        objective,
        budget,
        ledger.cost,
        bound,
    )


def _best_within(table, rules, values, price, target_at, money: float, grid: int) -> _Balance:
    """The lowest common ratio of the CV targets to their limits affordable with ``money``."""
    grid = min(grid, 500)
    low, high = 0.0, 0.0
    for li, lv in enumerate(rules.levels):  # the ratio at which nothing is needed
        limit = rules.balance.limits.get(lv.key)
        idx = _level_groups(table, li)
        if limit is None or len(idx) < 2:
            continue
        p = values["students"][idx]
        cvs = [cv_of(p, i.scale * values[i.column][idx] / p) for i in rules.indicators]
        now = max(cvs) if rules.balance.test == "each" else math.fsum(cvs) / len(cvs)
        base = target_at(1.0)(lv.key, limit)
        if base > 0:
            high = max(high, now / base)
    best = _balance(table, rules, values, price, target_at(high), grid)
    best.ratio = high
    for _ in range(_BUDGET_STEPS):
        mid = (low + high) / 2
        res = _balance(table, rules, values, price, target_at(mid), grid)
        if res.feasible and res.cost <= money:
            best, high = res, mid
            best.ratio = mid
        else:
            low = mid
    return best


def _finish(
    table,
    rules,
    ledger,
    before,
    inputs,
    targets,
    notes,
    margin,
    prices,
    objective,
    budget,
    cost,
    bound,
) -> Plan:
    after_table = replace(table, values=ledger.values)
    if table.all_rows is not None:  # the quality items read every row: carry the additions
        from balance_cli.core.quality_plan import carry_to_all_rows

        after_table = replace(after_table, all_rows=carry_to_all_rows(table, ledger.values))
    after = assess(after_table, rules, inputs)
    gap = None
    if bound is not None:
        bound = min(bound, cost)
        gap = (cost - bound) / cost if cost > 0 else 0.0
    return Plan(
        before,
        after,
        after_table,
        _merge_additions(ledger.additions),
        targets,
        tuple(notes),
        cost=cost,
        lower_bound=bound,
        gap=gap,
        objective=objective or ("cost" if prices else "units"),
        budget=budget,
        margin=margin,
        prices=dict(prices) if prices else None,
    )


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _merge_additions(additions: list[Addition]) -> tuple[Addition, ...]:
    """One line per school, column, reason and cause."""
    merged: dict[tuple[int, str, str, str], float] = {}
    for a in additions:
        key = (a.index, a.column, a.reason, a.because)
        merged[key] = merged.get(key, 0.0) + a.amount
    return tuple(
        Addition(i, column, amount, reason, because)
        for (i, column, reason, because), amount in sorted(merged.items())
    )
