"""The cheapest balance additions of one level, with a proven lower bound.

Pure numpy on plain arrays. The indicators of a level interact in two ways only:

* the *composite* test (Σ_k CV_k ≤ K·limit) couples them through one sum; with the exact
  per-indicator cost curves of :mod:`balance_cli.core.cost_curves`, allocating the CV
  reductions r_k (Σ r_k ≥ R = Σ CV_k − K·limit) is a multiple-choice knapsack, solved
  exactly on a grid of step h = R/N by dynamic programming (min-plus convolutions);
  a plan built on grid targets is feasible, and since every true optimum has reductions
  whose grid floors sum to at least N − K + 1, the same table read at N − K + 1 is a
  proven lower bound (the curves are non-decreasing in the reduction);
* *subset columns* (qualified or titled teachers are also 专任教师): an addition to a
  subset column raises its parent column, hence the parent indicator's CV. Plans fill the
  subsets first, then the parent on the data they leave (two rounds of the allocation,
  the cheaper plan kept). Bounds use the relaxation
  c_P·a_P + Σ c_S·a_S ≥ β·U + Σ (c_S − β)·a_S with U = a_P + Σ a_S the parent's total
  addition and 0 ≤ β ≤ min(c_P, c_S): each term is then bounded by one indicator's curve;
  the best of a few β is kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cached_property

import numpy as np

from balance_cli.core.cost_curves import curve, cv_of
from balance_cli.core.knapsack import BISECT, _backtrack, _dp
from balance_cli.core.plan_bounds import THETAS, bound_prices, joint_bound, relaxed_bound
from balance_cli.core.plan_polish import polish
from balance_cli.record import record

GRID = 300  # grid of the plan's DP (the Lagrangian choice is the other candidate)
COUPLING_SCAN = 8  # subset targets tried per subset column …
COUPLING_SCAN_SCHOOLS = 60  # … in levels of at most this many schools (time)
POLISH_UNITS = 40  # … and plans of at most this many whole units (time)
POLISH_SCHOOLS = 8  # the local pass on whole units runs in levels of at most this many (time)


@record
class Item:
    """One indicator of a level, as the optimiser sees it."""

    key: str
    column: str
    scale: float
    countable: bool
    price: float
    parent: str | None = None  # the indicator key of the parent column (subset columns)


@record(frozen=False)
class LevelPlan:
    adds: dict[str, np.ndarray]  # column → additions per school of the level (own column)
    targets: dict[str, float]  # indicator key → target CV
    cost: float
    lower_bound: float


def _grid_units(crv, cv0: float, h: float, n: int, lower: bool) -> np.ndarray:
    """Units needed for reductions 0, h, …, n·h of the CV (inf where impossible)."""
    j = np.arange(n + 1)
    t = cv0 - j * h
    ok = t >= -1e-15
    t = np.maximum(t, 0.0)
    fn = getattr(crv, "lower_units", crv.units) if lower else crv.units
    units = np.where(ok, fn(t), np.inf)
    units[0] = 0.0
    return np.maximum.accumulate(np.where(np.isnan(units), np.inf, units))


class _Level:
    def __init__(self, p: np.ndarray, values: dict[str, np.ndarray], items: Sequence[Item]):
        self.p = p
        self.values = values
        self.items = list(items)
        self.by_key = {it.key: it for it in self.items}
        self.children = {it.key: [c for c in self.items if c.parent == it.key] for it in self.items}
        self.countable = {it.column: it.countable for it in self.items}

    def q(self, item: Item, extra: np.ndarray | None = None) -> np.ndarray:
        return self.values[item.column] if extra is None else self.values[item.column] + extra

    def cv(self, item: Item, extra: np.ndarray | None = None) -> float:
        return cv_of(self.p, item.scale * self.q(item, extra) / self.p)

    def curve(self, item: Item, extra: np.ndarray | None = None, reach: float = 0.0):
        return curve(self.p, self.q(item, extra), item.scale, item.countable, reach)

    def curve_down(self, item: Item, extra: np.ndarray | None, drop: float):
        """A curve that covers reductions of the CV by up to ``drop``."""
        return self.curve(item, extra, max(0.0, self.cv(item, extra) - drop))

    def subset_extra(self, parent: Item, adds: dict[str, np.ndarray]) -> np.ndarray:
        extra = np.zeros(len(self.p))
        for child in self.children[parent.key]:
            extra += adds.get(child.column, 0.0)
        return extra


@record(eq=False)
class _Path:
    """Points of one indicator's curve: units rise, the CV falls (see cost_curves)."""

    units: np.ndarray
    cv: np.ndarray
    price: float
    cv0: float
    exact: bool = False  # every reachable point listed (whole units): nothing in between

    @cached_property
    def cost(self) -> np.ndarray:
        return self.price * self.units

    @cached_property
    def red(self) -> np.ndarray:
        return self.cv0 - self.cv


