"""Knapsack pieces of the composite optimiser: min-plus dynamic programming over a grid of
CV reductions, and the two proven lower bounds (Lagrangian, grid) on curve paths.

A path (see :mod:`balance_cli.core.optimise`) has ``cost``, ``red`` (the reduction of each
point), ``cv0`` and ``exact`` (every reachable point listed). Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

BISECT = 48  # bisection steps on the multiplier μ (relative precision 2⁻⁴⁸ of its bracket)


def _conv(f: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """g(b) = min_{0 ≤ j ≤ b} f(b − j) + d(j), and the minimising j."""
    from numpy.lib.stride_tricks import sliding_window_view

    n = len(f)
    g = np.empty(n)
    arg = np.empty(n, dtype=np.int64)
    # row b of the window is pad[b : b + n] = f[b − (n − 1) + k]: k = n − 1 − j
    pad = np.concatenate([np.full(n - 1, np.inf), f])
    win = sliding_window_view(pad, n)
    dr = d[::-1]
    chunk = max(1, 2_000_000 // n)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        m = win[start:stop] + dr[None, :]
        k = np.argmin(m, axis=1)
        arg[start:stop] = n - 1 - k
        g[start:stop] = m[np.arange(stop - start), k]
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


def _lagrange_bound(paths: Sequence[Any], need: float, cap: float = np.inf) -> float:
    """max over μ ≥ 0 of Σ_k min_j [cost_kj − μ·red_k,j+1] + μ·need: a proven lower bound
    (a plan reaching a CV in (cv_j+1, cv_j] costs ≥ cost_j; no CV is below 0). With a plan
    costing ``cap``, points costing more are left out (see :func:`_thin`)."""
    terms = []
    for ph in paths:
        units, nxt = _thin(ph, len(ph.units), cap, ph.price)
        terms.append((ph.price * units, nxt))

    def value(mu: float) -> tuple[float, float]:
        total, slope = _cheapest_terms(terms, mu)
        return mu * need + total, need + slope

    return _maximise(value)


def _cheapest_terms(
    terms: Sequence[tuple[np.ndarray, np.ndarray]], mu: float
) -> tuple[float, float]:
    """Σ_k min_j [cost_kj − μ·nxt_kj] and −Σ_k nxt at each minimum (its slope in μ)."""
    total = slope = 0.0
    for cost, nxt in terms:
        v = cost - mu * nxt
        j = int(np.argmin(v))
        total += float(v[j])
        slope -= float(nxt[j])
    return total, slope


def _grid_bound(paths: Sequence[Any], need: float, grid: int, cap: float = np.inf) -> float:
    """min Σ_k cost_k(floor of r_k to the grid) s.t. Σ floors ≥ need − K·h: a proven lower
    bound (the floors of any feasible reductions sum to more than need − K·h). With a plan
    costing ``cap``, costs above it are out (no term of a cheaper plan exceeds it)."""
    h = need / grid
    r = np.arange(grid + 1) * h
    costs = []
    for ph in paths:
        if ph.exact:  # the first point reducing by r or more
            pos = np.searchsorted(ph.red, r - 1e-15, side="left")
            costs.append(
                np.where(pos < len(ph.red), ph.cost[np.minimum(pos, len(ph.red) - 1)], np.inf)
            )
            continue
        pos = np.searchsorted(ph.red, r, side="right") - 1
        # no CV goes below 0: a reduction beyond cv0 is impossible
        costs.append(np.where(r > ph.cv0 * (1 + 1e-12), np.inf, ph.cost[np.maximum(pos, 0)]))
    costs = [np.where(c > cap * (1 + 1e-9), np.inf, c) for c in costs]
    f, _ = _dp(costs)
    return float(f[max(0, grid - len(paths) + 1)])


def _nxt(ph) -> np.ndarray:
    """Per point, the largest reduction a plan can reach while it costs at least the
    point's cost (exact paths: the point's own)."""
    return ph.red if ph.exact else np.append(ph.red[1:], ph.cv0)


def _thin(ph, size: int, cap: float, price: float) -> tuple[np.ndarray, np.ndarray]:
    """(units, reach) of at most ``size`` points of a path costing at most ``cap`` at
    ``price`` a unit, still a bound: between two kept points the units are at least the
    first's and the reduction at most the reach. Points costing more are left out: when a
    plan costs ``cap``, the cheapest plan is among those that cost at most that, and every
    point of such a plan costs at most that too."""
    nxt = _nxt(ph)
    cost = price * ph.units
    inside = max(1, int(np.searchsorted(cost, cap * (1 + 1e-12), side="right")))
    if size >= inside:
        keep = np.arange(inside)
    else:
        keep = np.unique(np.linspace(0, inside - 1, size).astype(np.int64))
    ends = np.append(keep[1:] - 1, inside - 1)
    return ph.units[keep], nxt[ends]


def _coupled_lagrange_bound(
    paths: Sequence[Any],
    need: float,
    groups: Sequence[tuple[int, list[int]]],
    cap: float,
    size: int = 200,
) -> float:
    """The Lagrangian bound with each subset group priced jointly, point by point.

    A group is a parent indicator P (专任教师) and its subset indicators S (qualified,
    titled hires, also teachers). With U the least units each needs for its reduction, any
    plan pays Σ c_S·a_S + c_P·a_P with a_S ≥ U_S and a_P + Σ a_S ≥ U_P, so at least
    Σ c_S·U_S + c_min·max(0, U_P − Σ U_S) (the units beyond go to the cheapest column).
    The group's term of the dual is the least of that minus μ·(its reductions) over the
    points of its curves (the subsets' thinned to ``size`` points below the cost ``cap``,
    e.g. a plan's: still a bound); the others' terms are as in :func:`_lagrange_bound`.
    """
    in_group = {i for parent, kids in groups for i in (parent, *kids)}
    single = []
    for i, ph in enumerate(paths):
        if i not in in_group:
            units, nxt = _thin(ph, len(ph.units), cap, ph.price)
            single.append((ph.price * units, nxt))
    built = []
    for parent, kids in groups:
        ph = paths[parent]
        c_min = min([ph.price] + [paths[k].price for k in kids])
        units_p, nxt_p = _thin(ph, len(ph.units), cap, c_min)
        # the kids' points, every combination (at most size ** len(kids))
        units_k = np.zeros(1)
        cost_k = np.zeros(1)
        nxt_k = np.zeros(1)
        for k in kids:
            u, r = _thin(paths[k], size if len(kids) > 1 else 20 * size, cap, paths[k].price)
            units_k = (units_k[:, None] + u[None, :]).ravel()
            cost_k = (cost_k[:, None] + paths[k].price * u[None, :]).ravel()
            nxt_k = (nxt_k[:, None] + r[None, :]).ravel()
        ok = cost_k <= cap * (1 + 1e-12)  # the group costs at least its subsets' part
        units_k, cost_k, nxt_k = units_k[ok], cost_k[ok], nxt_k[ok]
        pos = np.searchsorted(units_p, units_k, side="right") - 1  # last P point ≤ V
        built.append((units_p, nxt_p, c_min, units_k, cost_k, nxt_k, pos))

    def value(mu: float) -> tuple[float, float]:
        total, slope = _cheapest_terms(single, mu)
        total, slope = mu * need + total, need + slope
        for units_p, nxt_p, c_min, units_k, cost_k, nxt_k, pos in built:
            # φ(V) = min_j c_min·max(0, U_P,j − V) − μ·reach_P,j
            w = c_min * units_p - mu * nxt_p
            suf = np.minimum.accumulate(w[::-1])[::-1]
            # the parent points at or below V: the last one reduces most
            low = np.where(pos >= 0, -mu * nxt_p[np.maximum(pos, 0)], np.inf)
            nxt_pos = pos + 1
            has_high = nxt_pos < len(w)
            high = np.where(
                has_high, suf[np.minimum(nxt_pos, len(w) - 1)] - c_min * units_k, np.inf
            )
            phi = np.minimum(low, high)
            v = cost_k - mu * nxt_k + phi
            j = int(np.argmin(v))
            total += float(v[j])
            if low[j] <= high[j]:
                red_p = nxt_p[max(int(pos[j]), 0)]
            else:
                red_p = _suffix_reach(w, int(nxt_pos[j]), nxt_p)
            slope -= float(nxt_k[j]) + float(red_p)
        return total, slope

    return _maximise(value)


def _suffix_reach(w: np.ndarray, start: int, nxt: np.ndarray) -> float:
    j = start + int(np.argmin(w[start:]))
    return float(nxt[j])


def _maximise(value) -> float:
    """max over μ ≥ 0 of a concave dual given as value(μ) → (value, slope)."""
    best = value(0.0)[0]
    hi = 1.0
    for _ in range(200):
        v, slope = value(hi)
        best = max(best, v)
        if slope <= 0:
            break
        hi *= 4
    lo = 0.0
    for _ in range(BISECT):
        mid = 0.5 * (lo + hi)
        v, slope = value(mid)
        best = max(best, v)
        if slope > 0:
            lo = mid
        else:
            hi = mid
    return best
