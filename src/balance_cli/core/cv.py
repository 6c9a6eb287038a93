"""The student-weighted difference coefficient (差异系数), for many groups at once.

For the schools i of one group (a level of one county), with P_i students and a resource
quantity q_i, the indicator value is X_i = scale · q_i / P_i and (DOMAIN.md §4)::

    P  = Σ P_i
    X̄  = Σ P_i X_i / P = scale · Σ q_i / P
    S  = sqrt(Σ (P_i / P) (X_i − X̄)²)        (population formula, no n − 1)
    CV = S / X̄

Groups are integer labels, so one call covers both levels of a county (or every level of
every county of a batch) with ``numpy.bincount``: no Python loop over schools.
"""

from __future__ import annotations

import numpy as np

from balance_cli.record import record


@record(eq=False)
class GroupStats:
    """Per-group weighted mean, standard deviation and CV (NaN where undefined)."""

    mean: np.ndarray
    sd: np.ndarray
    cv: np.ndarray


def indicator_values(quantity: np.ndarray, students: np.ndarray, scale: float) -> np.ndarray:
    """Per-school values X_i = scale · q_i / P_i (students must be positive)."""
    return scale * quantity / students


def weighted_cv(
    groups: np.ndarray,
    n_groups: int,
    students: np.ndarray,
    quantity: np.ndarray,
    scale: float = 1.0,
) -> GroupStats:
    """The weighted mean, SD and CV of ``scale · quantity / students`` within each group.

    ``groups`` holds labels 0..n_groups-1. An empty group gives NaN everywhere; a group
    whose mean is 0 gives mean 0, SD 0 and CV NaN (undefined), never a division warning.
    """
    p = np.asarray(students, dtype=np.float64)
    q = np.asarray(quantity, dtype=np.float64)
    total_p = np.bincount(groups, weights=p, minlength=n_groups)
    total_q = np.bincount(groups, weights=q, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = scale * total_q / total_p
        x = scale * q / p
        dev = x - mean[groups]
        var = np.bincount(groups, weights=p * dev * dev, minlength=n_groups) / total_p
        sd = np.sqrt(var)
        cv = np.where(mean > 0, sd / np.where(mean > 0, mean, 1.0), np.nan)
    return GroupStats(mean=mean, sd=sd, cv=cv)
