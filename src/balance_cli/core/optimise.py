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
from dataclasses import dataclass

import numpy as np

from balance_cli.core.cost_curves import curve, cv_of

GRID = 2000  # grid cells over the CV reduction of a composite level
_THETAS = (0.0, 0.5, 1.0)  # β = θ · min price of a subset group (lower bounds)


@dataclass(frozen=True)
class Item:
    """One indicator of a level, as the optimiser sees it."""

    key: str
    column: str
    scale: float
    countable: bool
    price: float
    parent: str | None = None  # the indicator key of the parent column (subset columns)


@dataclass
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


def _conv(f: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """g(b) = min_{0 ≤ j ≤ b} f(b − j) + d(j), and the minimising j."""
    n = len(f)
    g = np.empty(n)
    arg = np.empty(n, dtype=np.int64)
    chunk = max(1, 4_000_000 // n)
    j = np.arange(n)
    fpad = np.append(f, np.inf)
    for start in range(0, n, chunk):
        b = np.arange(start, min(n, start + chunk))
        idx = b[:, None] - j[None, :]
        idx = np.where(idx < 0, n, idx)
        m = fpad[idx] + d[None, :]
        a = np.argmin(m, axis=1)
        arg[b] = a
        g[b] = m[np.arange(len(b)), a]
    return g, arg


def _dp(costs: Sequence[np.ndarray], base: tuple | None = None):
    """Fold the cost arrays; returns (f, choices) where choices[k][b] is item k's j."""
    if base is None:
        f = np.minimum.accumulate(costs[0][::-1])[::-1]  # "at least b" for one item
        choices = [None]
        rest = costs[1:]
    else:
        f, choices = base[0], list(base[1])
        rest = costs
    for d in rest:
        f, arg = _conv(f, d)
        choices.append(arg)
    return f, choices


def _backtrack(choices: list, b: int) -> list[int]:
    out = []
    for arg in reversed(choices[1:]):
        j = int(arg[b])
        out.append(j)
        b -= j
    out.append(b)  # the first item takes what is left (its array is "at least")
    return out[::-1]


class _Level:
    def __init__(self, p: np.ndarray, values: dict[str, np.ndarray], items: Sequence[Item]):
        self.p = p
        self.values = values
        self.items = list(items)
        self.by_key = {it.key: it for it in self.items}
        self.children = {
            it.key: [c for c in self.items if c.parent == it.key] for it in self.items
        }

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


def _bound_prices(level: _Level, theta: float) -> dict[str, tuple[float, bool]]:
    """Per indicator: (price in the relaxation, whether to use the uncoupled curve)."""
    out = {}
    for it in level.items:
        kids = level.children[it.key]
        if kids:
            beta = theta * min([it.price] + [k.price for k in kids])
            out[it.key] = beta
            for k in kids:
                out[k.key] = k.price - beta
        elif it.key not in out:
            out[it.key] = it.price
    return out


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
    n = grid
    h = need / n
    ext = n + n // 4  # room for a parent whose CV rose with its subsets' additions
    curves = {it.key: lv.curve_down(it, None, ext * h) for it in lv.items}
    # independent items first, then subset groups (subsets, then their parent)
    grouped = [it for it in lv.items if it.parent or lv.children[it.key]]
    independent = [it for it in lv.items if it not in grouped]
    subsets = [it for it in grouped if it.parent]
    parents = [it for it in grouped if not it.parent]

    def costs(it: Item, crv, lower: bool, price: float, c0: float) -> np.ndarray:
        u = _grid_units(crv, c0, h, ext, lower)
        return np.where(np.isinf(u), np.inf, price * np.where(np.isinf(u), 0.0, u))

    # ------------------------------------------------------------ lower bound
    lb = -math.inf
    b_lb = max(0, n - k + 1)
    ind_lb = [costs(it, curves[it.key], True, it.price, cv0[it.key]) for it in independent]
    base_lb = _dp(ind_lb) if ind_lb else None
    thetas = _THETAS if grouped else (1.0,)
    for theta in thetas:
        prices = _bound_prices(lv, theta)
        arrays = [
            costs(it, curves[it.key], True, prices[it.key], cv0[it.key])
            for it in subsets + parents
        ]
        f, _ = _dp(arrays, base_lb) if base_lb else _dp(arrays)
        lb = max(lb, float(f[b_lb]))

    # ------------------------------------------------------------ plans
    ind_up = [costs(it, curves[it.key], False, it.price, cv0[it.key]) for it in independent]
    base_up = _dp(ind_up) if ind_up else None
    best: LevelPlan | None = None
    extra = {it.key: None for it in parents}
    for _ in range(2 if grouped else 1):
        # allocation with the parents' curves on the data of the previous round
        pcurves = {}
        for it in parents:
            e = extra[it.key]
            pcurves[it.key] = curves[it.key] if e is None else lv.curve_down(it, e, ext * h)
        arrays = [costs(it, curves[it.key], False, it.price, cv0[it.key]) for it in subsets]
        arrays += [
            costs(it, pcurves[it.key], False, it.price, pcurves[it.key].cv0) for it in parents
        ]
        order = independent + subsets + parents
        f, choices = _dp(arrays, base_up) if base_up else _dp(arrays)
        b0 = n + int(round(sum(pcurves[it.key].cv0 - cv0[it.key] for it in parents) / h))
        b0 = min(max(b0, 0), ext)
        if not np.isfinite(f[b0]):
            continue
        js = dict(zip([it.key for it in order], _backtrack(choices, b0), strict=True))
        adds: dict[str, np.ndarray] = {}
        targets: dict[str, float] = {}
        cost = 0.0
        for it in independent + subsets:
            t = cv0[it.key] - js[it.key] * h
            if js[it.key] > 0:
                adds[it.column] = curves[it.key].fill(max(0.0, t))
                cost += it.price * float(adds[it.column].sum())
                targets[it.key] = max(0.0, t)
        # the parents on the data the subsets leave: re-allocate their share exactly
        if parents:
            fixed = independent + subsets
            pc = {}
            for it in parents:
                e = lv.subset_extra(it, adds)
                extra[it.key] = e
                pc[it.key] = lv.curve_down(it, e, ext * h)
            rest_need = sum(pc[it.key].cv0 for it in parents) + sum(
                cv0[it.key] - js[it.key] * h for it in fixed
            ) - k * target
            arrays = [costs(it, pc[it.key], False, it.price, pc[it.key].cv0) for it in parents]
            fp, ch = _dp(arrays)
            b = min(ext, max(0, math.ceil(rest_need / h - 1e-9)))
            if not np.isfinite(fp[b]):
                continue
            for it, j in zip(parents, _backtrack(ch, b), strict=True):
                t = pc[it.key].cv0 - j * h
                if j > 0:
                    a = pc[it.key].fill(max(0.0, t))
                    adds[it.column] = adds.get(it.column, 0.0) + a
                    cost += it.price * float(a.sum())
                    targets[it.key] = max(0.0, t)
        if best is None or cost < best.cost:
            best = LevelPlan(adds, targets, cost, 0.0)
    if best is None:
        return None
    best.lower_bound = max(0.0, min(lb, best.cost))
    return best


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
    for theta in _THETAS if any(lv.children.values()) else (1.0,):
        prices = _bound_prices(lv, theta)
        total = 0.0
        for it in lv.items:
            t = target_of(it.key)
            c = lv.curve(it, reach=t)
            if c.cv0 > t and prices[it.key] > 0:
                low = getattr(c, "lower_units", c.units)(np.array([t]))[0]
                total += prices[it.key] * float(low)
        lb = max(lb, total)
    return LevelPlan(adds, targets, cost, min(lb, cost))
