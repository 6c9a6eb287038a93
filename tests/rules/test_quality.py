"""The complete 2017 assessment (教督〔2017〕6号): break each item in turn, see exactly that
item fail (naming the school for a school item); the passing county passes all 32."""

from __future__ import annotations

import json

import pytest
from quality_county import COUNTY, HEADERS, base_rows, school, write_county

from support import balance


def assess(path, *extra):
    result = balance("assess", path, "--rules", "national-2017", "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def by_key(data):
    return {c["key"]: c for c in data["criteria"]}


def test_the_passing_county_passes_all_32(tmp_path):
    code, data = assess(write_county(tmp_path / "ok.xlsx", base_rows(), COUNTY))
    assert code == 0 and data["passed"] is True
    statuses = {c["key"]: c["status"] for c in data["criteria"]}
    assert set(statuses.values()) == {"passed"}, statuses
    assert len(statuses) == 2 + 30  # standards, balance + precondition and 29 items
    ind = data["indicators"]
    assert (ind["total"], ind["passed"]) == (32, 32)
    parts = [i["part"] for i in ind["list"]]
    assert [parts.count(p) for p in ("resources", "government", "quality", "recognition")] == [
        7,
        15,
        9,
        1,
    ]
    c = by_key(data)
    # Hand-computed values of the passing county:
    assert c["basic_balance_years"]["value"] == 3.0  # 2021 − 2018
    assert c["teacher_rotation"]["value"] == 10.0  # "10%"
    assert c["backbone_rotation"]["value"] == 20.0  # 0.2 → 20 %
    assert c["teacher_certificates"]["value"] == 100.0  # 1 → 100 %
    assert c["nearby_enrolment_junior"]["value"] == 95.0  # "95"
    assert c["monitoring_level"]["value"] == 3.0  # Ⅲ级
    assert c["monitoring_school_gap"]["value"] == 0.149
    assert c["four_unified"]["value"] == 1.0  # ✓
    assert c["music_art_rooms"]["note"] == "area_average"
    assert {c[k]["part"] for k in ("standards", "balance")} == {"resources"}
    assert c["social_recognition"]["part"] == "recognition"


def _set(code, level=None, **changes):
    def change(rows):
        for row in rows:
            if row["学校标识码"] == code and (level is None or row["学段"] == level):
                row.update(changes)
        return rows

    return change


def _resized(code, students):
    """The school with more students and the same resources per student."""

    def change(rows):
        for i, row in enumerate(rows):
            if row["学校标识码"] == code:
                level = "primary" if row["学段"] == "小学" else "junior"
                new = school(
                    code,
                    row["学校名称"],
                    level,
                    row["学校类型"],
                    students,
                    row["班级数"],
                    row["最大班额"],
                    row["音乐专用教室数"],
                )
                rows[i] = new
        return rows

    return change


# (item, change to the school rows, change to the 县情 sheet, the schools named)
BREAKS = [
    ("standards", _set("P1", 教学及辅助用房面积=3.0 * 500, 体育运动场馆面积=6.0 * 500), {}, ["P1"]),
    ("balance", _set("J1", 教学仪器设备值=3500.0 * 600 * 4), {}, []),
    ("basic_balance_years", None, {"申请评估年份": 2020}, []),
    ("layout_planning", None, {"学校规划布局合理": "否"}, []),
    ("four_unified", None, {"城乡四统一": "✗"}, []),
    ("music_art_rooms", _set("J1", 音乐专用教室数=1, 音乐专用教室面积=100.0), {}, ["J1"]),
    ("music_art_rooms", _set("P1", 美术专用教室面积=89.9), {}, ["P1"]),
    ("school_size", _resized("J1", 2001), {}, ["J1"]),
    ("school_size", _resized("N1", 1501), {}, ["N1"]),  # 1,501 + 1,501 > 2,500
    ("class_size", _set("P1", 最大班额=46), {}, ["P1"]),
    ("class_size", _set("N1", "初中", 最大班额=51), {}, ["N1"]),
    ("small_school_funding", _set("T1", 公用经费=64999), {}, ["T1"]),
    ("small_school_funding", None, {"小学生均公用经费基准定额": 660}, ["V1", "T1"]),
    ("special_school_funding", _set("S1", 公用经费=299999), {}, ["S1"]),
    ("teacher_salary", None, {"教师平均工资收入与当地公务员平均工资收入之比": 0.99}, []),
    ("teacher_training", None, {"教师5年360学时培训完成率": "99.5%"}, []),
    ("staffing", None, {"编制和岗位统筹分配": "无"}, []),
    ("teacher_rotation", None, {"交流轮岗教师比例": 0.099}, []),
    ("backbone_rotation", None, {"交流轮岗教师中骨干教师比例": "19%"}, []),
    ("teacher_certificates", None, {"专任教师持证上岗率": 0.998}, []),
    ("nearby_enrolment_primary", None, {"城区和镇区公办小学就近入学比例": 99}, []),
    ("nearby_enrolment_junior", None, {"城区和镇区公办初中就近入学比例": "94.9%"}, []),
    ("quota_allocation", None, {"优质高中招生名额分配比例": 49}, []),
    ("left_behind_children", None, {"留守儿童关爱体系健全": "N"}, []),
    ("migrant_children", None, {"随迁子女在公办学校和政府购买服务的民办学校就读比例": 0.84}, []),
    ("consolidation_rate", None, {"初中三年巩固率": 94}, []),
    ("disabled_enrolment", None, {"残疾儿童少年入学率": "94%"}, []),
    ("school_charter", None, {"学校章程与管理、教学信息化": "否"}, []),
    ("training_budget", None, {"教师培训经费占学校年度公用经费预算总额比例": "4.9%"}, []),
    ("ict_use", None, {"教师熟练运用信息化手段、设施设备利用率较高": "否"}, []),
    ("moral_education", None, {"德育和校园文化达到良好以上": "否"}, []),
    ("curriculum", None, {"课程开齐开足、教学秩序规范、综合实践活动有效开展": "否"}, []),
    ("homework_burden", None, {"无过重课业负担": "否"}, []),
    ("monitoring_level", None, {"国家义务教育质量监测学业水平等级": "Ⅱ"}, []),
    ("monitoring_school_gap", None, {"国家义务教育质量监测校际差异率": 0.15}, []),
    ("social_recognition", None, {"社会认可度": "84.9%"}, []),
]


@pytest.mark.parametrize(
    ("key", "rows_change", "county_change", "schools"),
    BREAKS,
    ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)],
)
def test_breaking_one_item_fails_exactly_that_item(
    tmp_path, key, rows_change, county_change, schools
):
    rows = base_rows()
    if rows_change is not None:
        rows = rows_change(rows)
    path = write_county(tmp_path / "c.xlsx", rows, {**COUNTY, **county_change})
    code, data = assess(path)
    failed = [c["key"] for c in data["criteria"] if c["status"] != "passed"]
    assert failed == [key]
    assert code == 1 and data["passed"] is False
    assert by_key(data)[key]["schools"] == schools
    # Indicators failed among the 32: the precondition is none of them; the broken school
    # P1 misses two resource minimums (teaching space, sports space).
    assert data["indicators"]["failed"] == {"basic_balance_years": 0, "standards": 2}.get(key, 1)


