"""Rules as data: the shipped files validate; broken files are rejected with the key path."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from balance_cli.errors import RulesError
from balance_cli.rules import builtin_names, load_rules
from balance_cli.rules.load import resolved_data
from balance_cli.rules.schema import SCHEMA
from support import EIGHT_INDICATORS, SAMPLES, balance, no_traceback

HENAN = resolved_data("henan-199")


def write_rules(tmp_path, data, name="custom.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_rules_follow_the_schema(name):
    jsonschema.Draft202012Validator(SCHEMA).validate(resolved_data(name))
    assert load_rules(name).id == name


def test_henan_rules_hold_the_domain_figures():
    rules = load_rules("henan-199")
    assert rules.balance.test == "composite"
    assert rules.balance.limits == {"primary": 0.65, "junior": 0.55}
    assert [i.key for i in rules.indicators] == EIGHT_INDICATORS
    assert rules.indicators[3].scale == 100
    books = next(s for s in rules.standards if s.key == "books_per_student")
    assert books.min == {"primary": 20, "junior": 30}
    assert all(s.source for s in rules.standards)
    assert {c.key: c.min for c in rules.criteria} == {"gov_score": 85, "satisfaction": 85}


def mutate(path_keys, value):
    data = yaml.safe_load(yaml.safe_dump(HENAN, allow_unicode=True))
    target = data
    for key in path_keys[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path_keys[-1]]
    else:
        target[path_keys[-1]] = value
    return data


BROKEN = {
    "limit not a number": (("balance", "limits", "primary"), "abc", "balance.limits.primary"),
    "unknown test": (("balance", "test"), "median", "balance.test"),
    "negative scale": (("indicators", 3, "scale"), -100, "indicators[3].scale"),
    "no indicators": (("indicators",), KeyError, "(top level)"),
    "standard without source": (("standards", 0, "source"), KeyError, "standards[0]"),
    "unknown key": (("balance", "limit"), 0.6, "balance"),
    "column reference": (("indicators", 0, "column"), "nonexistent", "indicators[0].column"),
    "level reference": (("balance", "limits", "senior"), 0.5, "balance.limits.senior"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_broken_rules_name_the_key_path(tmp_path, case):
    keys, value, path_text = BROKEN[case]
    path = write_rules(tmp_path, mutate(keys, value))
    with pytest.raises(RulesError) as info:
        load_rules(str(path))
    assert any(path_text in p.message("en") for p in info.value.problems), [
        p.message("en") for p in info.value.problems
    ]
    result = balance("assess", SAMPLES / "county-a-2023.csv", "--rules", path)
    assert result.returncode == 2
    assert path_text in result.stderr
    no_traceback(result)


def test_rules_that_are_not_yaml(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nlevels: [unclosed\n", encoding="utf-8")
    result = balance("assess", "whatever.csv", "--rules", path)
    assert result.returncode == 2
    assert "规则文件不是有效的 YAML" in result.stderr


def test_rules_are_checked_before_data_is_read(tmp_path):
    """A broken rules file is reported even when the data file does not exist."""
    path = write_rules(tmp_path, mutate(("balance", "test"), "median"))
    result = balance("assess", "missing.csv", "--rules", path)
    assert result.returncode == 2
    assert "balance.test" in result.stderr and "找不到文件" not in result.stderr


def test_unknown_rules_name():
    result = balance("assess", "x.csv", "--rules", "henan-2099")
    assert result.returncode == 2
    assert "找不到规则“henan-2099”" in result.stderr and "henan-199" in result.stderr


def test_a_custom_rules_file_changes_the_verdict(tmp_path):
    """County B fails on the junior composite (0.566 > 0.55) and on 8 junior schools below
    30 books per student (the lowest has 16.25). A county rule of 0.60 and 15 books passes."""
    data = mutate(("balance", "limits", "junior"), 0.60)
    data["standards"][0]["min"]["junior"] = 15
    data["id"] = "custom-county"
    path = write_rules(tmp_path, data)
    sample = str(SAMPLES / "county-b-2023.xlsx")
    assert balance("assess", sample).returncode == 1
    result = balance("assess", sample, "--rules", path)
    assert result.returncode == 0, result.stderr
    assert "初中综合 0.566 ≤ 0.6" in result.stdout
