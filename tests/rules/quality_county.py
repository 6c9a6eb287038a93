"""A small county that passes every item of the complete 2017 assessment, and ways to
break one item at a time (tests/test_quality*.py).

Every school has the same resources per student (all comfortably above the national-2017
minimums), so every CV is 0 and no school misses a resource minimum; the school items are
met with hand-checkable figures:

| code | school | level | type | students | classes | largest class | music/art rooms |
|---|---|---|---|---|---|---|---|
| P1 | 城关小学 | primary | 小学 | 500 | 12 | 45 | 1 (needed ⌈12/12⌉ = 1) |
| V1 | 李庄村小学 | primary | 村小学 | 80 | 4 | 22 | 1 (at least 1) |
| T1 | 城关小学东坡教学点 | primary | 教学点 (城关小学) | 30 | 2 | 15 | — (not a rooms item) |
| J1 | 城关初级中学 | junior | 初级中学 | 600 | 14 | 50 | 2 (needed ⌈14/12⌉ = 2) |
| N1 | 实验学校 | both | 九年一贯制学校 | 1300 + 1000 = 2300 ≤ 2500 | 30 + 22 | 44 / 46 | 3, 2 |
| S1 | 特殊教育学校 | primary | 特殊教育学校 | 50 | 6 | 9 | 1 |

Public funds: 650 元 per student (primary), 850 (junior); V1 and T1 have 100 × 650 = 65,000
exactly (funded as 100 students); S1 has 50 × 6,000 = 300,000 exactly.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

# Per student: national-2017 minimums are 4.2/5.3 qualified, 1.0 backbone, 0.9 PE/art per
# 100; 4.5/5.8 m² teaching space; 7.5/10.2 m² sports; 2000/2500 元; 2.3/2.4 rooms per 100.
PER_STUDENT = {
    "primary": {"qualified": 0.06, "backbone": 0.015, "pe_art": 0.012, "space": 6.0,
                "sports": 10.0, "equipment": 3000.0, "rooms": 0.03, "norm": 650.0},
    "junior": {"qualified": 0.07, "backbone": 0.015, "pe_art": 0.012, "space": 7.0,
               "sports": 12.0, "equipment": 3500.0, "rooms": 0.03, "norm": 850.0},
}  # fmt: skip
LEVEL_NAME = {"primary": "小学", "junior": "初中"}
HEADERS = [
    "学校标识码", "学校名称", "学段", "学校类型", "所属学校", "在校生数", "班级数", "最大班额",
    "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值", "计算机台数", "图书册数",
    "专任教师数", "高于规定学历教师数", "中级及以上职称教师数", "县级及以上骨干教师数",
    "体育艺术专任教师数", "网络多媒体教室数", "音乐专用教室数", "音乐专用教室面积",
    "美术专用教室数", "美术专用教室面积", "公用经费",
]  # fmt: skip


def school(code, name, level, kind, students, classes, largest, rooms, parent="", funds=None):
    p = PER_STUDENT[level]
    return {
        "学校标识码": code,
        "学校名称": name,
        "学段": LEVEL_NAME[level],
        "学校类型": kind,
        "所属学校": parent,
        "在校生数": students,
        "班级数": classes,
        "最大班额": largest,
        "教学及辅助用房面积": p["space"] * students,
        "体育运动场馆面积": p["sports"] * students,
        "教学仪器设备值": p["equipment"] * students,
        "计算机台数": 0.12 * students,
        "图书册数": 40 * students,
        "专任教师数": 0.08 * students,
        "高于规定学历教师数": p["qualified"] * students,
        "中级及以上职称教师数": 0.04 * students,
        "县级及以上骨干教师数": p["backbone"] * students,
        "体育艺术专任教师数": p["pe_art"] * students,
        "网络多媒体教室数": p["rooms"] * students,
        "音乐专用教室数": rooms,
        "音乐专用教室面积": 100.0 * rooms,
        "美术专用教室数": rooms,
        "美术专用教室面积": 95.0 * rooms,
        "公用经费": p["norm"] * students if funds is None else funds,
    }


def base_rows() -> list[dict]:
    return [
        school("P1", "城关小学", "primary", "小学", 500, 12, 45, 1),
        school("V1", "李庄村小学", "primary", "村小学", 80, 4, 22, 1, funds=65000),
        school("T1", "城关小学东坡教学点", "primary", "教学点", 30, 2, 15, 0, "城关小学", 65000),
        school("J1", "城关初级中学", "junior", "初级中学", 600, 14, 50, 2),
        school("N1", "实验学校小学部", "primary", "九年一贯制学校", 1300, 30, 44, 3),
        school("N1", "实验学校初中部", "junior", "九年一贯制学校", 1000, 22, 46, 2),
        school("S1", "特殊教育学校", "primary", "特殊教育学校", 50, 6, 9, 1, funds=300000),
    ]


# The 县情 sheet: label (as people write it) → value, every one passing.
COUNTY = {
    "通过国家基本均衡认定年份": 2018,
    "申请评估年份": 2021,
    "小学生均公用经费基准定额": "650元",
    "初中生均公用经费基准定额": 850,
    "学校规划布局合理": "是",
    "城乡四统一": "✓",
    "教师平均工资收入与当地公务员平均工资收入之比": 1.0,
    "教师5年360学时培训完成率": "100%",
    "编制和岗位统筹分配": "有",
    "交流轮岗教师比例": "10%",
    "交流轮岗教师中骨干教师比例": 0.2,
    "专任教师持证上岗率": 1,
    "城区和镇区公办小学就近入学比例": 100,
    "城区和镇区公办初中就近入学比例": "95",
    "优质高中招生名额分配比例": "50%",
    "留守儿童关爱体系健全": "Y",
    "随迁子女在公办学校和政府购买服务的民办学校就读比例": "85%",
    "初中三年巩固率": "95%",
    "残疾儿童少年入学率": 0.95,
    "学校章程与管理、教学信息化": "是",
    "教师培训经费占学校年度公用经费预算总额比例": "5%",
    "教师熟练运用信息化手段、设施设备利用率较高": "是",
    "德育和校园文化达到良好以上": "是",
    "课程开齐开足、教学秩序规范、综合实践活动有效开展": "是",
    "无过重课业负担": "是",
    "国家义务教育质量监测学业水平等级": "Ⅲ级",
    "国家义务教育质量监测校际差异率": 0.149,
    "社会认可度": "85%",
}


def write_county(
    path: Path,
    rows: list[dict],
    county: dict | None = None,
    headers: list[str] | None = None,
    classes: list[tuple] | None = None,
) -> Path:
    """The survey workbook: sheet 学校, a 县情 sheet (when ``county``), a 班级 sheet (when
    ``classes``: rows of code, 学段, class, students)."""
    headers = headers or HEADERS
    wb = Workbook()
    ws = wb.active
    ws.title = "学校"
    ws.append(headers)
    for row in rows:
        ws.append([row[h] for h in headers])
    if county:
        sheet = wb.create_sheet("县情")
        sheet.append(["项目", "数值"])
        for label, value in county.items():
            sheet.append([label, value])
    if classes:
        sheet = wb.create_sheet("班级")
        sheet.append(["学校标识码", "学段", "班级", "班级人数"])
        for row in classes:
            sheet.append(list(row))
    wb.save(path)
    return path
