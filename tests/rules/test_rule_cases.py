"""Rule behaviour as YAML cases (tests/rule_cases/*.yaml): schools in, verdicts out."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from balance_cli.core.assess import assess
from balance_cli.rules import load_rules
from support import make_table

CASES_DIR = Path(__file__).resolve().parent / "rule_cases"


def load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rules"], case, id=f"{path.stem}: {case['id']}")


@pytest.mark.parametrize(("rules_name", "case"), list(load_cases()))
def test_rule_case(rules_name, case):
    rules = load_rules(rules_name)
    result = assess(make_table(case["schools"], rules), rules)
    assert result.schools.passed.tolist() == case["passed"]
    missed = [
        len(result.schools.shortfalls(i, rules.standards)) for i in range(len(case["schools"]))
    ]
    assert missed == case["missed"]
