"""A local improvement pass on the whole units of a composite plan (pure numpy).

The composite optimiser picks per-indicator CV targets and fills each target at its least
units; with subset columns (a qualified hire is also a 专任教师) the subset's own cheapest
placement is not always where its hires serve the parent best. This pass moves single
units of the whole columns while the plan stays feasible (Σ CV ≤ K·target):

* drop one unit (column c, school i);
* exchange one unit of (c1, i) for one unit of (c2, j) at no higher price: kept when the
  cost falls, or when it stays and Σ CV falls (which may free a later drop).

Every move is evaluated exactly, all (i, j) pairs at once, from running sums
Σ p·x and Σ p·x² per indicator (one unit moves x_i by s/p_i). The pass never makes a plan
costlier or infeasible; on small counties it reaches the brute-force optimum where the
coupled allocation misplaces a subset's hires (tests/core/test_optimise.py,
tests/core/test_plan_exact.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from balance_cli.core.cost_curves import ContinuousCurve, cv_of

MAX_MOVES = 50  # moves per level (each is one exact improving step)
MIN_SAVING = 1e-4  # of the plan's cost: smaller savings are not worth a move
SMALL = 6  # levels of at most this many schools, with at most SMALL_UNITS units added,
SMALL_UNITS = 10  # also try pairs of units (dropped and added)
_EPS = 1e-12


class _State:
    def __init__(
        self,
        p: np.ndarray,
        values: dict[str, np.ndarray],
        items: Sequence[Any],
        adds: dict[str, np.ndarray],
    ):
        self.p = p
        self.total = float(p.sum())
        self.items = list(items)
        self.by_column = {it.column: it for it in self.items}
        key_to_col = {it.key: it.column for it in self.items}
        # the indicator columns one unit of a column raises: its own and its parent's
        self.raises = {
            it.column: [it.column] + ([key_to_col[it.parent]] if it.parent in key_to_col else [])
            for it in self.items
        }
        self.x: dict[str, np.ndarray] = {}
        for it in self.items:
            q = values[it.column] + adds.get(it.column, 0.0)
            for kid in self.items:
                if kid.parent == it.key:
                    q = q + adds.get(kid.column, 0.0)
            self.x[it.column] = it.scale * q / p
        self.s1 = {c: float(np.dot(p, x)) for c, x in self.x.items()}
        self.s2 = {c: float(np.dot(p, x * x)) for c, x in self.x.items()}
        self._now: dict[str, float] | None = None

    def cv(self, column: str, s1, s2):
        mean = s1 / self.total
        if np.ndim(mean) == 0:
            var = max(0.0, s2 / self.total - mean * mean)
            return math.sqrt(var) / mean if mean > 0 else 0.0
        var = np.maximum(0.0, s2 / self.total - mean * mean)
        safe = np.where(mean > 0, mean, 1.0)
        return np.where(mean > 0, np.sqrt(var) / safe, 0.0)

    def total_cv(self) -> float:
        return math.fsum(self.now.values())

    @property
    def now(self) -> dict[str, float]:
        """The current CV of every indicator column (cached between moves)."""
        if self._now is None:
            self._now = {c: float(self.cv(c, self.s1[c], self.s2[c])) for c in self.x}
        return self._now

    def step(self, column: str) -> np.ndarray:
        return self.by_column[column].scale / self.p

    def apply(self, column: str, i: int, sign: int) -> None:
        self._now = None
        for c in self.raises[column]:
            d = sign * self.by_column[c].scale / self.p[i]
            xi = self.x[c][i]
            self.s1[c] += self.p[i] * d
            self.s2[c] += self.p[i] * ((xi + d) ** 2 - xi * xi)
            self.x[c][i] = xi + d


def _delta(st: _State, c: str, out_col: str | None, i, in_col: str | None, j):
    """New (s1, s2) of indicator column ``c`` after removing a unit of ``out_col`` at the
    schools ``i`` and adding one of ``in_col`` at ``j`` (arrays broadcast)."""
    x, p = st.x[c], st.p
    s1, s2 = st.s1[c], st.s2[c]
    d = st.by_column[c].scale / p
    xi = x[i] if out_col is not None and c in st.raises[out_col] else None
    xj = x[j] if in_col is not None and c in st.raises[in_col] else None
    new1, new2 = s1, s2
    if xi is not None:
        new1 = new1 - p[i] * d[i]
        new2 = new2 + p[i] * ((xi - d[i]) ** 2 - xi * xi)
    if xj is not None:
        if xi is not None:  # the same school: the removal moved x first
            xj = np.where(np.equal(i, j), xj - d[j], xj)
        new1 = new1 + p[j] * d[j]
        new2 = new2 + p[j] * ((xj + d[j]) ** 2 - xj * xj)
    return new1, new2


def _total_after(st: _State, out_col, i, in_col, j):
    now = st.now
    touched = set(st.raises[out_col] if out_col is not None else ())
    touched |= set(st.raises[in_col] if in_col is not None else ())
    total = math.fsum(v for c, v in now.items() if c not in touched)
    for c in touched:
        s1, s2 = _delta(st, c, out_col, i, in_col, j)
        total = total + st.cv(c, s1, s2)
    return total


class _Continuous:
    """A continuous indicator of the level: its CV target and exact least units."""

    def __init__(self, p, values, item, adds):
        self.item = item
        self.curve = ContinuousCurve(p, values[item.column], item.scale)
        q = values[item.column] + adds.get(item.column, 0.0)
        self.t = cv_of(p, item.scale * q / p)
        self.t0 = self.t
        self.cv0 = self.curve.cv0
        # the least units as a function of the CV, on a fine path (interpolated between
        # its points: the moves' estimate; the plan's own additions are filled exactly)
        units, cvs = self.curve.path(0.0)
        self._cv_up, self._units_up = cvs[::-1], units[::-1]
        self.spent = self.cost(self.t)

    def units(self, t: np.ndarray) -> np.ndarray:
        return np.interp(t, self._cv_up, self._units_up)

    def cost(self, t: float) -> float:
        if t >= self.cv0:
            return 0.0
        return self.item.price * float(self.units(np.array([max(0.0, t)]))[0])

    def move(self, t: float) -> None:
        self.t = t
        self.spent = self.cost(t)


def _cont_change(conts, deficit):
    """The cheapest change of one continuous indicator's spending that takes up
    ``deficit`` (arrays; negative: a surplus, spent saving): (extra 元, index) per entry."""
    deficit = np.atleast_1d(np.asarray(deficit, dtype=np.float64))
    best = np.full(deficit.shape, np.inf)
    which = np.full(deficit.shape, -1)
    for k, c in enumerate(conts):
        t = np.minimum(c.cv0, c.t - deficit)
        ok = t >= 0
        units = np.zeros(t.shape)
        inside = ok & (t < c.cv0)
        if inside.any():
            units[inside] = c.units(t[inside])
        extra = np.where(ok, c.item.price * units - c.spent, np.inf)
        better = extra < best
        best = np.where(better, extra, best)
        which = np.where(better, k, which)
    return best, which


def _fill(st: _State, whole, conts, limit: float, budget: float, depth: int):
    """The cheapest completion costing less than ``budget``: up to ``depth`` whole units
    (every column and school), then one continuous indicator's spending moved by the
    remaining deficit or surplus. Returns (cost, units, (indicator, new target) or None)."""
    fixed = math.fsum(c.t for c in conts)
    now = st.total_cv()
    best = None
    deficit = now + fixed - limit
    if deficit <= _EPS:
        best = (0.0, [], None)
    if conts:
        extra, k = _cont_change(conts, deficit)
        if extra[0] < budget and (best is None or extra[0] < best[0]):
            c = conts[int(k[0])]
            best = (float(extra[0]), [], (c, min(c.cv0, c.t - deficit)))
    if depth == 0:
        return best
    idx = np.arange(len(st.p))
    for it in whole:
        room = (budget if best is None else min(budget, best[0])) - it.price
        if room <= -it.price * 1e-12 and not conts:
            continue
        after = _total_after(st, None, None, it.column, idx)
        d = after + fixed - limit
        cost = np.where(d <= _EPS, it.price, np.inf)
        pick: list = [None] * len(idx)
        if conts:
            extra, which = _cont_change(conts, d)
            use = it.price + extra < cost
            cost = np.where(use, it.price + extra, cost)
            for j in np.flatnonzero(use & np.isfinite(cost)):
                c = conts[int(which[j])]
                pick[j] = (c, min(c.cv0, c.t - float(d[j])))
        j = int(np.argmin(cost))
        if cost[j] < (budget if best is None else min(budget, best[0])):
            best = (float(cost[j]), [(it.column, j)], pick[j])
        if depth > 1:
            for j in idx:
                st.apply(it.column, int(j), +1)
                cap = budget if best is None else min(budget, best[0])
                sub = _fill(st, whole, conts, limit, cap - it.price, depth - 1)
                st.apply(it.column, int(j), -1)
                if sub is not None:
                    best = (it.price + sub[0], [(it.column, int(j)), *sub[1]], sub[2])
    if best is not None and best[0] >= budget:
        return None
    return best


def polish(
    p: np.ndarray,
    values: dict[str, np.ndarray],
    items: Sequence[Any],
    target: float,
    adds: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Additions ``adds`` (column → own additions per school) improved by moves of single
    whole units, feasible for Σ CV ≤ K·target throughout:

    * drop a unit, and buy the CV back (whole units by best ratio, then one continuous
      indicator) when that costs less than the unit saved;
    * add a unit where it lowers Σ CV most, when the continuous spending it saves is
      larger than its price;
    * exchange a unit for one at no higher price that lowers Σ CV (plateaus).
    """
    whole = [it for it in items if it.countable]
    coupled = {it.parent for it in items if it.parent} | {it.key for it in items if it.parent}
    conts = [
        _Continuous(p, values, it, adds)
        for it in items
        if not it.countable and it.key not in coupled
    ]
    if not whole or len(whole) + len(conts) < len(items):
        return adds
    conts = [c for c in conts if c.cv0 > 0 or c.t > 0]  # the others add 0 to Σ CV
    start = adds
    adds = {c: a.copy() for c, a in adds.items()}
    for it in whole:
        adds.setdefault(it.column, np.zeros(len(p)))
    st = _State(p, values, whole, adds)
    limit = len(items) * target
    idx = np.arange(len(p))
    moved = False
    for _ in range(MAX_MOVES):
        if not _improve(st, whole, conts, adds, limit, idx):
            break
        moved = True
    if not moved:
        return start
    out = {c: a for c, a in adds.items() if a.sum() > 0 or c not in {w.column for w in whole}}
    for c in conts:
        if c.t != c.t0:
            out[c.item.column] = c.curve.fill(c.t)
    out = {col: a for col, a in out.items() if a.sum() > 0}
    # the running sums are exact up to rounding: check with the assessment's formula, and
    # keep the start when the moves' estimates of continuous spending misled them
    if _sum_cv(p, values, items, out) > limit + 1e-12 or _paid(items, out) >= _paid(items, start):
        return start
    return out