def _path(crv, price: float, reach: float, bound: bool) -> _Path:
    units, cvs = crv.bound_path(reach) if bound and hasattr(crv, "bound_path") else crv.path(reach)
    # the first point of each CV only: a plateau's later points cost more for nothing, and
    # the bounds read "reaching a CV below this point's needs at least its cost"
    first = np.concatenate([[True], np.diff(cvs) < 0])
    exact = bool(getattr(crv, "exact_path", lambda: False)())
    return _Path(units[first], cvs[first], price, float(cvs[0]), exact)


def _choose_lagrange(paths: Sequence[_Path], need: float) -> list[int] | None:
    """Points with Σ red ≥ need, from the Lagrangian: the least μ whose choices reach it."""

    def pick(mu: float) -> list[int]:
        out = []
        for ph in paths:
            v = ph.cost - mu * ph.red
            out.append(len(v) - 1 - int(np.argmin(v[::-1])))  # ties: the largest reduction
        return out

    def reached(js: list[int]) -> float:
        return sum(float(ph.red[j]) for ph, j in zip(paths, js, strict=True))

    hi = 1.0
    for _ in range(200):
        if reached(pick(hi)) >= need:
            break
        hi *= 4
    else:
        return None
    lo = 0.0
    for _ in range(BISECT):
        mid = 0.5 * (lo + hi)
        if reached(pick(mid)) >= need:
            hi = mid
        else:
            lo = mid
    js = pick(hi)
    # repair the overshoot: each indicator steps back as far as the sum allows
    for k, ph in enumerate(paths):
        spare = reached(js) - need
        if spare <= 0:
            break
        floor = float(ph.red[js[k]]) - spare
        js[k] = int(np.searchsorted(ph.red, floor - 1e-15, side="left"))
    return js


def _choose_dp(paths: Sequence[_Path], need: float, grid: int) -> list[int] | None:
    """Points with Σ red ≥ need on a grid of the reductions (exact on that grid)."""
    h = need / grid
    j = np.arange(grid + 1)
    costs, index = [], []
    for ph in paths:
        at = np.searchsorted(ph.red, j * h - 1e-15, side="left")
        ok = at < len(ph.red)
        at = np.minimum(at, len(ph.red) - 1)
        costs.append(np.where(ok, ph.cost[at], np.inf))
        index.append(at)
    f, choices = _dp(costs)
    if not np.isfinite(f[grid]):
        return None
    return [int(index[k][jk]) for k, jk in enumerate(_backtrack(choices, grid))]


def _choose(paths: Sequence[_Path], need: float, grid: int) -> list[int] | None:
    """The cheaper of the Lagrangian and the grid choices (None: need unreachable)."""
    if need <= 0:
        return [0] * len(paths)
    cands = [c for c in (_choose_lagrange(paths, need), _choose_dp(paths, need, grid)) if c]
    if not cands:
        return None
    return min(
        cands, key=lambda js: sum(float(ph.cost[j]) for ph, j in zip(paths, js, strict=True))
    )


