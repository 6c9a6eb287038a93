"""Scope (DOMAIN.md §5): teaching points merged or left out, private and special schools."""

from __future__ import annotations

import csv
import json

import yaml

from balance_cli.rules.load import resolved_data
from messy import clean_rows
from support import balance

EXTRA = ["学校类型", "办别", "所属学校"]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def assess(path, *extra):
    result = balance("assess", path, "--format", "json", *extra)
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


def county_with_scope_columns():
    rows = [r[:13] for r in clean_rows()]  # the 13 columns up to 中级及以上职称教师数
    header, data = rows[0] + EXTRA, [[*r, "", "公办", ""] for r in rows[1:]]
    parent = data[0]  # 示例县南关小学, primary
    point = ["2141190001", "南关小学王庄教学点", "小学", 30, 2, 60.0, 200.0, 30000, 3, 900, 3, 3, 1]
    private = [
        "2141190002",
        "示例县育才民办小学",
        "小学",
        400,
        9,
        1800.0,
        3600.0,
        800000,
        40,
        4000,
        20,
        19,
        8,
    ]
    special = [
        "2141190003",
        "示例县特殊教育学校",
        "小学",
        80,
        8,
        900.0,
        1200.0,
        500000,
        20,
        3000,
        20,
        20,
        10,
    ]
    data += [
        [*point, "教学点", "公办", parent[1]],
        [*private, "小学", "民办", ""],
        [*special, "特殊教育学校", "公办", ""],
    ]
    return header, data, point, private


def test_scope_merges_excludes_and_reports(tmp_path):
    header, data, point, private = county_with_scope_columns()
    result, got = assess(write_csv(tmp_path / "scope.csv", [header, *data]))
    assert result.returncode == 0, result.stderr

    # The same county written by hand: the point added into its parent, the private school
    # kept (it counts in the CVs), the special-education school left out.
    by_hand = [r[:13] for r in data[:-3]]
    by_hand[0] = by_hand[0][:3] + [a + b for a, b in zip(by_hand[0][3:], point[3:], strict=True)]
    by_hand.append(private)
    _, want = assess(write_csv(tmp_path / "by-hand.csv", [header[:13], *by_hand]))
    for level in ("primary", "junior"):
        g, w = dict(got["levels"][level]), dict(want["levels"][level])
        # by hand, the private school is checked against the standards (and misses one)
        assert g.pop("schools_failing_standards") == 0
        w.pop("schools_failing_standards")
        assert g == w

    reasons = {e["code"]: (e["reason"], e["left_out_of"]) for e in got["excluded"]}
    assert reasons == {
        "2141190001": ("teaching_point_merged", ["balance", "standards"]),
        "2141190002": ("scope_out_standards", ["standards"]),
        "2141190003": ("scope_out_both", ["balance", "standards"]),
    }
    merged = next(e for e in got["excluded"] if e["code"] == "2141190001")
    assert "示例县南关小学（2141100001）" in merged["message"]
    codes = {s["code"]: s for s in got["schools"]}
    assert "2141190001" not in codes and "2141190003" not in codes
    # 4,000 books for 400 students is below 20 per student, but a private school is not
    # part of the standards check.
    assert codes["2141190002"]["in_standards"] is False
    assert codes["2141190002"]["in_balance"] is True
    assert codes["2141190002"]["passed"] is True
    assert codes["2141100001"]["students"] == 156 + 30


def test_teaching_point_whose_parent_is_missing(tmp_path):
    header, data, _, _ = county_with_scope_columns()
    data[-3][-1] = "不存在的学校"
    result, got = assess(write_csv(tmp_path / "scope.csv", [header, *data]))
    assert result.returncode == 2
    problem = got["error"]["problems"][0]
    assert problem["kind"] == "parent_not_found" and problem["row"] == 57


def test_rules_can_leave_teaching_points_out(tmp_path):
    data_rules = resolved_data("henan-199")
    data_rules["scope"]["teaching_points"]["action"] = "exclude"
    rules = tmp_path / "exclude.yaml"
    rules.write_text(yaml.safe_dump(data_rules, allow_unicode=True), encoding="utf-8")
    header, data, _, _ = county_with_scope_columns()
    _, got = assess(write_csv(tmp_path / "scope.csv", [header, *data]), "--rules", str(rules))
    codes = {s["code"]: s for s in got["schools"]}
    assert codes["2141100001"]["students"] == 156
    point = next(e for e in got["excluded"] if e["code"] == "2141190001")
    assert point["reason"] == "teaching_point_excluded"
