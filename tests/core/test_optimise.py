"""The cheapest plan, checked against optima computed here independently (issue 13).

Small counties: every whole-unit allocation is enumerated (brute force) and the
continuous resource is solved by its own bisection, so the optimum is exact and shares no
code with the tool. Large counties: the tool's own proven bound. Every plan is applied and
assessed again.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from plan_helpers import PRICES, cv, flat_rows, rules_with, water_units

from balance_cli.core.assess import assess
from balance_cli.core.plan import fill_to, make_plan
from balance_cli.rules import load_rules
from balance_cli.workbook.prices import example_prices
from support import SAMPLES, balance, make_table

FAILING = SAMPLES / "county-b-2023.xlsx"

# ------------------------------------------------------------------ whole units, one indicator


def brute_units(p, q, scale, target, cap=10):
    """The fewest whole units meeting ``target``, by enumerating every allocation."""
    best = math.inf
    for add in itertools.product(range(cap + 1), repeat=len(p)):
        total = sum(add)
        if total >= best:
            continue
        values = [scale * (qi + a) / pi for pi, qi, a in zip(p, q, add, strict=True)]
        if cv(p, values) <= target + 1e-12:
            best = total
    return best


@pytest.mark.parametrize("seed", range(12))
def test_whole_units_equal_the_exact_integer_optimum(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 5))
    p = rng.integers(5, 40, n).astype(float)
    q = rng.integers(1, 8, n).astype(float)
    scale = float(rng.choice([1.0, 100.0]))
    now = cv(p.tolist(), (scale * q / p).tolist())
    for factor in (0.8, 0.5, 0.3):
        target = now * factor
        want = brute_units(p.tolist(), q.tolist(), scale, target)
        if not math.isfinite(want):
            continue
        add = fill_to(p, q, scale, target, countable=True)
        assert np.all(add == np.round(add)) and add.min() >= 0
        assert add.sum() == want
        assert cv(p.tolist(), (scale * (q + add) / p).tolist()) <= target + 1e-12


@pytest.mark.parametrize("seed", range(6))
def test_each_test_plans_whole_teachers_at_the_integer_optimum(seed):
    """A whole plan ("each" test), one failing indicator of whole units: teachers with
    intermediate titles. Brute force on the same data gives the same count."""
    rng = np.random.default_rng(100 + seed)
    p = [float(x) for x in rng.integers(20, 60, 4)]
    senior = [float(x) for x in rng.integers(1, 6, 4)]
    rules = rules_with("each", 0.2)
    rows = flat_rows(p, {"senior_teachers": senior, "teachers": [s + 10 for s in senior]})
    now = cv(p, [s / pi for s, pi in zip(senior, p, strict=True)])
    if now <= 0.2:
        pytest.skip("passes already")
    plan = make_plan(make_table(rows, rules), rules)
    got = sum(a.amount for a in plan.additions if a.column == "senior_teachers")
    assert got == brute_units(p, senior, 1.0, 0.2 - 1e-11, cap=12)
    # one hire is one teacher: the titled hires also raise 专任教师 by as many
    assert got == sum(
        a.amount for a in plan.additions if a.column == "teachers" and a.reason == "subset"
    )
    assert plan.after.passed


# ------------------------------------------------------------------ composite, small counties


def pareto(p, q, scale, cap):
    """(units, CV) of every whole allocation that no cheaper one beats."""
    points = {}
    for add in itertools.product(range(cap + 1), repeat=len(p)):
        total = sum(add)
        value = cv(p, [scale * (qi + a) / pi for pi, qi, a in zip(p, q, add, strict=True)])
        points[total] = min(points.get(total, math.inf), value)
    front, best = [], math.inf
    for total in sorted(points):
        if points[total] < best:
            best = points[total]
            front.append((total, best))
    return front


def independent_composite(p, books, computers, equipment, limit, prices):
    """Exact optimum of the composite for three varied indicators (the others at CV 0):
    every Pareto point of the two whole ones, the continuous one solved for the rest."""
    budget = 8 * limit
    best = math.inf
    for nb, cb in pareto(p, books, 1.0, 8):
        for nc, cc in pareto(p, computers, 100.0, 8):
            rest = budget - cb - cc
            if rest < 0:
                continue
            units = water_units(p, equipment, rest)
            best = min(best, prices["books"] * nb + prices["computers"] * nc + units)
    return best


@pytest.mark.parametrize("seed", range(10))
def test_small_composite_plans_are_within_1pct_of_the_exact_optimum(seed):
    rng = np.random.default_rng(200 + seed)
    p = [float(x) for x in rng.integers(30, 80, 4)]
    books = [float(round(40 * pi * f)) for pi, f in zip(p, rng.uniform(0.8, 1.3, 4), strict=True)]
    computers = [float(x) for x in rng.integers(2, 9, 4)]
    equipment = [2000 * pi * f for pi, f in zip(p, rng.uniform(0.3, 1.5, 4), strict=True)]
    cvs = [
        cv(p, [b / pi for b, pi in zip(books, p, strict=True)]),
        cv(p, [100 * c / pi for c, pi in zip(computers, p, strict=True)]),
        cv(p, [e / pi for e, pi in zip(equipment, p, strict=True)]),
    ]
    limit = sum(cvs) / 8 * float(rng.uniform(0.6, 0.9))
    prices = {"books": float(rng.choice([10, 30, 60])), "computers": 4500.0}
    want = independent_composite(p, books, computers, equipment, limit, prices)
    rules = rules_with("composite", limit)
    rows = flat_rows(p, {"books": books, "computers": computers, "equipment_value": equipment})
    table = make_table(rows, rules)
    plan = make_plan(table, rules, prices={**PRICES, **prices}, objective="cost")
    assert plan.after.passed
    assert plan.cost <= want * 1.01 + 1e-6
    assert plan.lower_bound <= want * (1 + 1e-9) + 1e-6  # the bound is a bound
    assert plan.gap == pytest.approx((plan.cost - plan.lower_bound) / plan.cost)
    # the cost is what the additions cost at these prices
    paid = sum(
        {**PRICES, **prices}[a.column] * a.amount for a in plan.additions if a.reason != "subset"
    )
    assert plan.cost == pytest.approx(paid)


# ------------------------------------------------------------------ larger counties


def random_county(rng, n, rules, whole_only=False):
    p = rng.integers(60, 2500, n).astype(float)
    level = np.where(rng.random(n) < 0.3, "junior", "primary")
    rows = flat_rows(p.tolist(), {})
    for r, lv in zip(rows, level, strict=True):
        r["level"] = lv
    for column, sigma in (
        ("books", 0.5),
        ("computers", 0.7),
        ("sports_space", 0.6),
        ("equipment_value", 0.8),
    ):
        if whole_only and column in ("sports_space", "equipment_value"):
            continue
        factor = np.exp(rng.normal(0, sigma, n))
        for r, f in zip(rows, factor, strict=True):
            r[column] = round(r[column] * f) if rules.column(column).countable else r[column] * f
    return rows


@pytest.mark.parametrize(("seed", "n"), [(1, 5), (2, 40), (3, 150), (4, 400)])
def test_large_counties_plan_within_1pct_of_their_proven_bound(seed, n):
    rng = np.random.default_rng(300 + seed)
    rules = rules_with("composite", 0.2)
    table = make_table(random_county(rng, n, rules), rules)
    before = assess(table, rules)
    assert not before.passed
    plan = make_plan(table, rules, prices=PRICES, objective="cost")
    assert plan.after.passed
    assert 0 < plan.lower_bound <= plan.cost
    assert plan.gap <= 0.01
    # applying the additions by hand gives the assessed "after"
    again = assess(plan.table_after, rules)
    assert again.passed


@pytest.mark.parametrize("seed", range(6))
def test_priced_plan_never_costs_more_than_the_unpriced_plan(seed):
    rng = np.random.default_rng(400 + seed)
    rules = rules_with("composite", 0.2)
    table = make_table(random_county(rng, 30, rules), rules)
    prices = {k: v * float(rng.uniform(0.2, 5.0)) for k, v in PRICES.items()}
    priced = make_plan(table, rules, prices=prices, objective="cost")
    assert priced.after.passed
    example = example_prices(rules)
    for default in (
        make_plan(table, rules),  # no prices at all: the fewest units
        make_plan(table, rules, prices=example, objective="example_cost"),  # the CLI's default
    ):
        cost_of_default = sum(
            prices[a.column] * a.amount for a in default.additions if a.reason != "subset"
        )
        assert default.after.passed
        assert priced.cost <= cost_of_default * (1 + 1e-9)


# ------------------------------------------------------------------ national-2017


def test_2017_each_failing_school_takes_its_cheapest_way_to_pass():
    """School 0 misses two standards: sports space (at 80 %, below the 85 % floor) and
    equipment (at 90 %). Its cheapest way: equipment only to the floor is already met, so
    fix sports space fully (the pricier one to leave), or fix equipment fully and sports
    space to 85 % — whichever costs less at the prices. School 1 misses one standard at
    90 %: it passes already and gets nothing."""
    rules = load_rules("national-2017")
    base = {
        "students": 100,
        "classes": 3,
        "qualified_teachers": 6,
        "backbone_teachers": 2,
        "pe_art_teachers": 1,
        "teachers": 10,
        "teaching_space": 500,
        "sports_space": 800,
        "equipment_value": 250_000,
        "multimedia_rooms": 3,
    }
    rows = [dict(base, level="primary") for _ in range(4)]
    rows[0] |= {"sports_space": 600.0, "equipment_value": 180_000.0}  # 80 % and 90 %
    rows[1] |= {"teaching_space": 405.0}  # 90 % of 4.5 m²: passes (6 of 7, ≥ 85 %)
    table = make_table(rows, rules)
    prices = {**PRICES, "sports_space": 300.0, "equipment_value": 1.0, "multimedia_rooms": 1.0}
    plan = make_plan(table, rules, prices=prices, objective="cost")
    # option A: sports to 7.5 m² (+150 m² = 45,000 元), equipment stays at 90 % (≥ 85 %)
    # option B: equipment to 2000 (+20,000 元) and sports to 85 % (6.375 m²: +37.5 m² =
    # 11,250 元) = 31,250 元: cheaper
    got = {(a.index, a.column): a.amount for a in plan.additions if a.reason == "standard"}
    assert got == pytest.approx({(0, "equipment_value"): 20_000.0, (0, "sports_space"): 37.5})
    assert plan.after.schools.passed.all()
    assert plan.after.passed


# ------------------------------------------------------------------ through the CLI


PRICE_FILES = [
    "books: 25\n计算机台数: 6000\n专任教师数: 90000\n高于规定学历教师数: 95000\n"
    "中级及以上职称教师数: 100000\nteaching_space: 2000\nsports_space: 250\n"
    "equipment_value: 1\nclasses: 200000\n",
    # computers dear, teachers cheap: the plan turns to hiring
    "books: 25\n计算机台数: 60000\n专任教师数: 9000\n高于规定学历教师数: 9500\n"
    "中级及以上职称教师数: 10000\nteaching_space: 2000\nsports_space: 250\n"
    "equipment_value: 1\nclasses: 200000\n",
    # only books and space priced: the rest at the example prices (a note says so)
    "books: 80\nteaching_space: 500\nsports_space: 50\n",
]


@pytest.mark.parametrize("text", PRICE_FILES)
def test_priced_plan_applied_then_assessed_passes(tmp_path, text):
    prices = tmp_path / "prices.yaml"
    prices.write_text(text, encoding="utf-8")
    out = tmp_path / "planned.xlsx"
    run = balance("plan", FAILING, "--prices", prices, "--apply-to", out, "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["objective"] == "cost" and data["prices"]["books"] in (25, 80)
    assert data["lower_bound"] <= data["cost"]
    assert data["gap"] == pytest.approx((data["cost"] - data["lower_bound"]) / data["cost"])
    paid = sum(
        data["price_table"][a["column"]] * a["amount"]
        for a in data["additions"]
        if a["reason"] != "subset"
    )
    assert data["cost"] == pytest.approx(paid)
    assert balance("assess", out).returncode == 0
    table = balance("plan", FAILING, "--prices", prices)
    assert "在这些价格下任何方案的费用都不低于" in table.stdout
    english = balance("plan", FAILING, "--prices", prices, "--lang", "en")
    assert "no plan at these prices costs less than" in english.stdout


def test_budget_reports_how_far_it_gets(tmp_path):
    full = json.loads(balance("plan", FAILING, "--format", "json").stdout)
    enough = balance("plan", FAILING, "--budget", full["cost"] * 1.001, "--format", "json")
    assert enough.returncode == 0
    assert json.loads(enough.stdout)["cost"] <= full["cost"] * 1.001
    standards = sum(
        full["price_table"][a["column"]] * a["amount"]
        for a in full["additions"]
        if a["reason"] == "standard"
    )
    short = balance("plan", FAILING, "--budget", standards + 50_000, "--format", "json")
    assert short.returncode == 1
    data = json.loads(short.stdout)
    assert data["budget"] == standards + 50_000
    assert data["cost"] <= standards + 50_000
    assert data["passed_after"] is False
    junior = data["levels"]["junior"]
    assert junior["after"]["composite"] < junior["before"]["composite"]  # it gets closer
    text = balance("plan", FAILING, "--budget", standards + 50_000)
    assert text.returncode == 1 and "预算" in text.stdout and "可达到的最低差异系数" in text.stdout


# What money cannot buy: county C's largest classes (48 > 45, 56 > 50) and its schools of
# more than 2,000 pupils (issues 14 and 15 made both part of the 2017 assessment).
NOT_BOUGHT = {"class_size", "school_size"}


def test_2017_plan_applied_then_assessed_passes(tmp_path):
    out = tmp_path / "planned.xlsx"
    sample = SAMPLES / "county-c-2023.xlsx"
    run = balance("plan", sample, "--rules", "national-2017", "--apply-to", out, "--format", "json")
    assert run.returncode == 1, run.stderr  # it still fails, on what money cannot buy
    data = json.loads(run.stdout)
    assert data["passed_before"] is False
    assert data["lower_bound"] <= data["cost"]
    after = json.loads(
        balance("assess", out, "--rules", "national-2017", "--format", "json").stdout
    )
    failed = {c["key"] for c in after["criteria"] if c["status"] == "failed"}
    assert failed == NOT_BOUGHT
    resources = [c for c in after["criteria"] if c.get("part") == "resources"]
    assert resources and all(c["status"] == "passed" for c in resources)
    # no addition to a school that passes already
    before = json.loads(
        balance("assess", sample, "--rules", "national-2017", "--format", "json").stdout
    )
    passing = {s["code"] for s in before["schools"] if s["passed"]}
    assert not {a["code"] for a in data["additions"] if a["reason"] == "standard"} & passing


def coupled_case(seed):
    """Cost of the tool's plan and the brute-force optimum (None: nothing reachable)."""
    rng = np.random.default_rng(500 + seed)
    p = np.array([float(x) for x in rng.integers(40, 120, 3)])
    qual = np.array([float(x) for x in rng.integers(1, 5, 3)])
    teachers = qual + np.array([float(x) for x in rng.integers(1, 6, 3)])
    prices = {"teachers": 100.0, "qualified_teachers": float(rng.choice([100, 130, 300]))}
    grid = np.array(list(itertools.product(range(5), repeat=3)), dtype=float)  # 125 × 3
    a_t, a_q = grid[:, None, :], grid[None, :, :]  # every pair: plain hires, qualified hires

    def cvs(q):
        x = q / p
        mean = (x * p).sum(-1) / p.sum()
        var = ((x - mean[..., None]) ** 2 * p).sum(-1) / p.sum()
        return np.sqrt(var) / mean

    cv_t = cvs(teachers + a_t + a_q)
    cv_q = cvs(np.broadcast_to(qual + a_q, (*cv_t.shape, 3)))
    now = (cvs(teachers) + cvs(qual)) / 8
    limit = float(now * rng.uniform(0.5, 0.85))
    cost = prices["teachers"] * a_t.sum(-1) + prices["qualified_teachers"] * a_q.sum(-1)
    ok = (cv_t + cv_q) / 8 <= limit
    if not ok.any():
        return None
    rules = rules_with("composite", limit)
    rows = flat_rows(
        p.tolist(), {"teachers": teachers.tolist(), "qualified_teachers": qual.tolist()}
    )
    plan = make_plan(make_table(rows, rules), rules, prices={**PRICES, **prices}, objective="cost")
    assert plan.after.passed
    return plan, float(cost[ok].min())


def test_coupled_teachers_against_brute_force():
    """Qualified teachers are also 专任教师: a qualified hire raises both indicators. Every
    hiring of up to 4 plain and 4 qualified teachers per school (3 schools) is tried. The
    bound always holds and the plan is within 1 % of the optimum in every county (the
    local pass moves the qualified hires to where they also serve 专任教师)."""
    for seed in range(8):
        case = coupled_case(seed)
        if case is None:
            continue
        plan, want = case
        assert plan.lower_bound <= want + 1e-9
        assert plan.cost <= want * 1.01 + 1e-9
