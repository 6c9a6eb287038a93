"""Exact cost curves of one indicator: the fewest units that bring its CV to a target.

One level, one indicator: schools i with students p_i (fixed), a quantity q_i of the
resource and values x_i = s·q_i/p_i. Only additions a_i ≥ 0 are allowed, and every unit
costs the same, so the cost is proportional to Σ a_i, i.e. to the rise of the mean.

*Continuous resources* (m², 元): for a given mean, the variance is least when the lowest
schools are raised to a common level L (water-filling: the KKT conditions of
min Σ w_i (y_i − M)² s.t. y ≥ x, Σ w_i y_i = M give y_i = max(x_i, λ)); the CV of
max(x, L) falls as L rises, so the least cost for a target is the least L that meets it.
Between two consecutive values of x the CV has a closed form, so every target is solved
by one bisection per target, all targets at once.

*Whole units* (books, computers, teachers): with A units in all, the mean is fixed and the
variance Σ w_i (y_i − M)² is a separable convex function of the integer a_i. Giving one
more unit to school i adds (s/P)·(2·y_i + s/p_i − 2M) to it, whose order between schools
does not depend on M: so the best allocation of A + 1 units is the best of A plus one
unit, to the school with the least *key* y_i + s/(2p_i) (the classic greedy for separable
convex resource allocation, exact). The k-th unit of school i has key
x_i + s(k − ½)/p_i; sorting all keys once gives the best allocation, its mean and its
variance for every A, and the least A whose CV meets a target is exact.
"""

from __future__ import annotations

import math

import numpy as np

from balance_cli.record import record

# A curve for whole units stops growing past this many candidate units (memory bound);
# targets it cannot reach within them are reported as unreachable (inf) for plans and fall
# back to the continuous curve (a valid lower bound) for bounds.
MAX_UNITS = 20_000_000
KEY_LIMIT = 50_000  # sort every unit's key up to this many; sample the path beyond
SAMPLES = 2048
PATH_POINTS = 4_000  # points of a continuous path (plans and Lagrangian bounds)
_BISECT = 64
# CVs within this of a target meet it (float rounding only; plans aim 1e-11 below limits)
_TOL = 1e-13


def cv_of(p: np.ndarray, x: np.ndarray) -> float:
    """Weighted CV of values ``x`` with weights ``p`` (0 for an empty or all-zero group)."""
    total = p.sum()
    mean = float(np.dot(p, x) / total) if total > 0 else 0.0
    if mean <= 0:
        return 0.0
    dev = x - mean
    return math.sqrt(max(0.0, float(np.dot(p, dev * dev) / total))) / mean