def composite(
    p: np.ndarray,
    values: dict[str, np.ndarray],
    items: Sequence[Item],
    target: float,
    grid: int = GRID,
) -> LevelPlan | None:
    """Bring the mean of the CVs to ``target`` or below at least cost (None: infeasible)."""
    lv = _Level(p, values, items)
    k = len(lv.items)
    cv0 = {it.key: lv.cv(it) for it in lv.items}
    need = math.fsum(cv0.values()) - k * target
    if need <= 0:
        return LevelPlan({}, {}, 0.0, 0.0)
    curves = {it.key: lv.curve_down(it, None, need) for it in lv.items}
    reach = {key: max(0.0, cv0[key] - need) for key in cv0}
    parents = [it for it in lv.items if lv.children[it.key]]

    base_paths = {it.key: _path(curves[it.key], it.price, reach[it.key], True) for it in lv.items}

    # ------------------------------------------------------------ plan
    paths = [_path(curves[it.key], it.price, reach[it.key], False) for it in lv.items]
    js = _choose(paths, need, grid)
    if js is None:
        return None
    chosen = {it.key: float(ph.cv[j]) for it, ph, j in zip(lv.items, paths, js, strict=True)}
    if not parents:
        adds: dict[str, np.ndarray] = {}
        targets: dict[str, float] = {}
        for it in lv.items:
            if chosen[it.key] < cv0[it.key] - 1e-12:
                adds[it.column] = curves[it.key].fill(chosen[it.key])
                targets[it.key] = chosen[it.key]
        lb, _ = relaxed_bound(lv.items, lv.children, base_paths, need, _cost(lv, adds))
        return _polished(lv, target, adds, targets, lb)
    subsets = [it for it in lv.items if it.parent]
    rest = [it for it in lv.items if not it.parent]

    def evaluate(sub: dict[str, float]) -> tuple[float, dict, dict] | None:
        """Subsets filled to ``sub``; the parents and the others chosen on what they leave."""
        adds: dict[str, np.ndarray] = {}
        targets: dict[str, float] = {}
        for it in subsets:
            if sub[it.key] < cv0[it.key] - 1e-12:
                if not np.isfinite(curves[it.key].units(np.array([sub[it.key]]))[0]):
                    return None  # whole units cannot reach it
                adds[it.column] = curves[it.key].fill(sub[it.key])
                targets[it.key] = sub[it.key]
        extra = {it.key: lv.subset_extra(it, adds) for it in rest}
        now = {it.key: lv.cv(it, extra[it.key] if lv.children[it.key] else None) for it in rest}
        need2 = sum(now.values()) + sum(sub.values()) - k * target
        if need2 > 0:
            rcurves = {
                it.key: lv.curve_down(it, extra[it.key], need2)
                if lv.children[it.key]
                else curves[it.key]
                for it in rest
            }
            rpaths = [
                _path(rcurves[it.key], it.price, max(0.0, now[it.key] - need2), False)
                for it in rest
            ]
            js2 = _choose(rpaths, need2, grid)
            if js2 is None:
                return None
            for it, ph, j in zip(rest, rpaths, js2, strict=True):
                t = float(ph.cv[j])
                if t < now[it.key] - 1e-12:
                    a = rcurves[it.key].fill(t)
                    adds[it.column] = adds.get(it.column, 0.0) + a
                    targets[it.key] = t
        return _cost(lv, adds), adds, targets

    # the subsets' targets: the joint choice first, then each scanned along its own path
    # with the rest re-chosen on the data it leaves (a qualified hire is a teacher too)
    sub = {it.key: min(chosen[it.key], cv0[it.key]) for it in subsets}
    best = evaluate(sub)
    cap = best[0] if best is not None else math.inf
    lb, best_theta = relaxed_bound(lv.items, lv.children, base_paths, need, cap)
    # the subsets' targets chosen at the bound's prices: a subset hire priced at what it
    # costs beyond the parent's hire it also is (its value to the parent counted)
    for theta in (best_theta, best_theta - 1 / 32, best_theta + 1 / 32):
        if not 0 <= theta <= 1:
            continue
        prices = bound_prices(lv.items, lv.children, theta)
        rpaths = [_path(curves[it.key], prices[it.key], reach[it.key], False) for it in lv.items]
        js3 = _choose(rpaths, need, grid)
        if js3 is None:
            continue
        trial_sub = {
            it.key: min(float(ph.cv[j]), cv0[it.key])
            for it, ph, j in zip(lv.items, rpaths, js3, strict=True)
            if it.parent
        }
        trial = evaluate(trial_sub)
        if trial is not None and (best is None or trial[0] < best[0] - 1e-9):
            best, sub = trial, trial_sub
    scan = COUPLING_SCAN if len(p) <= COUPLING_SCAN_SCHOOLS else 0  # time: small levels
    for it in subsets if scan else ():
        for t in np.linspace(cv0[it.key], max(0.0, cv0[it.key] - need), scan):
            trial = evaluate({**sub, it.key: float(t)})
            if trial is not None and (best is None or trial[0] < best[0] - 1e-9):
                best, sub = trial, {**sub, it.key: float(t)}
    if best is None:
        return None
    lb = max(lb, joint_bound(lv.items, lv.children, base_paths, need, best[0]))
    return _polished(lv, target, best[1], best[2], lb)


