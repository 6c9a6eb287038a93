"""What the plan tests of this folder share: example prices, an independent CV, a rule
set with a chosen limit, flat counties (every indicator at CV 0 but those varied) and
the continuous units that bring one indicator to a CV, found by bisection."""

from __future__ import annotations

import math

from balance_cli.rules import parse_rules
from balance_cli.rules.load import resolved_data

PRICES = {
    "books": 30.0,
    "computers": 4500.0,
    "equipment_value": 1.0,
    "teaching_space": 2500.0,
    "sports_space": 300.0,
    "teachers": 120000.0,
    "qualified_teachers": 130000.0,
    "senior_teachers": 140000.0,
    "classes": 1.0,
}


def cv(p, values):
    total = math.fsum(p)
    mean = math.fsum(pi * v for pi, v in zip(p, values, strict=True)) / total
    var = math.fsum(pi / total * (v - mean) ** 2 for pi, v in zip(p, values, strict=True))
    return math.sqrt(var) / mean


def rules_with(test: str, limit: float):
    data = resolved_data("henan-199")
    data["balance"] = {"test": test, "limits": {"primary": limit, "junior": limit}}
    return parse_rules(data)


def flat_rows(p, varied: dict[str, list[float]]):
    """Schools whose columns are proportional to students (CV 0) except ``varied``;
    books above the standard and classes of 30 (standards met: balance alone)."""
    rows = []
    for i, pi in enumerate(p):
        row = {
            "students": pi,
            "classes": pi / 30,
            "teaching_space": 5.0 * pi,
            "sports_space": 8.0 * pi,
            "equipment_value": 2000.0 * pi,
            "computers": 0.1 * pi,
            "books": 40.0 * pi,
            "teachers": 0.06 * pi,
            "qualified_teachers": 0.03 * pi,
            "senior_teachers": 0.02 * pi,
        }
        for column, values in varied.items():
            row[column] = values[i]
        rows.append(row)
    return rows


def water_units(p, q, target):
    """Continuous units (scale 1) meeting ``target``: bisection on the water level."""
    x = [qi / pi for qi, pi in zip(q, p, strict=True)]
    if cv(p, x) <= target:
        return 0.0
    low, high = min(x), max(x)
    for _ in range(200):
        mid = (low + high) / 2
        if cv(p, [max(v, mid) for v in x]) <= target:
            high = mid
        else:
            low = mid
    return sum(max(0.0, high - v) * pi for v, pi in zip(x, p, strict=True))
