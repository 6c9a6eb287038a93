"""The proven lower bound of a composite level (pure numpy on curve paths).

Three bounds, the largest kept (each is a bound on its own):

* the Lagrangian dual of the reductions' knapsack, with every subset group relaxed by a
  price β: c_P·a_P + Σ c_S·a_S ≥ β·U + Σ (c_S − β)·a_S, U the parent's total addition,
  0 ≤ β ≤ min(c_P, c_S), so each term is bounded by one indicator's curve; the best β of
  a scan and its refinement is kept;
* the grid bound (:func:`balance_cli.core.knapsack._grid_bound`) at that β;
* the dual with each subset group priced jointly, point by point
  (:func:`balance_cli.core.knapsack._coupled_lagrange_bound`).

All three leave out the points that cost more than a plan already found (``cap``): the
cheapest plan costs at most that, and so does each of its (non-negative) terms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from balance_cli.core.knapsack import _coupled_lagrange_bound, _grid_bound, _lagrange_bound

LB_GRID = 1000  # grid cells over the CV reduction of a composite level
THETAS = tuple(np.linspace(0.0, 1.0, 9))  # β = θ · min price of a subset group
REFINE = (1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256)  # steps of θ tried around the best


def bound_prices(items: Sequence[Any], children: Mapping[str, list], theta: float):
    """Per indicator key: its price in the β relaxation."""
    out: dict[str, float] = {}
    for it in items:
        kids = children[it.key]
        if kids:
            beta = theta * min([it.price] + [k.price for k in kids])
            out[it.key] = beta
            for k in kids:
                out[k.key] = k.price - beta
        elif it.key not in out:
            out[it.key] = it.price
    return out


def relaxed_bound(
    items: Sequence[Any],
    children: Mapping[str, list],
    paths: Mapping[str, Any],
    need: float,
    cap: float = math.inf,
) -> tuple[float, float]:
    """(bound, best θ): the β-relaxed Lagrangian and grid bounds."""
    coupled = any(children[it.key] for it in items)
    lb, best_paths, best_theta = -math.inf, None, 1.0
    tried: set[float] = set()

    def at(theta: float) -> None:
        nonlocal lb, best_paths, best_theta
        theta = min(1.0, max(0.0, theta))
        if theta in tried:
            return
        tried.add(theta)
        prices = bound_prices(items, children, theta)
        ps = [replace(paths[it.key], price=prices[it.key]) for it in items]
        value = _lagrange_bound(ps, need, cap)
        if value > lb:
            lb, best_paths, best_theta = value, ps, theta

    for theta in THETAS if coupled else (1.0,):
        at(theta)
    if coupled:  # the bound is concave-ish in θ: refine around the best
        for step in REFINE:
            centre = best_theta
            at(centre - step)
            at(centre + step)
    lb = max(lb, _grid_bound(best_paths, need, LB_GRID, cap))
    return lb, best_theta


def joint_bound(
    items: Sequence[Any],
    children: Mapping[str, list],
    paths: Mapping[str, Any],
    need: float,
    cap: float,
) -> float:
    """The dual with the subset groups priced jointly (−inf without subset groups)."""
    pos = {it.key: k for k, it in enumerate(items)}
    groups = [
        (pos[it.key], [pos[c.key] for c in children[it.key]]) for it in items if children[it.key]
    ]
    if not groups:
        return -math.inf
    return _coupled_lagrange_bound([paths[it.key] for it in items], need, groups, cap)
