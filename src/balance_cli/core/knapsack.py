"""Knapsack pieces of the composite optimiser: min-plus dynamic programming over a grid of
CV reductions, and the two proven lower bounds (Lagrangian, grid) on curve paths.

A path (see :mod:`balance_cli.core.optimise`) has ``cost``, ``red`` (the reduction of each
point), ``cv0`` and ``exact`` (every reachable point listed). Pure numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


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


def _lagrange_bound(paths: Sequence[Any], need: float) -> float:
    """max over μ ≥ 0 of Σ_k min_j [cost_kj − μ·red_k,j+1] + μ·need: a proven lower bound
    (a plan reaching a CV in (cv_j+1, cv_j] costs ≥ cost_j; no CV is below 0)."""
    terms = []
    for ph in paths:
        # the reduction reachable before the next point (exact paths: the point's own)
        nxt = ph.red if ph.exact else np.append(ph.red[1:], ph.cv0)
        terms.append((ph.cost, nxt))

    def value(mu: float) -> tuple[float, float]:
        total, slope = mu * need, need
        for cost, nxt in terms:
            v = cost - mu * nxt
            j = int(np.argmin(v))
            total += float(v[j])
            slope -= float(nxt[j])
        return total, slope

    best = value(0.0)[0]
    hi = 1.0
    for _ in range(200):
        v, slope = value(hi)
        best = max(best, v)
        if slope <= 0:
            break
        hi *= 4
    lo = 0.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        v, slope = value(mid)
        best = max(best, v)
        if slope > 0:
            lo = mid
        else:
            hi = mid
    return best


def _grid_bound(paths: Sequence[Any], need: float, grid: int) -> float:
    """min Σ_k cost_k(floor of r_k to the grid) s.t. Σ floors ≥ need − K·h: a proven lower
    bound (the floors of any feasible reductions sum to more than need − K·h)."""
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
    f, _ = _dp(costs)
    return float(f[max(0, grid - len(paths) + 1)])
