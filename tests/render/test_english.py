"""``--lang en`` is English everywhere except the names that come from elsewhere.

Every command's English output (stdout and stderr, every width of test_width's runs)
holds no Chinese character outside: school names (possibly shortened with an ellipsis)
and sheet names of the input; the input's own vocabulary that the rules match (column
headers and their aliases, scope values such as 民办); and the titles of the Chinese
documents the rules cite as sources.
"""

from __future__ import annotations

import csv
import re

import pytest
from renders import COMMANDS, RULES, messy_file, rendered

from balance_cli.rules import load_rules
from support import SAMPLES, balance

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")


def allowed(rules_id: str) -> list[str]:
    names = []
    for path in [*SAMPLES.glob("*.csv"), messy_file()]:
        with path.open(encoding="utf-8") as fh:
            names += [row["学校名称"] for row in csv.DictReader(fh)]
    rules = load_rules(rules_id)
    words = [rules.source, *(st.source for st in rules.standards), rules.balance.source]
    for col in rules.columns:
        words += [col.name, *col.aliases]
    words += [c.source for c in rules.criteria]
    if rules.quality is not None:  # high-quality balance: the references its items cite
        words += [it.source.split("：")[0] for it in rules.quality.items]
    tp = rules.scope.teaching_points
    if tp is not None:
        words += [*tp.values, tp.source]
    for rule in rules.scope.exclude:
        words += [*rule.values, rule.source]
    sheets = ["学校", "小学", "初中"]  # the sheets of the sample workbooks
    return names + words + sheets


@pytest.mark.parametrize("rules", RULES)
@pytest.mark.parametrize("command", COMMANDS)
def test_english_output_has_no_chinese_of_its_own(command: str, rules: str) -> None:
    ok = allowed(rules)
    got = rendered(rules, "en")[command]
    for fmt, by_width in got.items():
        if fmt == "json":
            continue
        for w, (out, err) in by_width.items():
            for run in _CJK.findall(out + err):
                # a list of accepted headers is joined with 、 (workbook/load.py)
                for piece in run.strip("…").split("、"):
                    assert any(piece in word for word in ok), (
                        f"{command} {rules} {fmt} at {w}: {run!r}"
                    )


def test_units_are_english() -> None:
    out = rendered("henan-199", "en")["assess"]["-"]["200"][0]
    for unit in ("(m²)", "(yuan)", "(volumes)", "(computers)", "(teachers per student)"):
        assert unit in out
    rules = rendered("national-2017", "en")["rules"]["-"]["200"][0]
    assert "(people)" in rules and "(rooms)" in rules and "元" not in rules


def test_warnings_are_english(tmp_path) -> None:
    """A county with one junior school: the warning names the level in English."""
    lines = (SAMPLES / "county-a-2023.csv").read_text(encoding="utf-8").splitlines()
    juniors = [line for line in lines[1:] if ",初中," in line]
    keep = [lines[0], *(line for line in lines[1:] if ",初中," not in line), juniors[0]]
    path = tmp_path / "one-junior.csv"
    path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    proc = balance("assess", path, "--lang", "en")
    assert "junior secondary has only one school" in proc.stderr
    names = allowed("henan-199")
    for run in _CJK.findall(proc.stdout + proc.stderr):
        assert any(run.strip("…") in word for word in names), run