def test_every_item_is_broken_by_some_case():
    from balance_cli.rules import load_rules

    rules = load_rules("national-2017")
    keys = {"standards", "balance"} | {i.key for i in rules.quality.items}
    assert keys == {b[0] for b in BREAKS}


def test_a_school_miss_names_value_and_limit(tmp_path):
    rows = _set("J1", 音乐专用教室数=1, 音乐专用教室面积=80.0)(base_rows())
    rows = _set("P1", 最大班额=47)(rows)
    rows = _resized("N1", 1300)(rows)  # 1,300 + 1,300 = 2,600 > 2,500
    _, data = assess(write_county(tmp_path / "c.xlsx", rows, COUNTY))
    c = by_key(data)
    assert c["music_art_rooms"]["misses"] == [
        # J1: 14 classes need ⌈14/12⌉ = 2 rooms; one room of 80 m² < 96
        {"code": "J1", "name": "城关初级中学", "level": "junior", "measure": "music_rooms",
         "value": 1.0, "limit": 2.0, "bound": "min"},
        {"code": "J1", "name": "城关初级中学", "level": "junior",
         "measure": "music_room_area_per_room", "value": 80.0, "limit": 96.0, "bound": "min"},
    ]  # fmt: skip
    assert c["class_size"]["misses"] == [
        {"code": "P1", "name": "城关小学", "level": "primary", "measure": "max_class_size",
         "value": 47.0, "limit": 45.0, "bound": "max"}
    ]  # fmt: skip
    assert c["school_size"]["misses"] == [
        {"code": "N1", "name": "实验学校小学部", "level": None, "measure": "students",
         "value": 2600.0, "limit": 2500.0, "bound": "max"}
    ]  # fmt: skip
    assert c["school_size"]["value"] == 1.0 and c["school_size"]["limit"] == 0.0