def _polished(lv: _Level, target: float, adds: dict, targets: dict, lb: float) -> LevelPlan:
    """The level's plan after the local pass on its whole units (small levels: time)."""
    whole = sum(float(a.sum()) for c, a in adds.items() if lv.countable.get(c))
    if len(lv.p) <= POLISH_SCHOOLS and whole <= POLISH_UNITS:
        adds = polish(lv.p, lv.values, lv.items, target, adds)
        targets = {}
        for it in lv.items:
            extra = adds.get(it.column, 0.0) + lv.subset_extra(it, adds)
            if np.any(extra):
                targets[it.key] = lv.cv(it, extra)
    cost = _cost(lv, adds)
    return LevelPlan(adds, targets, cost, max(0.0, min(lb, cost)))


def _cost(lv: _Level, adds: dict[str, np.ndarray]) -> float:
    price = {it.column: it.price for it in lv.items}
    return sum(price[col] * float(a.sum()) for col, a in adds.items())


def each(
    p: np.ndarray,
    values: dict[str, np.ndarray],
    items: Sequence[Item],
    target: float | Callable[[str], float],
) -> LevelPlan:
    """Bring every CV to its target at least cost: subsets first, then their parents."""
    lv = _Level(p, values, items)
    target_of = target if callable(target) else (lambda _key: target)
    adds: dict[str, np.ndarray] = {}
    targets: dict[str, float] = {}
    cost = 0.0
    order = sorted(lv.items, key=lambda it: it.parent is None)
    for it in order:
        t = target_of(it.key)
        e = lv.subset_extra(it, adds) if lv.children[it.key] else None
        c = lv.curve(it, e, reach=t)
        if c.cv0 <= t:
            continue
        a = c.fill(t)
        adds[it.column] = adds.get(it.column, 0.0) + a
        targets[it.key] = t
        cost += it.price * float(a.sum())
    lb = 0.0
    low = {}
    for it in lv.items:  # the least units of each indicator alone, on the level's data
        t = target_of(it.key)
        c = lv.curve(it, reach=t)
        low[it.key] = (
            float(getattr(c, "lower_units", c.units)(np.array([t]))[0]) if c.cv0 > t else 0.0
        )
    for theta in THETAS if any(lv.children.values()) else (1.0,):
        prices = bound_prices(lv.items, lv.children, theta)
        lb = max(lb, sum(prices[k] * u for k, u in low.items() if u > 0))
    return LevelPlan(adds, targets, cost, min(lb, cost))
