"""Henan's per-school standards (DOMAIN.md §6, issue 15): each one missed in turn, each
optional column absent in turn, through the installed ``balance`` command and the core.

Limits (henan-199): books ≥ 20 / 30 per student; every class ≤ 45 / 50 (the largest class
where 最大班额 is given, else the average 在校生数 / 班级数); computer-room computers ≥ the
largest class; ring track ≥ 200 m / 300 m; where there are boarders, dormitory area
≥ 3.0 / 3.3 m² per boarder and one bed per boarder.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from balance_cli.core.assess import assess
from balance_cli.rules import load_rules
from support import SAMPLES, balance, make_table

CASES = Path(__file__).resolve().parent / "rule_cases" / "henan-199.yaml"
NEW_STANDARDS = ["class_size", "computer_room", "ring_track", "dormitory_area", "beds_per_boarder"]
ALL_STANDARDS = ["books_per_student", *NEW_STANDARDS]

# column key → header; the identity, level and indicator columns first.
HEADERS = {
    "code": "学校标识码",
    "name": "学校名称",
    "level": "学段",
    "students": "在校生数",
    "teaching_space": "教学及辅助用房面积",
    "sports_space": "体育运动场馆面积",
    "equipment_value": "教学仪器设备值",
    "computers": "计算机台数",
    "books": "图书册数",
    "teachers": "专任教师数",
    "qualified_teachers": "高于规定学历教师数",
    "senior_teachers": "中级及以上职称教师数",
    "classes": "班级数",
    "max_class_size": "最大班额",
    "computer_room_computers": "计算机教室计算机台数",
    "track_length": "环形跑道长度",
    "boarders": "寄宿生数",
    "dormitory_area": "学生宿舍面积",
    "beds": "学生床位数",
}
LEVEL_NAMES = {"primary": "小学", "junior": "初中"}
WIDE = {"COLUMNS": "400"}  # lines whole, to find them in the output


def at_limits(level: str, code: str) -> dict:
    """A school exactly at every limit of its level (100 students, 50 of them boarders)."""
    primary = level == "primary"
    return {
        "code": code,
        "name": f"学校{code}",
        "level": level,
        "students": 100,
        "teaching_space": 500,
        "sports_space": 800,
        "equipment_value": 250000,
        "computers": 12,
        "books": 2000 if primary else 3000,
        "teachers": 7,
        "qualified_teachers": 6,
        "senior_teachers": 3,
        "classes": 3,
        "max_class_size": 45 if primary else 50,
        "computer_room_computers": 45 if primary else 50,
        "track_length": 200 if primary else 300,
        "boarders": 50,
        "dormitory_area": 150 if primary else 165,
        "beds": 50,
    }


def write_csv(path: Path, schools: list[dict], drop: tuple[str, ...] = (), headers=None) -> Path:
    keys = [k for k in HEADERS if k not in drop]
    names = headers or HEADERS
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([names[k] for k in keys])
        for s in schools:
            writer.writerow([LEVEL_NAMES[s[k]] if k == "level" else s[k] for k in keys])
    return path


def assess_json(path: Path, *extra) -> tuple[int, dict]:
    result = balance("assess", path, "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def failed_standards(data: dict) -> dict[str, list[str]]:
    return {s["code"]: [f["standard"] for f in s["failed"]] for s in data["schools"]}


# --------------------------------------------------------------- each standard missed

# standard → (level, the change that misses it by the smallest step)
MISSES = {
    "books_per_student": ("junior", {"books": 2999}),
    "class_size": ("primary", {"max_class_size": 46, "computer_room_computers": 46}),
    "computer_room": ("junior", {"computer_room_computers": 49}),
    "ring_track": ("junior", {"track_length": 299}),
    "dormitory_area": ("primary", {"dormitory_area": 149.9}),
    "beds_per_boarder": ("primary", {"beds": 49}),
}


def test_each_standard_missed_in_turn_fails_exactly_that_one(tmp_path):
    schools = [at_limits("primary", "P0"), at_limits("junior", "J0")]
    for key, (level, change) in MISSES.items():
        schools.append({**at_limits(level, key), **change})
    code, data = assess_json(write_csv(tmp_path / "misses.csv", schools))
    assert code == 1
    want = {"P0": [], "J0": [], **{key: [key] for key in MISSES}}
    assert failed_standards(data) == want
    assert data["standards_checked"] == ALL_STANDARDS
    assert data["standards_not_checked"] == []
    checks = {s["key"]: s for s in data["standards"]}
    assert {k: s["schools_failed"] for k, s in checks.items()} == dict.fromkeys(ALL_STANDARDS, 1)
    assert checks["class_size"]["basis"] == "largest_class"
    # hand-computed values and gaps of the misses
    shortfalls = {f["standard"]: f for s in data["schools"] for f in s["failed"]}
    assert shortfalls["class_size"]["value"] == 46 and shortfalls["class_size"]["limit"] == 45
    assert shortfalls["computer_room"]["value"] == pytest.approx(49 / 50)
    assert shortfalls["ring_track"]["gap"] == pytest.approx(1.0)
    assert shortfalls["dormitory_area"]["value"] == pytest.approx(149.9 / 50)
    assert shortfalls["dormitory_area"]["limit"] == 3.0
    assert shortfalls["beds_per_boarder"]["value"] == pytest.approx(0.98)


def test_at_every_limit_passes(tmp_path):
    schools = [at_limits("primary", "P0"), at_limits("junior", "J0")]
    code, data = assess_json(write_csv(tmp_path / "limits.csv", schools))
    assert code == 0 and data["passed"] is True
    assert data["standards_checked"] == ALL_STANDARDS
    assert not [w for w in data["warnings"] if w["kind"].startswith("standard_")]


# ------------------------------------------------------------- each column absent

# column dropped → (standards not checked, basis of class size)
ABSENT = {
    "max_class_size": (["computer_room"], "average_class"),
    "computer_room_computers": (["computer_room"], "largest_class"),
    "track_length": (["ring_track"], "largest_class"),
    "boarders": (["dormitory_area", "beds_per_boarder"], "largest_class"),
    "dormitory_area": (["dormitory_area"], "largest_class"),
    "beds": (["beds_per_boarder"], "largest_class"),
    "classes": ([], "largest_class"),
    ("classes", "max_class_size"): (["class_size", "computer_room"], None),
}


@pytest.mark.parametrize(
    "drop", list(ABSENT), ids=lambda d: "+".join(d) if isinstance(d, tuple) else d
)
def test_a_missing_column_means_not_checked_never_failed(tmp_path, drop):
    dropped = drop if isinstance(drop, tuple) else (drop,)
    not_checked, basis = ABSENT[drop]
    # every school misses everything it can: only checked standards may fail
    schools = [
        {**at_limits("primary", "P0"), "max_class_size": 44, "computer_room_computers": 44},
        {
            **at_limits("junior", "J0"),
            "books": 2000,
            "max_class_size": 60,
            "computer_room_computers": 10,
            "track_length": 100,
            "dormitory_area": 10,
            "beds": 1,
            "classes": 1,
        },
    ]
    code, data = assess_json(write_csv(tmp_path / "absent.csv", schools, drop=dropped))
    assert data["standards_not_checked"] == not_checked
    assert data["standards_checked"] == [k for k in ALL_STANDARDS if k not in not_checked]
    failed = set(failed_standards(data)["J0"])
    assert failed == set(data["standards_checked"])  # each checked one fails, no other
    assert failed_standards(data)["P0"] == []
    assert code == 1  # the junior school misses books in any case
    checks = {s["key"]: s for s in data["standards"]}
    assert all(checks[k]["status"] == "not_checked" for k in not_checked)
    if basis is not None:
        assert checks["class_size"]["basis"] == basis
    warnings = [w for w in data["warnings"] if w["kind"] == "standard_not_checked"]
    rules = load_rules("henan-199")
    by_key = {st.key: st for st in rules.standards}
    assert [w["params"]["standard"] for w in warnings] == [by_key[k].name for k in not_checked]
    for w, key in zip(warnings, not_checked, strict=True):
        # the warning names every missing column of the standard
        missing = [rules.column(c).name for c in by_key[key].columns if c in dropped]
        assert all(name in w["params"]["column"] for name in missing)


def test_average_class_is_used_without_the_largest_class(tmp_path):
    """Without 最大班额: 100 students in 2 classes = 50 > 45 fails; the output says it is the
    average; with 最大班额 = 45 the same school passes (the largest class decides)."""
    school = {**at_limits("primary", "P0"), "classes": 2}
    code, data = assess_json(write_csv(tmp_path / "avg.csv", [school], drop=("max_class_size",)))
    assert code == 1
    (f,) = data["schools"][0]["failed"]
    assert (f["standard"], f["value"], f["limit"]) == ("class_size", 50, 45)
    check = next(s for s in data["standards"] if s["key"] == "class_size")
    assert (check["basis"], check["name"], check["denominator"]) == (
        "average_class",
        "平均班额",
        "classes",
    )
    code, data = assess_json(write_csv(tmp_path / "largest.csv", [school]))
    assert code == 0
    check = next(s for s in data["standards"] if s["key"] == "class_size")
    assert (check["basis"], check["name"], check["denominator"]) == (
        "largest_class",
        "最大班额",
        None,
    )


def test_a_blank_largest_class_falls_back_to_the_average_for_that_school(tmp_path):
    """School P1 leaves 最大班额 blank: it is read as 0 (a located warning), and its class
    size is then its average, 100 / 2 = 50 > 45 — it fails on the measure it has; P0 is
    still checked on its largest class (45). Its computer room cannot be checked."""
    schools = [at_limits("primary", "P0"), {**at_limits("primary", "P1"), "classes": 2}]
    schools[1]["max_class_size"] = ""
    code, data = assess_json(write_csv(tmp_path / "blank.csv", schools))
    assert code == 1
    (f,) = next(s for s in data["schools"] if s["code"] == "P1")["failed"]
    assert (f["standard"], f["value"], f["limit"]) == ("class_size", 50, 45)
    check = next(s for s in data["standards"] if s["key"] == "class_size")
    assert (check["basis"], check["schools_on_fallback"], check["schools_checked"]) == (
        "largest_class",
        1,
        2,
    )
    kinds = [(w["kind"], w["params"].get("standard")) for w in data["warnings"]]
    assert ("placeholder_zero", None) in kinds
    assert ("standard_fallback", "最大班额") in kinds
    assert ("standard_undefined", "计算机教室按最大班额配备") in kinds
    fallback = next(w for w in data["warnings"] if w["kind"] == "standard_fallback")
    assert fallback["params"]["count"] == 1 and "学校P1（P1）" in fallback["params"]["schools"]


def test_text_output_says_what_was_checked_and_on_which_measure(tmp_path):
    path = write_csv(
        tmp_path / "s.csv", [at_limits("primary", "P0")], drop=("max_class_size", "track_length")
    )
    out = balance("assess", path, "--format", "plain", env=WIDE).stdout
    assert "已检查的标准：生均图书册数、平均班额（无“最大班额”列，按平均数检查" in out
    assert "寄宿生生均宿舍面积、寄宿生每人床位数" in out
    assert (
        "未检查的标准（缺少列）：计算机教室按最大班额配备（缺少“最大班额”）、环形跑道长度（缺少“环形跑道长度”）"
        in out
    )
    en = balance("assess", path, "--format", "plain", "--lang", "en", env=WIDE).stdout
    assert "standards checked: books per student, average class size (no largest-class column" in en
    assert "standards not checked (columns missing): computer-room computers per pupil" in en
    assert "ring track length (no 'ring track length')" in en
    full = balance("assess", write_csv(tmp_path / "f.csv", [at_limits("junior", "J0")]), env=WIDE)
    assert "最大班额（逐班检查）" in full.stdout


def test_boarding_standards_apply_only_to_schools_with_boarders():
    rules = load_rules("henan-199")
    rows = [
        {**at_limits("primary", "a"), "boarders": 0, "dormitory_area": 0, "beds": 0},
        {**at_limits("primary", "b"), "boarders": 10, "dormitory_area": 29, "beds": 10},
    ]
    result = assess(make_table(rows, rules), rules)
    assert result.schools.passed.tolist() == [True, False]
    area = result.schools.standard_values["dormitory_area"]
    assert area[0] != area[0] and area[1] == pytest.approx(2.9)  # NaN: not applicable
    checks = {c.key: c for c in result.standards}
    assert (checks["dormitory_area"].schools_checked, checks["dormitory_area"].schools_failed) == (
        1,
        1,
    )
    assert checks["beds_per_boarder"].schools_checked == 1
    assert not [w for w in result.warnings if w.kind == "standard_undefined"]


def test_a_zero_largest_class_cannot_check_the_computer_room():
    rules = load_rules("henan-199")
    rows = [{**at_limits("junior", "a"), "max_class_size": 0}]
    result = assess(make_table(rows, rules), rules)
    undefined = [w for w in result.warnings if w.kind == "standard_undefined"]
    assert [w.params["standard"] for w in undefined] == ["计算机教室按最大班额配备"]
    assert result.schools.passed.tolist() == [True]


# --------------------------------------------------------------- headers, units, aliases


def test_units_and_aliases_in_headers(tmp_path):
    headers = {
        **HEADERS,
        "max_class_size": "最大班级人数(人)",
        "computer_room_computers": "计算机教室台数（台）",
        "track_length": "环形跑道长度(m)",
        "boarders": "住校生数",
        "dormitory_area": "学生宿舍面积（㎡）",
        "beds": "床位数(张)",
    }
    school = {**at_limits("junior", "J0"), "track_length": 299}
    code, data = assess_json(write_csv(tmp_path / "u.csv", [school], headers=headers))
    assert data["standards_checked"] == ALL_STANDARDS
    assert failed_standards(data) == {"J0": ["ring_track"]} and code == 1
    headers["track_length"] = "环形跑道长度（米）"
    code, data = assess_json(write_csv(tmp_path / "m.csv", [school], headers=headers))
    assert failed_standards(data) == {"J0": ["ring_track"]}
    headers["track_length"] = "环形跑道长度(千米)"
    result = balance("assess", write_csv(tmp_path / "k.csv", [school], headers=headers))
    assert result.returncode == 2 and "千米" in result.stderr


# --------------------------------------------------------------- rule cases (extra keys)


def rule_cases():
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    for case in data["cases"]:
        if {"failed", "not_checked", "basis"} & set(case):
            yield pytest.param(case, id=case["id"])


@pytest.mark.parametrize("case", list(rule_cases()))
def test_rule_case_details(case):
    rules = load_rules("henan-199")
    result = assess(make_table(case["schools"], rules), rules)
    if "failed" in case:
        got = [
            [s.standard for s in result.schools.shortfalls(i, rules.standards)]
            for i in range(len(case["schools"]))
        ]
        assert got == case["failed"]
    if "not_checked" in case:
        assert [c.key for c in result.standards if not c.checked] == case["not_checked"]
    if "basis" in case:
        check = next(c for c in result.standards if c.key == "class_size")
        assert check.standard.basis == case["basis"]


# --------------------------------------------------------------- samples and commands


def test_county_c_misses_each_new_standard_once():
    """samples/generate.py makes one 示优县 school miss each standard (and nothing else)."""
    code, data = assess_json(SAMPLES / "county-c-2023.xlsx")
    assert code == 1 and data["standards_not_checked"] == []
    failing = {k: v for k, v in failed_standards(data).items() if v}
    assert failing == {
        "2141800003": ["class_size"],  # largest class 48 (average 32)
        "2141900002": ["class_size"],  # largest junior class 56
        "2141800005": ["computer_room"],
        "2141800007": ["ring_track"],  # 150 m
        "2141900004": ["ring_track"],  # 250 m, junior
        "2141900006": ["dormitory_area"],  # 2.8 m² per boarder, junior
        "2141800009": ["beds_per_boarder"],
    }
    assert {f for v in failing.values() for f in v} == set(NEW_STANDARDS)


@pytest.mark.parametrize("name", ["county-a-2023.xlsx", "county-a-2024.csv", "county-b-2023.csv"])
def test_other_samples_check_every_standard_and_miss_no_new_one(name):
    _, data = assess_json(SAMPLES / name)
    assert data["standards_checked"] == ALL_STANDARDS
    assert all(set(v) <= {"books_per_student"} for v in failed_standards(data).values())
    boarding = next(s for s in data["standards"] if s["key"] == "dormitory_area")
    assert 0 < boarding["schools_checked"] < len(data["schools"])


def test_plan_buys_what_money_fixes_and_leaves_the_rest(tmp_path):
    """county C: 6 computers (39 for a largest class of 45 … ), 10 beds and 358.5 m² of
    dormitory are planned; a class size or a track is not bought, so it still fails."""
    result = balance("plan", SAMPLES / "county-c-2023.csv", "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    got = {
        (a["code"], a["column"]): a["amount"]
        for a in data["additions"]
        if a["reason"] == "standard"
    }
    rows = {
        r["学校标识码"]: r
        for r in csv.DictReader((SAMPLES / "county-c-2023.csv").open(encoding="utf-8"))
    }
    computers = rows["2141800005"]
    dorm = rows["2141900006"]
    beds = rows["2141800009"]
    assert got == {
        ("2141800005", "computer_room_computers"): float(computers["最大班额"])
        - float(computers["计算机教室计算机台数"]),
        ("2141800009", "beds"): float(beds["寄宿生数"]) - float(beds["学生床位数"]),
        ("2141900006", "dormitory_area"): pytest.approx(
            3.3 * float(dorm["寄宿生数"]) - float(dorm["学生宿舍面积"])
        ),
    }
    assert data["passed_before"] is False and data["passed_after"] is False


def test_rules_show_and_a_county_file_with_the_new_keys(tmp_path):
    shown = balance("rules", "show", "henan-199", env=WIDE).stdout
    assert "环形跑道长度 = 环形跑道长度" in shown
    assert "没有所需列时改用: 平均班额 = 在校生数 / 班级数" in shown
    assert "（仅“寄宿生数”大于 0 的学校）" in shown
    custom = tmp_path / "county.yaml"
    custom.write_text(
        yaml.safe_dump(
            {
                "extends": "henan-199",
                "id": "county-x",
                "standards": [
                    {
                        "key": "track_per_boarder",
                        "name": "寄宿学校跑道",
                        "numerator": "track_length",
                        "denominator": None,
                        "only_if_positive": "boarders",
                        "min": {"junior": 400},
                        "source": "本县标准（示例）",
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    assert balance("rules", "check", custom).returncode == 0
    schools = [
        at_limits("junior", "J0"),
        {**at_limits("junior", "J1"), "boarders": 0, "dormitory_area": 0, "beds": 0},
    ]
    code, data = assess_json(write_csv(tmp_path / "x.csv", schools), "--rules", custom)
    assert failed_standards(data) == {"J0": ["track_per_boarder"], "J1": []} and code == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "extends: henan-199\nid: bad\nstandards:\n"
        "  - key: ring_track\n    only_if_positive: pupils\n",
        encoding="utf-8",
    )
    result = balance("rules", "check", bad)
    assert result.returncode == 2 and "pupils" in result.stderr


def test_template_lists_the_new_columns_as_optional(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    assert balance("template", path).returncode == 0
    wb = load_workbook(path)
    header = [c.value for c in wb["学校"][1]]
    for text in (
        "最大班额(人)",
        "计算机教室计算机台数(台)",
        "环形跑道长度(米)",
        "寄宿生数(人)",
        "学生宿舍面积(m²)",
        "学生床位数(张)",
    ):
        assert text in header
    notes = {r[1]: r[3] for r in wb["说明"].iter_rows(min_row=3, values_only=True) if r[1]}
    assert all(notes[k] == "可选" for k in ("max_class_size", "track_length", "boarders", "beds"))