def test_missing_columns_are_not_checked_and_do_not_fail(tmp_path):
    headers = [h for h in HEADERS if h not in ("最大班额", "音乐专用教室面积", "公用经费")]
    path = write_county(tmp_path / "c.xlsx", base_rows(), COUNTY, headers)
    result = balance("assess", path, "--rules", "national-2017", "--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["passed"] is True
    assert data["not_checked"] == [
        "music_art_rooms",
        "class_size",
        "small_school_funding",
        "special_school_funding",
    ]
    assert data["not_supplied"] == []
    kinds = [(w["kind"], w["message"]) for w in data["warnings"]]
    # one warning per item not checked, in the user's language (zh by default)
    assert [k for k, _ in kinds] == ["quality_not_checked"] * 4
    assert ("quality_not_checked", "缺少列“最大班额”，未检查“班级学生数”") in kinds
    assert data["indicators"]["not_checked"] == 3  # rooms, class size, funding (one item)


def test_missing_county_inputs_are_not_supplied_and_do_not_fail(tmp_path):
    county = {k: v for k, v in COUNTY.items() if k not in ("社会认可度", "申请评估年份")}
    code, data = assess(write_county(tmp_path / "c.xlsx", base_rows(), county))
    assert code == 0 and data["passed"] is True
    assert data["not_supplied"] == ["basic_balance_years", "social_recognition"]
    # without the 县情 sheet at all: every county item is not supplied, still no failure
    code, data = assess(write_county(tmp_path / "d.xlsx", base_rows()))
    assert code == 0
    # the precondition, 24 county items and the small schools' funding (no norm given)
    assert len(data["not_supplied"]) == 26
    assert by_key(data)["small_school_funding"]["status"] == "not_supplied"


def test_a_blank_template_column_is_not_checked_rather_than_failed(tmp_path):
    rows = _set("P1", 音乐专用教室数=None)(base_rows())
    for row in rows:
        row["音乐专用教室数"] = None
    code, data = assess(write_county(tmp_path / "c.xlsx", rows, COUNTY))
    assert code == 0 and by_key(data)["music_art_rooms"]["status"] == "not_checked"
    assert not [w for w in data["warnings"] if w["kind"] == "placeholder_zero"]


def test_class_sheet_gives_the_largest_class(tmp_path):
    headers = [h for h in HEADERS if h != "最大班额"]
    classes = [("P1", "小学", f"{g}年级", 40) for g in range(1, 7)] + [
        ("P1", "小学", "六年级(2)班", 46),
        ("V1", "小学", "一年级", 20),
        ("N1", "初中", "七年级", 50),
        ("N1", "小学", "一年级", 45),
        ("J1", "初中", "八年级", "48"),
    ]
    path = write_county(tmp_path / "c.xlsx", base_rows(), COUNTY, headers, classes)
    code, data = assess(path)
    c = by_key(data)["class_size"]
    assert code == 1 and c["status"] == "failed" and c["schools"] == ["P1"]
    assert c["misses"][0]["value"] == 46.0 and c["misses"][0]["limit"] == 45.0
    # the same classes without the class of 46: passes
    path = write_county(
        tmp_path / "d.xlsx", base_rows(), COUNTY, headers, classes[:6] + classes[7:]
    )
    code, data = assess(path)
    assert code == 0 and by_key(data)["class_size"]["status"] == "passed"


def test_class_sheet_naming_an_unknown_school_is_an_error(tmp_path):
    headers = [h for h in HEADERS if h != "最大班额"]
    path = write_county(
        tmp_path / "c.xlsx", base_rows(), COUNTY, headers, [("X9", "小学", "一年级", 30)]
    )
    result = balance("assess", path, "--rules", "national-2017")
    assert result.returncode == 2
    assert "c.xlsx:班级:2: 班级所属学校“X9”不在调查表中" in result.stderr


def test_a_county_corrects_an_item_in_its_own_rules(tmp_path):
    rules = tmp_path / "county.yaml"
    rules.write_text(
        "extends: national-2017\nid: my-county\nquality:\n  items:\n"
        "    - {key: class_size, max: {primary: 40, junior: 50}, source: 本县标准（2025）}\n"
        "    - {key: social_recognition, min: 90, source: 本县标准（2025）}\n",
        encoding="utf-8",
    )
    path = write_county(tmp_path / "c.xlsx", base_rows(), COUNTY)
    result = balance("assess", path, "--rules", rules, "--format", "json")
    data = json.loads(result.stdout)
    c = by_key(data)
    assert result.returncode == 1
    # largest classes over 40 at primary: P1 (45) and N1's primary section (44)
    assert c["class_size"]["schools"] == ["P1", "N1"]
    assert (c["social_recognition"]["status"], c["social_recognition"]["limit"]) == (
        "failed",
        90.0,
    )
    assert len(data["criteria"]) == 32  # items merged by key, none added


def test_rules_with_a_broken_quality_item_are_refused(tmp_path):
    rules = tmp_path / "bad.yaml"
    rules.write_text(
        "extends: national-2017\nid: bad\nquality:\n  items:\n"
        "    - {key: pay, part: government, item: 7, test: input, input: nope, min: 1,"
        " source: x}\n"
        "    - {key: rooms, part: nowhere, item: 3, test: special_rooms, source: x}\n",
        encoding="utf-8",
    )
    result = balance("rules", "check", rules, "--lang", "en")
    assert result.returncode == 2
    assert "quality.items[30].input" in result.stderr and "nope" in result.stderr
    assert "quality.items[31].part" in result.stderr
    assert "'rooms' is a required property for test 'special_rooms'" in result.stderr