def _paid(items, adds) -> float:
    price = {it.column: it.price for it in items}
    return math.fsum(price[c] * float(a.sum()) for c, a in adds.items())


def _improve(st, whole, conts, adds, limit, idx) -> bool:
    """One improving move (True), or none left (False)."""
    fixed = math.fsum(c.t for c in conts)
    units = [(it, int(i)) for it in whole for i in idx[adds[it.column] >= 1]]
    small = len(idx) <= SMALL and len(units) <= SMALL_UNITS
    depth = 2 if small else 1
    # a move must save more than this (no long tail of moves worth a hair each)
    cost = sum(it.price * float(adds[it.column].sum()) for it in whole)
    cost += sum(c.spent for c in conts)
    tol = max(1e-6 * min(it.price for it in whole), MIN_SAVING * cost)
    drops: list[tuple] = [(), *((u,) for u in units)]
    if small:
        drops += [
            (u, v)
            for a, u in enumerate(units)
            for v in units[a:]
            if u != v or adds[u[0].column][u[1]] >= 2
        ]
    for drop in drops:
        saved = sum(it.price for it, _ in drop)
        for it, i in drop:
            st.apply(it.column, i, -1)
        fix = _fill(st, whole, conts, limit, saved - tol, depth)
        if fix is not None:
            for it, i in drop:
                adds[it.column][i] -= 1
            for col, j in fix[1]:
                adds[col][j] += 1
                st.apply(col, j, +1)
            if fix[2] is not None:
                fix[2][0].move(fix[2][1])
            return True
        for it, i in drop:
            st.apply(it.column, i, +1)
    # exchange a unit for a cheaper one, or for one at the same price that lowers Σ CV
    now = st.total_cv()
    best = None  # (saving, new Σ CV, out, i, in, j)
    for out in whole:
        i_all = idx[adds[out.column] >= 1]
        if not len(i_all):
            continue
        for inn in whole:
            saving = out.price - inn.price
            if saving < 0:
                continue
            i2, j2 = i_all[:, None], idx[None, :]
            after = _total_after(st, out.column, i2, inn.column, j2)
            good = after + fixed <= limit + _EPS
            if saving == 0:
                good &= after < now - 1e-9 * max(now, 1.0)
            if inn.column == out.column:
                good &= i2 != j2
            if not good.any():
                continue
            a, b = np.unravel_index(int(np.argmin(np.where(good, after, np.inf))), good.shape)
            cand = (saving, -float(after[a, b]), out, int(i_all[a]), inn, int(b))
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is None:
        return False
    _, _, out, i, inn, j = best
    st.apply(out.column, i, -1)
    st.apply(inn.column, j, +1)
    adds[out.column][i] -= 1
    adds[inn.column][j] += 1
    return True


def _sum_cv(p, values, items, adds) -> float:
    by_key = {it.key: it for it in items}
    total = []
    for it in items:
        q = values[it.column] + adds.get(it.column, 0.0)
        for kid in items:
            if kid.parent == it.key and kid.parent in by_key:
                q = q + adds.get(kid.column, 0.0)
        total.append(cv_of(p, it.scale * q / p))
    return math.fsum(total)
