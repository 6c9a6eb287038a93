"""The national-2017 rule set end to end, and rules as data (extends, commands, 县情)."""

from __future__ import annotations

import json

import pytest
import yaml
from openpyxl import load_workbook

from balance_cli.rules import load_rules
from independent import compute_2017
from support import RULES_DIR, SAMPLES, balance

QUALITY = ["county-c-2023.xlsx", "county-c-2023.csv"]


@pytest.mark.parametrize("name", QUALITY)
def test_seven_cvs_and_six_of_seven_match_an_independent_computation(name):
    result = balance("assess", SAMPLES / name, "--rules", "national-2017", "--format", "json")
    got = json.loads(result.stdout)
    want = compute_2017(SAMPLES / name)
    for level, w in want["levels"].items():
        g = got["levels"][level]
        assert set(g["indicators"]) == set(w["cvs"])
        for key, cv in w["cvs"].items():
            assert g["indicators"][key]["cv"] == pytest.approx(cv, abs=1e-9)
            assert g["indicators"][key]["passed"] is (cv <= g["indicators"][key]["max"])
        # No composite test here, but the mean of the seven CVs is still reported.
        assert g["composite_cv"] == pytest.approx(sum(w["cvs"].values()) / 7, abs=1e-9)
        assert g["composite_max"] is None
        assert g["passed"] is w["passed"]
    verdicts = {(s["code"], s["level"]): s["passed"] for s in got["schools"]}
    assert verdicts == want["schools"]
    assert sum(not v for v in verdicts.values()) == 2  # the sample has two failing schools
    tolerated = [f for s in got["schools"] if s["passed"] for f in s["failed"]]
    assert tolerated and all(f["tolerated"] for f in tolerated)
    assert result.returncode == (0 if got["passed"] else 1)
    # The resources part first (standards, balance), then the items of parts 2–4.
    assert [c["key"] for c in got["criteria"]][:2] == ["standards", "balance"]
    assert {c["part"] for c in got["criteria"][:2]} == {"resources"}
    assert got["criteria"][0]["schools"] == sorted(
        {code for (code, _), ok in verdicts.items() if not ok}
    )


def test_national_2017_table_shows_every_school_and_the_rule():
    out = balance("assess", SAMPLES / "county-c-2023.xlsx", "--rules", "national-2017").stdout
    assert "各校达标情况（42 所）" in out
    assert "至少 6/7 项达到要求、其余不低于要求的 85% 即为达标" in out
    assert "0.8929 ✘" in out  # a tolerated miss is marked
    assert "综合" not in out  # no composite in this rule set


def test_henan_extends_national_2012():
    henan, national = load_rules("henan-199"), load_rules("national-2012")
    assert [i.key for i in henan.indicators] == [i.key for i in national.indicators]
    assert national.standards == ()
    assert [s.key for s in henan.standards] == [
        "books_per_student",
        "class_size",
        "computer_room",
        "ring_track",
        "dormitory_area",
        "beds_per_boarder",
    ]


def test_user_rules_extend_a_builtin_and_change_the_verdict(tmp_path):
    """A county adds a junior class-size limit of 40: one more school of county A fails."""
    custom = tmp_path / "county.yaml"
    custom.write_text(
        yaml.safe_dump(
            {
                "extends": "henan-199",
                "id": "county-a-local",
                "standards": [{"key": "class_size", "max": {"primary": 45, "junior": 40}}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    sample = SAMPLES / "county-a-2023.xlsx"
    assert balance("assess", sample).returncode == 0
    result = balance("assess", sample, "--rules", custom, "--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["rules"] == "county-a-local"
    failing = [s for s in data["schools"] if not s["passed"]]
    assert failing and all(s["level"] == "junior" for s in failing)
    assert all(
        f["standard"] == "class_size" and f["value"] > 40 for s in failing for f in s["failed"]
    )


def test_extends_errors(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("extends: b.yaml\nid: a\n", encoding="utf-8")
    b.write_text("extends: a.yaml\nid: b\n", encoding="utf-8")
    result = balance("rules", "check", a)
    assert result.returncode == 2 and "circular" in result.stderr
    c = tmp_path / "c.yaml"
    c.write_text("extends: henan-2099\nid: c\n", encoding="utf-8")
    result = balance("rules", "check", c)
    assert result.returncode == 2 and "找不到规则“henan-2099”" in result.stderr


def test_rules_commands():
    listed = balance("rules", "list").stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == [
        "henan-199",
        "national-2012",
        "national-2017",
    ]
    shown = balance("rules", "show", "national-2017").stdout
    assert "multimedia_rooms_per_100" in shown and "≥ 小学 2.3、初中 2.4" in shown
    assert "教督〔2017〕6号" in shown
    checked = balance("rules", "check", RULES_DIR / "national-2017.yaml")
    assert checked.returncode == 0 and "规则有效（national-2017）" in checked.stdout


def test_rules_check_reports_the_key_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: henan-199\nbalance: {limits: {primary: high}}\n", encoding="utf-8")
    result = balance("rules", "check", bad, "--lang", "en")
    assert result.returncode == 2
    assert "balance.limits.primary" in result.stderr


def test_inputs_sheet_feeds_criteria_3_and_4(tmp_path):
    wb = load_workbook(SAMPLES / "county-a-2023.xlsx")
    sheet = wb.create_sheet("县情")
    sheet.append(["县级政府工作评估得分", 91])
    sheet.append(["公众满意度", "88.5%"])
    path = tmp_path / "with-inputs.xlsx"
    wb.save(path)
    data = json.loads(balance("assess", path, "--format", "json").stdout)
    assert {c["key"]: (c["status"], c["value"]) for c in data["criteria"]}["satisfaction"] == (
        "passed",
        88.5,
    )
    assert data["not_supplied"] == []
    overridden = balance("assess", path, "--satisfaction", "80")
    assert overridden.returncode == 1