@record(eq=False)
class ContinuousCurve:
    """Water-filling of one indicator, solved for any target."""

    p: np.ndarray
    q: np.ndarray
    scale: float

    def __post_init__(self) -> None:
        x = self.scale * self.q / self.p
        order = np.argsort(x, kind="stable")
        w = self.p[order] / self.p.sum()
        xs = x[order]
        object.__setattr__(self, "_x", x)
        object.__setattr__(self, "_xs", xs)
        # for m = 1..n schools raised (the m lowest): W = Σ_{<m} w, low1 = Σ_{<m} w x,
        # high1 = Σ_{≥m} w x, high2 = Σ_{≥m} w x²
        w_low = np.cumsum(w)
        low1 = np.cumsum(w * xs)
        high1 = low1[-1] - low1
        high2 = np.cumsum((w * xs * xs)[::-1])[::-1]
        high2 = np.append(high2[1:], 0.0)
        object.__setattr__(self, "_w", w_low)
        object.__setattr__(self, "_low1", low1)
        object.__setattr__(self, "_high1", high1)
        object.__setattr__(self, "_high2", high2)
        # CV with the level at xs[m-1] (m schools raised to it): non-increasing in m
        cvb = self._cv(np.arange(len(xs)), xs)
        object.__setattr__(self, "_cvb", np.minimum.accumulate(cvb))

    @property
    def cv0(self) -> float:
        return float(self._cvb[0])

    def _cv(self, m: np.ndarray, level: np.ndarray) -> np.ndarray:
        """CV with schools 0..m (sorted) raised to ``level`` (m is the last raised index)."""
        w, h1, h2 = self._w[m], self._high1[m], self._high2[m]
        mean = w * level + h1
        e2 = w * level * level + h2
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sqrt(np.maximum(0.0, e2 / (mean * mean) - 1.0))

    def levels(self, targets: np.ndarray) -> np.ndarray:
        """The least water level whose CV is ≤ each target (targets ≥ 0)."""
        targets = np.atleast_1d(np.asarray(targets, dtype=np.float64))
        xs, cvb = self._xs, self._cvb
        if len(xs) < 2 or xs[-1] <= 0:
            return np.full(len(targets), xs[0] if len(xs) else 0.0)
        # segment: the last m with cvb[m] > t (level between xs[m] and xs[m+1])
        m = np.searchsorted(-cvb, -targets, side="left") - 1
        done = m < 0  # already met with nothing raised
        m = np.clip(m, 0, len(xs) - 2)
        low, high = xs[m].copy(), xs[m + 1].copy()
        # closed form: CV(L) ≤ t ⇔ (1 + t²)(W·L + H1)² − (W·L² + H2) ≥ 0 on the segment
        w, h1, h2 = self._w[m], self._high1[m], self._high2[m]
        k = 1.0 + targets * targets
        a, b, c = k * w * w - w, 2 * k * w * h1, k * h1 * h1 - h2
        with np.errstate(invalid="ignore", divide="ignore"):
            disc = np.sqrt(np.maximum(0.0, b * b - 4 * a * c))
            q = -0.5 * (b + np.copysign(disc, b))
            r1, r2 = q / a, c / q
        span = high - low
        inside1 = (r1 >= low - 1e-9 * span) & (r1 <= high + 1e-9 * span)
        inside2 = (r2 >= low - 1e-9 * span) & (r2 <= high + 1e-9 * span)
        root = np.where(inside1 & inside2, np.minimum(r1, r2), np.where(inside1, r1, r2))
        good = (inside1 | inside2) & np.isfinite(root)
        level = np.clip(np.where(good, root, high), low, high)
        # float guard, and a bisection where the closed form failed
        for _ in range(4):
            bad = self._cv(m, level) > targets
            if not bad.any():
                break
            level = np.where(bad, np.minimum(high, level + 1e-12 * np.abs(level) + 1e-300), level)
        bad = (self._cv(m, level) > targets) | ~good
        if bad.any():
            lo_b, hi_b = low[bad], high[bad]
            mb, tb = m[bad], targets[bad]
            for _ in range(_BISECT):
                mid = 0.5 * (lo_b + hi_b)
                ok = self._cv(mb, mid) <= tb
                hi_b = np.where(ok, mid, hi_b)
                lo_b = np.where(ok, lo_b, mid)
            level[bad] = hi_b
        return np.where(done, xs[0], level)

    def units(self, targets: np.ndarray) -> np.ndarray:
        """The least total addition (column units) for each target."""
        targets = np.atleast_1d(np.asarray(targets, dtype=np.float64))
        level = self.levels(targets)
        return np.maximum(0.0, self.p.sum() / self.scale * self._raise(level))

    def _raise(self, level: np.ndarray) -> np.ndarray:
        m = np.searchsorted(self._xs, level, side="right") - 1
        m = np.clip(m, 0, len(self._xs) - 1)
        return self._w[m] * level - self._low1[m]

    def path(self, reach: float, size: int = PATH_POINTS) -> tuple[np.ndarray, np.ndarray]:
        """Points (units, CV) of the water-filling path from nothing down to CV ``reach``:
        units rise, the CV falls; each point is a plan, and any plan reaching a CV in
        (cv[j+1], cv[j]] needs at least units[j] (both monotone in the level)."""
        # evenly spaced in the CV (where the choices are made), not in the level
        level = self.levels(np.linspace(self.cv0, max(0.0, reach), size))
        m = np.clip(np.searchsorted(self._xs, level, side="right") - 1, 0, len(self._xs) - 1)
        cvs = np.minimum.accumulate(self._cv(m, level))
        units = np.maximum.accumulate(
            np.maximum(0.0, self.p.sum() / self.scale * self._raise(level))
        )
        units[0], cvs[0] = 0.0, self.cv0
        return units, cvs

    def fill(self, target: float) -> np.ndarray:
        """The additions (per school, column units) that meet ``target`` at least cost."""
        level = float(self.levels(np.array([target]))[0])
        add = np.maximum(0.0, level - self._x) * self.p / self.scale
        # float guard: the closed form and the assessment's formula may differ in the last
        # bits; raise the level by a hair until the assessment's CV agrees
        for _ in range(60):
            if cv_of(self.p, self.scale * (self.q + add) / self.p) <= target + _TOL:
                break
            level = level * (1 + 1e-13) + 1e-300
            add = np.maximum(0.0, level - self._x) * self.p / self.scale
        return add


