"""The complete 2017 assessment as a user runs it: the installed ``balance`` in a
subprocess, on the sample county-d (示优二县) and on small hand-made counties."""

from __future__ import annotations

import json

from openpyxl import Workbook, load_workbook
from quality_county import COUNTY, base_rows, write_county

from support import SAMPLES, balance

COUNTY_D = SAMPLES / "county-d-2025.xlsx"


WIDE = {"COLUMNS": "200"}  # the text outputs at a fixed width


def test_county_d_json():
    run = balance("assess", COUNTY_D, "--rules", "national-2017", "--format", "json")
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    c = {x["key"]: x for x in data["criteria"]}
    assert [k for k, x in c.items() if x["status"] == "failed"] == [
        "class_size",
        "teacher_rotation",
    ]
    assert data["not_supplied"] == ["monitoring_school_gap"] and data["not_checked"] == []
    assert c["class_size"]["schools"] == ["4101200001"]
    assert c["class_size"]["misses"][0]["name"] == "示优二县城关初级中学"
    assert (c["class_size"]["misses"][0]["value"], c["class_size"]["misses"][0]["limit"]) == (
        56.0,
        50.0,
    )
    assert (c["teacher_rotation"]["value"], c["teacher_rotation"]["limit"]) == (8.5, 10.0)
    assert c["basic_balance_years"]["value"] == 6.0  # 2025 − 2019
    assert c["migrant_children"]["value"] == 93.0  # written 0.93
    assert c["social_recognition"]["value"] == 91.3  # written 91.3%
    assert c["curriculum"]["status"] == "passed"  # its label is an alias
    ind = data["indicators"]
    assert (ind["total"], ind["passed"], ind["failed"], ind["not_supplied"]) == (32, 29, 2, 1)
    # the special-education school and the teaching point are out of the CVs, in the items
    assert {e["reason"] for e in data["excluded"]} == {"teaching_point_merged", "scope_out_both"}
    assert c["special_school_funding"]["status"] == "passed"
    assert c["small_school_funding"]["status"] == "passed"


def test_county_d_table_zh_and_en():
    zh = balance("assess", COUNTY_D, "--rules", "national-2017", "--no-schools", env=WIDE)
    assert zh.returncode == 1
    for text in (
        "优质均衡 32 项指标：达标 29，未达标 2，未提供 1，未检查 0",
        "申报条件（1 项）：达标",
        "资源配置（7 项）：达标",
        "政府保障程度（15 项）：未达标",
        "教育质量（9 项）：未提供",
        "社会认可度（1 项）：达标",
        "示优二县城关初级中学",
        "8.5%",
    ):
        assert text in zh.stdout, text
    en = balance(
        "assess", COUNTY_D, "--rules", "national-2017", "--no-schools", "--lang", "en", env=WIDE
    )
    assert en.returncode == 1
    for text in (
        "32 indicators: 29 passed, 2 failed, 1 not supplied, 0 not checked",
        "government guarantee (15 indicators): failed",
        "Schools that miss an item (high-quality balance)",
        "largest class",
    ):
        assert text in en.stdout, text


def test_county_option_wins_over_the_sheet_and_is_checked():
    run = balance(
        "assess", COUNTY_D, "--rules", "national-2017", "--format", "json",
        "--county", "teacher_rotation=12%", "--county", "校际差异率=0.1",
    )  # fmt: skip
    data = json.loads(run.stdout)
    c = {x["key"]: x for x in data["criteria"]}
    assert c["teacher_rotation"]["value"] == 12.0 and c["teacher_rotation"]["status"] == "passed"
    assert c["monitoring_school_gap"]["value"] == 0.1
    assert data["not_supplied"] == [] and run.returncode == 1  # class size still fails
    bad = balance("assess", COUNTY_D, "--rules", "national-2017", "--county", "nearby=1")
    assert bad.returncode == 2 and "--county nearby=1" in bad.stderr
    bad = balance("assess", COUNTY_D, "--rules", "national-2017", "--county", "staffing=也许")
    assert bad.returncode == 2 and "应填 是/否" in bad.stderr


