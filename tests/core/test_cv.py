"""The weighted difference coefficient against hand-computed values and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_cli.core.cv import weighted_cv


def cv1(students, quantity, scale=1.0):
    """Weighted stats for a single group."""
    s = weighted_cv(np.zeros(len(students), dtype=np.intp), 1, students, quantity, scale)
    return float(s.mean[0]), float(s.sd[0]), float(s.cv[0])


def test_domain_small_check():
    """DOMAIN.md §4: students 100, 200, 700; books 1,500, 4,000, 10,500.

    values 15, 20, 15; mean 16,000 / 1,000 = 16;
    S² = 0.1·1 + 0.2·16 + 0.7·1 = 4.0; S = 2; CV = 2 / 16 = 0.125.
    """
    mean, sd, cv = cv1([100, 200, 700], [1500, 4000, 10500])
    assert mean == pytest.approx(16.0, abs=1e-12)
    assert sd == pytest.approx(2.0, abs=1e-12)
    assert cv == pytest.approx(0.125, abs=1e-12)


def test_teacher_ratio_by_hand():
    """Students 200, 300, 500; teachers 10, 15, 40 → ratios 0.05, 0.05, 0.08.

    mean = 65 / 1000 = 0.065; every deviation is ±0.015, so S = 0.015 and
    CV = 0.015 / 0.065 = 3/13 = 0.230769…
    """
    mean, sd, cv = cv1([200, 300, 500], [10, 15, 40])
    assert mean == pytest.approx(0.065, abs=1e-15)
    assert sd == pytest.approx(0.015, abs=1e-15)
    assert cv == pytest.approx(3 / 13, abs=1e-12)


def test_scale_shows_in_mean_not_in_cv():
    """Computers per 100 students: students 400, 600; computers 20, 60 → 5 and 10.

    mean = 100 · 80 / 1000 = 8; S² = 0.4·9 + 0.6·4 = 6; CV = √6 / 8 = 0.306186…
    """
    mean, sd, cv = cv1([400, 600], [20, 60], scale=100)
    assert mean == pytest.approx(8.0, abs=1e-12)
    assert sd == pytest.approx(math.sqrt(6), abs=1e-12)
    assert cv == pytest.approx(math.sqrt(6) / 8, abs=1e-12)
    assert cv1([400, 600], [20, 60], scale=1)[2] == pytest.approx(cv, abs=1e-15)


def test_groups_are_independent():
    """Two groups in one call give what each gives alone (the small check and 3/13)."""
    groups = np.array([0, 0, 0, 1, 1, 1])
    s = weighted_cv(groups, 2, [100, 200, 700, 200, 300, 500], [1500, 4000, 10500, 10, 15, 40])
    assert s.cv.tolist() == pytest.approx([0.125, 3 / 13], abs=1e-12)


def test_zero_mean_is_undefined_and_empty_group_is_nan():
    s = weighted_cv(np.array([0, 0]), 2, [100, 200], [0, 0])
    assert s.mean[0] == 0 and s.sd[0] == 0 and math.isnan(s.cv[0])
    assert math.isnan(s.mean[1]) and math.isnan(s.cv[1])


def test_single_school_cv_is_zero():
    assert cv1([250], [5000])[2] == 0.0


counts = st.integers(min_value=1, max_value=5000)
amounts = st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(counts, amounts), min_size=2, max_size=40),
    st.floats(min_value=1e-3, max_value=1e4),
)
def test_cv_unchanged_when_a_resource_is_scaled(schools, k):
    students = [p for p, _ in schools]
    quantity = np.array([q for _, q in schools])
    assert cv1(students, quantity * k)[2] == pytest.approx(cv1(students, quantity)[2], abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=40), st.floats(min_value=0.01, max_value=500))
def test_cv_zero_when_all_schools_equal(students, per_student):
    quantity = [p * per_student for p in students]
    assert cv1(students, quantity)[2] == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.lists(amounts, min_size=2, max_size=40), counts)
def test_equal_enrolments_give_the_unweighted_population_cv(quantities, p):
    x = np.array(quantities) / p
    expected = float(np.std(x, ddof=0) / np.mean(x))
    assert cv1([p] * len(quantities), quantities)[2] == pytest.approx(expected, rel=1e-9, abs=1e-12)