@record(eq=False)
class WholeCurve:
    """Exact integer allocation of one indicator, for every total up to a bound.

    Up to ``KEY_LIMIT`` candidate units, every unit's key is sorted (exact for every A).
    Beyond, the greedy path is sampled at ``SAMPLES`` thresholds λ (all units with key
    ≤ λ: the best allocation of their total); a target then costs the total of the first
    sample meeting it (a plan), at least one more than the last sample missing it while
    λ ≤ the original mean (there every unit lowers the variance, so the CV falls along
    the path: a proven bound; elsewhere the continuous curve bounds it), and ``fill``
    finds the exact threshold by bisection.
    """

    p: np.ndarray
    q: np.ndarray
    scale: float
    reach: float  # the lowest CV target the curve must cover (if whole units can reach it)

    def __post_init__(self) -> None:
        p, s = self.p, self.scale
        x = s * self.q / p
        total = p.sum()
        m0 = float(np.dot(p, x) / total)
        cont = ContinuousCurve(p, self.q, s)
        step = s / p
        lo = float(x.min())
        level = float(cont.levels(np.array([max(0.0, self.reach)]))[0]) + float(step.max())
        span = max(level - lo, float(step.max()))
        object.__setattr__(self, "_x", x)
        object.__setattr__(self, "_step", step)
        object.__setattr__(self, "_m0", m0)
        object.__setattr__(self, "_cont", cont)
        sampled = None
        for _ in range(8):
            count = self._counts(np.array([level]))[0]
            n = int(count.sum())
            if n > KEY_LIMIT:
                sampled = self._sample(lo, level)
                cvs = sampled[1]
            else:
                cvs = self._enumerate(count)
            if cvs.min() <= self.reach or level - lo > 64 * span or n > MAX_UNITS:
                break
            level = lo + 2 * (level - lo)
        object.__setattr__(self, "_sampled", sampled)
        if sampled is None:
            object.__setattr__(self, "_best", np.minimum.accumulate(cvs))
        else:
            object.__setattr__(self, "_best", np.minimum.accumulate(sampled[1]))

    def _counts(self, lam: np.ndarray) -> np.ndarray:
        """Units with key ≤ λ, per threshold (rows) and school (columns)."""
        raw = np.floor((lam[:, None] - self._x[None, :]) / self._step[None, :] - 0.5) + 1
        return np.maximum(0, raw)

    def _cv_at(self, counts: np.ndarray) -> np.ndarray:
        y = self._x[None, :] + self._step[None, :] * counts
        w = self.p / self.p.sum()
        mean = y @ w
        dev = y - mean[:, None]
        var = (dev * dev) @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(mean > 0, np.sqrt(np.maximum(var, 0.0)) / mean, 0.0)

    def _enumerate(self, count: np.ndarray) -> np.ndarray:
        p, s, x = self.p, self.scale, self._x
        total, m0 = p.sum(), self._m0
        count = count.astype(np.int64)
        n = int(count.sum())
        school = np.repeat(np.arange(len(p)), count)
        first = np.cumsum(count) - count
        k = np.arange(n) - np.repeat(first, count)
        keys = x[school] + self._step[school] * (k + 0.5)
        order = np.argsort(keys, kind="stable")
        keys, school = keys[order], school[order]
        # centred at the original mean m0 to keep the variance well conditioned
        mean = m0 + (s / total) * np.arange(1, n + 1)
        e2 = float(np.dot(p, (x - m0) ** 2) / total) + (2 * s / total) * np.cumsum(keys - m0)
        var = np.maximum(0.0, e2 - (mean - m0) ** 2)
        object.__setattr__(self, "_keys_school", school)
        return np.concatenate([[cv_of(p, x)], np.sqrt(var) / mean])

    def _sample(self, lo: float, level: float):
        size = max(256, min(SAMPLES, 4_000_000 // max(1, len(self.p))))
        # thresholds at the water levels of evenly spaced CVs (where the choices are made)
        cont = self._cont
        reach = max(0.0, min(self.reach, float(cont._cv(np.array([0]), np.array([level]))[0])))
        lam = np.maximum.accumulate(
            np.concatenate([[lo], cont.levels(np.linspace(cont.cv0, reach, size)), [level]])
        )
        counts = self._counts(lam)
        return lam, self._cv_at(counts), counts.sum(axis=1)

    @property
    def cv0(self) -> float:
        return cv_of(self.p, self._x)

    def units(self, targets: np.ndarray) -> np.ndarray:
        """The fewest whole units meeting each target (inf where not reached); with a
        sampled path, the total of the first sample meeting it."""
        targets = np.atleast_1d(np.asarray(targets, dtype=np.float64))
        a = np.searchsorted(-self._best, -(targets + _TOL), side="left")
        found = a < len(self._best)
        if self._sampled is not None:
            totals = self._sampled[2]
            return np.where(found, totals[np.minimum(a, len(totals) - 1)], np.inf)
        return np.where(found, a.astype(np.float64), np.inf)

    def lower_units(self, targets: np.ndarray) -> np.ndarray:
        """A proven lower bound on the units: exact where reached, else continuous."""
        targets = np.atleast_1d(np.asarray(targets, dtype=np.float64))
        cont = np.ceil(self._cont.units(targets) - 1e-9)
        if self._sampled is None:
            exact = self.units(targets)
            return np.where(np.isfinite(exact), exact, cont)
        lam, _cvs, totals = self._sampled
        a = np.searchsorted(-self._best, -(targets + _TOL), side="left")
        last_miss = a - 1  # the last sample whose CV is above the target
        ok = (last_miss >= 0) & (lam[np.maximum(last_miss, 0)] <= self._m0)
        sampled = np.where(last_miss >= 0, totals[np.maximum(last_miss, 0)] + 1, 0)
        return np.where(ok, np.maximum(sampled, cont), cont)

    def path(self, reach: float, size: int = PATH_POINTS) -> tuple[np.ndarray, np.ndarray]:
        """Points (units, CV) of the best allocations: every total when the keys were
        sorted (exact), else the samples (plans; bounds then come from ``bound_path``)."""
        if self._sampled is not None:
            return self._sampled[2].astype(np.float64), self._best
        n = len(self._best)
        pick = np.unique(np.linspace(0, n - 1, min(n, 4 * size)).astype(np.int64))
        return pick.astype(np.float64), self._best[pick]

    def exact_path(self, size: int = PATH_POINTS) -> bool:
        """Whether ``path`` holds every total: then CVs between its points are unreachable."""
        return self._sampled is None and len(self._best) <= 4 * size

    def bound_path(self, reach: float, size: int = PATH_POINTS):
        """Points for lower bounds: exact totals when sorted, else the continuous path."""
        if self._sampled is not None:
            return self._cont.path(reach, size)
        # a thinned exact path still bounds: a CV in (cv[j+1], cv[j]] needs ≥ units[j]
        return self.path(reach, size)

    def fill(self, target: float) -> np.ndarray:
        """The additions (whole units per school) that meet ``target`` with fewest units."""
        a = self.units(np.array([target]))[0]
        if not np.isfinite(a):
            raise ValueError("target not reachable with whole units")
        if self._sampled is not None:
            return self._fill_sampled(target)
        a = int(a)
        school = self._keys_school
        add = np.bincount(school[:a], minlength=len(self.p)).astype(np.float64)
        while cv_of(self.p, self.scale * (self.q + add) / self.p) > target + _TOL and a < len(
            school
        ):
            add[school[a]] += 1  # float guard (the next unit of the same exact order)
            a += 1
        return add

    def _fill_sampled(self, target: float) -> np.ndarray:
        lam = self._sampled[0]
        j = int(np.searchsorted(-self._best, -(target + _TOL), side="left"))
        low, high = (lam[j - 1] if j > 0 else lam[0]), lam[j]
        for _ in range(_BISECT):
            mid = 0.5 * (low + high)
            if self._cv_at(self._counts(np.array([mid])))[0] <= target:
                high = mid
            else:
                low = mid
        add = self._counts(np.array([high]))[0]
        while cv_of(self.p, self.scale * (self.q + add) / self.p) > target + _TOL:
            high = high + float(self._step.min())  # float guard: the next units
            add = self._counts(np.array([high]))[0]
        return add


def curve(p: np.ndarray, q: np.ndarray, scale: float, countable: bool, reach: float = 0.0):
    """The cost curve of one indicator: whole units or continuous."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    if countable:
        return WholeCurve(p, q, scale, reach)
    return ContinuousCurve(p, q, scale)