def test_county_sheet_values_out_of_range_are_located_errors(tmp_path):
    path = tmp_path / "bad.xlsx"
    write_county(path, base_rows(), {**COUNTY, "初中三年巩固率": "150%", "城乡四统一": "也许"})
    run = balance("assess", path, "--rules", "national-2017", "--lang", "en")
    assert run.returncode == 2
    assert (
        f"{path}:县情:19: 'junior three-year retention rate': the value '150%' is out of range"
        in run.stderr
    )
    assert (
        f"{path}:县情:7: 'urban and rural standards unified (building, staffing, funding norm,"
        in run.stderr
    )


def test_gov_score_850_and_satisfaction_minus_5_are_errors(tmp_path):
    src = load_workbook(SAMPLES / "county-a-2023.xlsx")
    sheet = src.create_sheet("县情")
    sheet.append(["县级政府工作评估得分", 850])
    sheet.append(["公众满意度", "-5%"])
    path = tmp_path / "a.xlsx"
    src.save(path)
    run = balance("assess", path)
    assert run.returncode == 2
    assert (
        f"{path}:县情:1: “县级人民政府推进义务教育均衡发展工作评估得分”的值“850”"
        "超出合理范围（0–100）" in run.stderr
    )
    assert f"{path}:县情:2: “公众满意度”的值“-5%”超出合理范围（0–100）" in run.stderr
    # 0.92 is 92 %
    sheet.delete_rows(1, 2)
    sheet.append(["县级政府工作评估得分", 90])
    sheet.append(["公众满意度", 0.92])
    src.save(path)
    data = json.loads(balance("assess", path, "--format", "json").stdout)
    assert {c["key"]: c["value"] for c in data["criteria"]}["satisfaction"] == 92.0


def test_report_has_the_four_parts(tmp_path):
    out = tmp_path / "r.xlsx"
    run = balance("report", COUNTY_D, "--rules", "national-2017", "-o", out)
    assert run.returncode == 1
    ws = load_workbook(out)["优质均衡"]
    cells = [row for row in ws.iter_rows(values_only=True)]
    titles = [r[0] for r in cells if r[0] and r[1] is None]
    assert "政府保障程度（15 项）：未达标" in titles
    row = next(r for r in cells if r[1] == "交流轮岗教师比例")
    assert row[:5] == (10, "交流轮岗教师比例", "≥ 10%", "8.5%", "未达标")


def test_filled_template_of_2017_assesses(tmp_path):
    path = tmp_path / "t.xlsx"
    assert balance("template", path, "--rules", "national-2017").returncode == 0
    wb = load_workbook(path)
    ws, county = wb["学校"], wb["县情"]
    headers = [c.value for c in ws[1]]
    for r, row in enumerate(base_rows(), start=2):
        for header, value in row.items():
            matches = [j for j, h in enumerate(headers) if h.split("(")[0] == header]
            ws.cell(row=r, column=matches[0] + 1, value=value)
    labels = {row[0].value: row[0].row for row in county.iter_rows(min_row=2)}
    for label, value in COUNTY.items():
        if label in labels:
            county.cell(row=labels[label], column=2, value=value)
    county.cell(row=labels["城乡“四统一”"], column=2, value="是")
    county.cell(row=labels["课程开齐开足、教学秩序规范、实践活动有效开展"], column=2, value="是")
    wb.save(path)
    run = balance("assess", path, "--rules", "national-2017", "--format", "json")
    data = json.loads(run.stdout)
    assert run.returncode == 0, [c for c in data["criteria"] if c["status"] != "passed"]
    assert data["indicators"]["passed"] == 32


