"""示优县二 (county-d): a county preparing the complete high-quality assessment (2025).

    python samples/generate.py        # writes county-d-2025.xlsx among the others

Sheet 学校: 20 primary rows (two of them 村小学 under 100 students, one 教学点 of 38
students under its 中心小学), 8 junior rows, a nine-year school (two rows, one code, 2,300
students in all: within its 2,500), and a special-education school (out of the CVs, in the
funding item). Every resource indicator is within its minimum and every CV within its
limit; every school item is met except one: 示优二县城关初级中学 has a class of 56 (> 50).
Sheet 县情: every county input of national-2017; 交流轮岗教师比例 is 8.5 % (< 10 %), the
质量监测校际差异率 is left blank (not supplied). So: exit 1, two items fail, one is not
supplied. Deterministic: run it again, get the same bytes.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import numpy as np
from openpyxl import Workbook

HEADERS = [
    "学校标识码",
    "学校名称",
    "学段",
    "学校类型",
    "所属学校",
    "在校生数",
    "班级数",
    "最大班额",
    "教学及辅助用房面积",
    "体育运动场馆面积",
    "教学仪器设备值",
    "计算机台数",
    "图书册数",
    "专任教师数",
    "高于规定学历教师数",
    "中级及以上职称教师数",
    "县级及以上骨干教师数",
    "体育艺术专任教师数",
    "网络多媒体教室数",
    "音乐专用教室数",
    "音乐专用教室面积",
    "美术专用教室数",
    "美术专用教室面积",
    "公用经费",
]
# Per-student medians, comfortably above the national-2017 minimums (DOMAIN.md §7).
MEDIANS = {
    "小学": {
        "space": 5.6,
        "sports": 9.8,
        "equipment": 2800.0,
        "qualified": 0.058,
        "backbone": 0.0145,
        "pe_art": 0.0128,
        "rooms": 0.031,
        "teachers": 1 / 16.0,
        "class": (34, 45),
        "norm": 650.0,
    },
    "初中": {
        "space": 7.2,
        "sports": 12.8,
        "equipment": 3400.0,
        "qualified": 0.07,
        "backbone": 0.0150,
        "pe_art": 0.0128,
        "rooms": 0.032,
        "teachers": 1 / 12.0,
        "class": (40, 50),
        "norm": 850.0,
    },
}
MINIMUMS = {  # national-2017 per-school minimums, to keep the synthetic rows above them
    "小学": {
        "space": 4.5,
        "sports": 7.5,
        "equipment": 2000,
        "qualified": 0.042,
        "backbone": 0.010,
        "pe_art": 0.009,
        "rooms": 0.023,
    },
    "初中": {
        "space": 5.8,
        "sports": 10.2,
        "equipment": 2500,
        "qualified": 0.053,
        "backbone": 0.010,
        "pe_art": 0.009,
        "rooms": 0.024,
    },
}
TOWNS = [
    "城关",
    "东关",
    "西关",
    "南关",
    "北关",
    "李庄",
    "王店",
    "张集",
    "赵营",
    "刘河",
    "陈岗",
    "杨楼",
    "黄庄",
    "吴寨",
    "徐营",
    "孙店",
    "马村",
    "河口",
    "山前",
    "柳林",
]
PREFIX = "示优二县"
COUNTY = [  # the 县情 sheet: label, value
    ("通过国家基本均衡认定年份", 2019),
    ("申请评估年份", 2025),
    ("小学生均公用经费基准定额", "650元"),
    ("初中生均公用经费基准定额", "850元"),
    ("学校规划布局合理", "是"),
    ("城乡“四统一”", "是"),
    ("教师平均工资收入与当地公务员平均工资收入之比", 1.02),
    ("教师5年360学时培训完成率", "100%"),
    ("编制和岗位统筹分配", "是"),
    ("交流轮岗教师比例", "8.5%"),
    ("交流轮岗教师中骨干教师比例", "24%"),
    ("专任教师持证上岗率", 1),
    ("城区和镇区公办小学就近入学比例", "100%"),
    ("城区和镇区公办初中就近入学比例", "97.2%"),
    ("优质高中招生名额分配比例", "55%"),
    ("留守儿童关爱体系健全", "✓"),
    ("随迁子女在公办学校和政府购买服务的民办学校就读比例", 0.93),
    ("初中三年巩固率", "98.1%"),
    ("残疾儿童少年入学率", "96.5%"),
    ("学校章程与管理、教学信息化", "是"),
    ("教师培训经费占学校年度公用经费预算总额比例", "6%"),
    ("教师熟练运用信息化手段、设施设备利用率较高", "有"),
    ("德育和校园文化达到良好以上", "Y"),
    ("课程开齐开足、教学秩序规范、综合实践活动有效开展", "是"),
    ("无过重课业负担", "是"),
    ("国家义务教育质量监测学业水平等级", "Ⅲ级"),
    ("国家义务教育质量监测校际差异率", None),
    ("社会认可度", "91.3%"),
]


def _school(rng, level, code, name, students, school_type, parent=""):
    m, low = MEDIANS[level], MINIMUMS[level]

    def per(key, sigma=0.08):
        value = m[key] * float(np.exp(rng.normal(0.0, sigma)))
        return max(value, low[key] * 1.06)

    lo, hi = m["class"]
    classes = max(1, math.ceil(students / rng.uniform(lo - 4, lo)))
    largest = min(hi, math.ceil(students / classes) + int(rng.integers(0, 4)))
    needed = max(1, math.ceil(classes / 12))
    teachers = max(3, round(students * m["teachers"]))
    qualified = max(math.ceil(students * per("qualified")), 1)
    return {
        "学校标识码": code,
        "学校名称": name,
        "学段": level,
        "学校类型": school_type,
        "所属学校": parent,
        "在校生数": students,
        "班级数": classes,
        "最大班额": largest,
        "教学及辅助用房面积": round(students * per("space"), 1),
        "体育运动场馆面积": round(students * per("sports"), 1),
        "教学仪器设备值": round(students * per("equipment")),
        "计算机台数": max(2, round(students * 0.11)),
        "图书册数": round(students * (32 if level == "小学" else 45)),
        "专任教师数": max(teachers, qualified),
        "高于规定学历教师数": qualified,
        "中级及以上职称教师数": round(teachers * 0.5),
        "县级及以上骨干教师数": math.ceil(students * per("backbone")),
        "体育艺术专任教师数": math.ceil(students * per("pe_art")),
        "网络多媒体教室数": math.ceil(students * per("rooms")),
        "音乐专用教室数": needed,
        "音乐专用教室面积": round(needed * rng.uniform(98, 118), 1),
        "美术专用教室数": needed,
        "美术专用教室面积": round(needed * rng.uniform(92, 110), 1),
        "公用经费": round(max(students, 100) * m["norm"] * rng.uniform(1.02, 1.15)),
    }


def county_d_2025() -> list[dict]:
    rng = np.random.default_rng(2025)
    rows = []
    code = 4101_100_001
    for k in range(18):
        students = int(np.exp(rng.uniform(np.log(260), np.log(1900))))
        name = f"{PREFIX}{TOWNS[k]}{'中心小学' if k == 3 else '小学'}"
        rows.append(_school(rng, "小学", f"{code + k:010d}", name, students, "小学"))
    for k, students in enumerate((86, 64)):  # village schools under 100 students
        name = f"{PREFIX}{TOWNS[k + 5]}村小学"
        rows.append(_school(rng, "小学", f"{code + 18 + k:010d}", name, students, "村小学"))
    parent = rows[3]["学校名称"]
    rows.append(
        _school(rng, "小学", "4101100021", f"{PREFIX}南关中心小学杨庄教学点", 38, "教学点", parent)
    )
    for k in range(8):
        students = int(np.exp(rng.uniform(np.log(520), np.log(1950))))
        name = f"{PREFIX}{TOWNS[k]}初级中学"
        rows.append(_school(rng, "初中", f"{4101_200_001 + k:010d}", name, students, "初级中学"))
    rows[21]["最大班额"] = 56  # 城关初级中学: one class of 56 (> 50)
    for level, students, section in (("小学", 1300, "小学部"), ("初中", 1000, "初中部")):
        name = f"{PREFIX}实验学校{section}"
        rows.append(_school(rng, level, "4101300001", name, students, "九年一贯制学校"))
    special = _school(rng, "小学", "4101400001", f"{PREFIX}特殊教育学校", 62, "特殊教育学校")
    special["公用经费"] = 62 * 6800
    rows.append(special)
    return rows


def write_county_d(here: Path) -> None:
    rows = county_d_2025()
    wb = Workbook()
    ws = wb.active
    ws.title = "学校"
    stamp = datetime(2025, 1, 1)  # fixed, so regenerating gives the same bytes
    wb.properties.created = wb.properties.modified = stamp
    ws.append(HEADERS)
    for row in rows:
        ws.append([row[h] for h in HEADERS])
    for cell in ws["A"][1:]:
        cell.number_format = "@"
    county = wb.create_sheet("县情")
    county.append(["项目", "数值"])
    for label, value in COUNTY:
        county.append([label, value])
    wb.save(here / "county-d-2025.xlsx")
