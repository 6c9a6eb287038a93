"""The assessment core: composites, standards, edge cases and the verdict."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_cli.core.assess import assess, composite_cv
from balance_cli.rules import parse_rules
from balance_cli.rules.load import resolved_data
from support import make_table


def kinds(result):
    return [w.kind for w in result.warnings]


def test_composite_of_a_published_county():
    """DOMAIN.md §4: primary CVs 0.437 … 0.420 have composite 2.416 / 8 = 0.302."""
    cvs = [0.437, 0.419, 0.255, 0.188, 0.171, 0.263, 0.263, 0.420]
    assert composite_cv(cvs) == pytest.approx(0.302, abs=1e-12)
    assert composite_cv([*cvs[:7], None]) is None


def test_books_standard_at_and_below_the_minimum(rules):
    """Primary minimum 20 books per student: 2,000 / 100 = 20 passes, 1,999 / 100 fails by 0.01.

    Junior minimum 30: 6,000 / 200 = 30 passes.
    """
    table = make_table(
        [
            {"books": 2000, "students": 100, "name": "甲"},
            {"books": 1999, "students": 100, "name": "乙"},
            {"books": 6000, "students": 200, "name": "丙", "level": "junior"},
        ],
        rules,
    )
    result = assess(table, rules)
    assert result.schools.passed.tolist() == [True, False, True]
    (short,) = result.schools.shortfalls(1, rules.standards)
    assert short.standard == "books_per_student"
    assert short.value == pytest.approx(19.99)
    assert short.limit == 20
    assert short.gap == pytest.approx(0.01)
    assert result.levels["primary"].schools_failing_standards == 1
    assert result.criteria[0].status == "failed"
    assert not result.passed


def test_class_size_is_a_maximum_45_primary_50_junior(rules):
    """Primary limit 45 per class: 460 students in 10 classes = 46 fails. Junior limit 50
    (DOMAIN.md §6, issue 15; junior classes were not checked before): 500 / 10 = 50 passes,
    600 / 10 = 60 fails by 10. Without a 最大班额 column: the average class."""
    table = make_table(
        [
            {"students": 450, "classes": 10, "books": 9000},
            {"students": 460, "classes": 10, "books": 9200},
            {"students": 500, "classes": 10, "books": 15000, "level": "junior"},
            {"students": 600, "classes": 10, "books": 18000, "level": "junior"},
        ],
        rules,
    )
    result = assess(table, rules)
    assert result.schools.passed.tolist() == [True, False, True, False]
    (short,) = result.schools.shortfalls(1, rules.standards)
    assert (short.standard, short.value, short.limit, short.bound) == ("class_size", 46, 45, "max")
    assert short.gap == pytest.approx(1.0)
    (short,) = result.schools.shortfalls(3, rules.standards)
    assert (short.standard, short.value, short.limit, short.gap) == ("class_size", 60, 50, 10)
    check = next(c for c in result.standards if c.key == "class_size")
    assert check.standard.basis == "average_class"


def test_missing_classes_column_means_not_checked(rules):
    table = make_table([{"students": 900, "books": 20000}], rules)
    result = assess(table, rules)
    assert "standard_not_checked" in kinds(result)
    assert result.schools.passed.tolist() == [True]


def test_zero_classes_cannot_be_checked(rules):
    table = make_table([{"students": 900, "books": 20000, "classes": 0}], rules)
    result = assess(table, rules)
    assert "standard_undefined" in kinds(result)
    assert result.schools.passed.tolist() == [True]


def test_single_school_has_zero_cvs_and_a_warning(rules):
    table = make_table(
        [{"students": 300, "books": 9000}, {"students": 100, "books": 2500, "level": "junior"}],
        rules,
    )
    result = assess(table, rules)
    junior = result.levels["junior"]
    assert all(r.cv == 0.0 for r in junior.indicators.values())
    assert junior.composite_cv == 0.0
    assert "single_school" in kinds(result)


def test_zero_mean_makes_the_level_fail(rules):
    rows = [{"students": 100, "books": 2500, "computers": 0} for _ in range(3)]
    result = assess(make_table(rows, rules), rules)
    primary = result.levels["primary"]
    assert primary.indicators["computers_per_100"].cv is None
    assert primary.composite_cv is None
    assert not primary.passed
    assert "mean_zero" in kinds(result)
    assert result.criteria[1].status == "failed"


def test_absent_level_is_reported_not_assessed(rules):
    rows = [{"students": 100 + i, "books": 3000} for i in range(3)]
    result = assess(make_table(rows, rules), rules)
    assert list(result.levels) == ["primary"]
    assert "level_absent" in kinds(result)
    assert result.passed


@pytest.mark.parametrize(
    ("gov", "sat", "passed", "statuses"),
    [
        (None, None, True, ["passed", "passed", "not_supplied", "not_supplied"]),
        (85, 85, True, ["passed", "passed", "passed", "passed"]),
        (84.9, None, False, ["passed", "passed", "failed", "not_supplied"]),
        (90, 80, False, ["passed", "passed", "passed", "failed"]),
    ],
)
def test_input_criteria(rules, gov, sat, passed, statuses):
    rows = [{"students": 100 + i, "books": 3000} for i in range(3)]
    result = assess(make_table(rows, rules), rules, {"gov_score": gov, "satisfaction": sat})
    assert [c.status for c in result.criteria] == statuses
    assert result.passed is passed


def test_composite_limit_decides_the_level(rules):
    """Two primary schools, books 10 and 40 per student with 100 students each: the books CV
    is 15/25 = 0.6, the other seven CVs are 0, so the composite is 0.6 / 8 = 0.075."""
    rows = [
        {"students": 100, "books": 1000, "teaching_space": 100, "sports_space": 100},
        {"students": 100, "books": 4000, "teaching_space": 100, "sports_space": 100},
    ]
    for r in rows:
        r.update(equipment_value=100, computers=100, teachers=100)
        r.update(qualified_teachers=100, senior_teachers=100)
    result = assess(make_table(rows, rules), rules)
    primary = result.levels["primary"]
    assert primary.indicators["books"].mean == pytest.approx(25.0)
    assert primary.indicators["books"].cv == pytest.approx(0.6)
    assert primary.composite_cv == pytest.approx(0.075)
    assert primary.passed
    assert result.schools.passed.tolist() == [False, True]  # 10 books < 20


def test_each_indicator_test_from_rules_data(rules):
    """With `balance.test: each`, every CV is compared with the limit (no composite)."""
    data = resolved_data("henan-199")
    data["balance"] = {"test": "each", "limits": {"primary": 0.5, "junior": 0.45}}
    each_rules = parse_rules(data, "each.yaml")
    rows = [{"students": 100, "books": 1000}, {"students": 100, "books": 4000}]
    result = assess(make_table(rows, each_rules), each_rules)
    primary = result.levels["primary"]
    assert primary.indicators["books"].passed is False  # 0.6 > 0.5
    assert primary.indicators["teaching_space"].passed is True
    assert primary.composite_max is None
    assert not primary.passed


def test_implausible_value_is_a_warning_naming_the_school(rules):
    rows = [{"students": 100, "books": 60000, "name": "某小学"}, {"students": 100, "books": 3000}]
    result = assess(make_table(rows, rules), rules)
    (w,) = [w for w in result.warnings if w.kind == "implausible_value"]
    assert "某小学" in w.message("zh") and w.row == 2


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 3000),
            st.lists(st.floats(0.5, 1e5), min_size=8, max_size=8),
            st.booleans(),
        ),
        min_size=2,
        max_size=30,
    )
)
def test_composite_is_the_mean_of_the_eight(rules, schools):
    columns = [i.column for i in rules.indicators]
    rows = [
        {"students": p, "level": "junior" if j else "primary", **dict(zip(columns, q, strict=True))}
        for p, q, j in schools
    ]
    result = assess(make_table(rows, rules), rules)
    for level in result.levels.values():
        cvs = [r.cv for r in level.indicators.values()]
        assert len(cvs) == 8
        assert level.composite_cv == pytest.approx(math.fsum(cvs) / 8, abs=1e-12)