def test_diff_lists_items_that_changed_status(tmp_path):
    old = write_county(tmp_path / "old.xlsx", base_rows(), COUNTY)
    rows = base_rows()
    rows[0]["最大班额"] = 47
    new = write_county(tmp_path / "new.xlsx", rows, {**COUNTY, "社会认可度": "80%"})
    run = balance("diff", old, new, "--rules", "national-2017", "--format", "json")
    assert run.returncode == 1
    changed = json.loads(run.stdout)["criteria_changed"]
    assert [(c["key"], c["old_status"], c["new_status"]) for c in changed] == [
        ("class_size", "passed", "failed"),
        ("social_recognition", "passed", "failed"),
    ]
    table = balance("diff", old, new, "--rules", "national-2017", env=WIDE)
    assert "结果有变化的评估项" in table.stdout


def test_basic_balance_output_keeps_its_shape():
    """henan-199 has no quality section: no items, no indicators key, criteria as before."""
    data = json.loads(balance("assess", SAMPLES / "county-a-2023.csv", "--format", "json").stdout)
    assert "indicators" not in data
    assert [c["key"] for c in data["criteria"]] == [
        "standards", "balance", "gov_score", "satisfaction"
    ]  # fmt: skip
    assert data["criteria"][2] == {
        "key": "gov_score", "status": "not_supplied", "value": None, "limit": 85.0,
        "part": None, "schools": [],
    }  # fmt: skip


def test_template_without_quality_has_no_class_sheet_confusion(tmp_path):
    # A workbook whose sheet is named 班级 but the rules have no quality section is read
    # as a school sheet as before (henan-199 knows no class sheets).
    wb = Workbook()
    ws = wb.active
    ws.title = "班级"
    ws.append(["学校名称", "学段", "在校生数"])
    ws.append(["甲小学", "小学", 100])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    run = balance("check", path, env=WIDE)
    assert "缺少必需的列" in run.stdout + run.stderr  # a school sheet, missing columns


def test_rules_show_lists_every_item_with_its_source():
    out = balance("rules", "show", "national-2017", env=WIDE).stdout
    assert "政府保障程度（18 项）" in out  # 15 indicators, 18 items (three have two parts)
    assert "  class_size               5. 班级学生数: ≤ 45 / 50人" in out
    assert (
        "依据: 教督〔2017〕6号 政府保障程度（五）：小学、初中所有班级学生数分别不超过45人、50人"
        in out
    )
    assert out.count("依据: 教督〔2017〕6号") >= 30


def test_readme_shows_the_real_output_of_county_d():
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    run = balance(
        "assess", COUNTY_D, "--rules", "national-2017", "--no-schools", env={"COLUMNS": "104"}
    )
    lines = [line.rstrip() for line in run.stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("优质均衡 32 项指标"))
    assert "\n".join(lines[start:]) in readme


def test_plan_adds_the_music_and_art_rooms_a_school_lacks(tmp_path):
    rows = base_rows()
    rows[3].update({"音乐专用教室数": 1, "音乐专用教室面积": 100.0})  # J1: 14 classes, needs 2
    path = write_county(tmp_path / "c.xlsx", rows, COUNTY)
    assert balance("assess", path, "--rules", "national-2017").returncode == 1
    run = balance("plan", path, "--rules", "national-2017", "--format", "csv")
    assert run.returncode == 0, run.stderr  # the planned county passes all 32
    assert run.stdout.splitlines()[1:] == [
        # one more room; then 2 rooms × 96 m² − 100 m² = 92 m²
        "J1,城关初级中学,junior,music_room_area,音乐专用教室面积,m²,92.0,quality,music_art_rooms",
        "J1,城关初级中学,junior,music_rooms,音乐专用教室数,间,1.0,quality,music_art_rooms",
    ]
    # county-d: what money cannot fix (a class of 56, rotation 8.5 %) still fails
    run = balance("plan", COUNTY_D, "--rules", "national-2017", "--format", "csv")
    assert run.returncode == 1 and run.stdout.splitlines()[1:] == []
