"""`balance diff` between survey years and `balance template`."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import load_workbook

from balance_cli.rules import load_rules
from messy import clean_rows
from support import SAMPLES, balance


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def two_years(tmp_path):
    """Year 2 by hand: school 2 closed, a new school opened, school 1 doubled its books."""
    rows = clean_rows()
    old = write_csv(tmp_path / "2023.csv", rows)
    new_rows = [rows[0], rows[1][:], *rows[3:]]
    new_rows[1][9] = rows[1][9] * 2  # 图书册数 of 示例县南关小学 (2141100001)
    new_rows.append(
        [
            "2141100099",
            "示例县新开小学",
            "小学",
            300,
            8,
            1500.0,
            3000.0,
            700000,
            30,
            9000,
            17,
            16,
            8,
        ]
    )
    new = write_csv(tmp_path / "2024.csv", new_rows)
    return old, new, rows


def test_diff_json_against_a_hand_built_pair(two_years, tmp_path):
    old, new, rows = two_years
    result = balance("diff", old, new, "--format", "json")
    data = json.loads(result.stdout)
    assert data["schools_added"] == ["2141100099"]
    assert data["schools_removed"] == [rows[2][0]]
    changed = {s["code"]: s for s in data["schools_changed"]}
    assert set(changed) == {"2141100001"}  # nobody else's values moved
    books = changed["2141100001"]["changes"]["books"]
    assert books["new"] == pytest.approx(2 * books["old"]) and books["relative"] == pytest.approx(
        1.0
    )
    # the CVs are those of the two single assessments
    a = json.loads(balance("assess", old, "--format", "json").stdout)
    b = json.loads(balance("assess", new, "--format", "json").stdout)
    for level in ("primary", "junior"):
        for key, ind in data["levels"][level]["indicators"].items():
            assert ind["old_cv"] == a["levels"][level]["indicators"][key]["cv"]
            assert ind["new_cv"] == b["levels"][level]["indicators"][key]["cv"]
            assert ind["delta"] == pytest.approx(ind["new_cv"] - ind["old_cv"])
    junior = data["levels"]["junior"]["indicators"]
    assert all(v["delta"] == 0 for v in junior.values())  # junior schools did not change
    assert result.returncode == (0 if b["passed"] else 1)


def test_diff_table_and_csv(two_years):
    old, new, _ = two_years
    table = balance("diff", old, new).stdout
    assert "新增" in table and "减少" in table and "示例县新开小学" in table
    assert "生均图书册数" in table and "+100.0%" in table
    rows = list(csv.DictReader(balance("diff", old, new, "--format", "csv").stdout.splitlines()))
    assert len(rows) == 2 * 9


def test_diff_samples_across_years():
    result = balance(
        "diff", SAMPLES / "county-a-2023.xlsx", SAMPLES / "county-a-2024.xlsx", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert data["schools_added"] == ["2141100040"] and data["schools_removed"] == ["2141100007"]
    assert result.returncode == 0


def test_diff_refuses_different_rules():
    result = balance(
        "diff",
        SAMPLES / "county-c-2023.xlsx",
        SAMPLES / "county-c-2023.xlsx",
        "--old-rules",
        "national-2017",
    )
    assert result.returncode == 2 and "规则不同" in result.stderr


def test_filled_template_gives_the_samples_results(tmp_path):
    path = tmp_path / "tpl.xlsx"
    assert balance("template", path).returncode == 0
    rules = load_rules("henan-199")
    wb = load_workbook(path)
    ws = wb["学校"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["学校标识码", "学校名称", "学段", "在校生数(人)"]
    by_name = {c.name: j for j, c in enumerate(rules.columns)}
    rows = clean_rows()
    for r, row in enumerate(rows[1:], start=2):
        for name, value in zip(rows[0], row, strict=True):
            ws.cell(row=r, column=by_name[name] + 1, value=value)
    wb.save(path)
    got = json.loads(balance("assess", path, "--format", "json").stdout)
    want = json.loads(balance("assess", SAMPLES / "county-a-2023.csv", "--format", "json").stdout)
    assert got["levels"] == want["levels"]
    assert got["warnings"] == []  # the 说明 and 县情 sheets are understood, not warned about
    assert [s["code"] for s in got["schools"]] == [s["code"] for s in want["schools"]]


def test_template_presentation(tmp_path):
    path = tmp_path / "tpl.xlsx"
    assert balance("template", path, "--rules", "national-2017").returncode == 0
    wb = load_workbook(path)
    ws = wb["学校"]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    assert "网络多媒体教室数(间)" in headers and "教学仪器设备值(元)" in headers
    validations = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert validations["list"].startswith("C2") and "D2" in validations["decimal"]
    notes = [row for row in wb["说明"].iter_rows(values_only=True)]
    assert any(row[0] == "在校生数(人)" and row[3] == "必填" for row in notes)
    # No criteria 3 and 4 in national-2017, but every county input of its parts 2–4.
    county = list(wb["县情"].iter_rows(values_only=True))
    assert [row[0] for row in county] == ["项目"] + [
        i.name for i in load_rules("national-2017").quality.inputs
    ]
    assert county[[r[0] for r in county].index("初中三年巩固率")][:4] == (
        "初中三年巩固率",
        None,
        "%",
        "≥ 95%",
    )
    assert balance("template", path, "--force").returncode == 0
    inputs = list(load_workbook(path)["县情"].iter_rows(values_only=True))
    assert inputs[1][:3] == ("县级人民政府推进义务教育均衡发展工作评估得分", None, "≥ 85分")
    assert balance("template", path).returncode == 2  # exists, no --force
