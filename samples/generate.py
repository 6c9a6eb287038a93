"""Generate the synthetic sample counties (deterministic: run it again, get the same files).

    python samples/generate.py

Writes, next to this script:
- county-a-2023.xlsx / .csv  示例县 (a passing county): one sheet with a 学段 column
- county-a-2024.xlsx / .csv  the same county a year later: one sheet per level
                             (小学, 初中); a school opened, one closed, values moved
- county-b-2023.xlsx / .csv  示范县 (fails the junior composite, and some schools miss the
                             books standard)
- county-c-2023.xlsx / .csv  示优县, with the three extra columns of national-2017 (骨干教师,
                             体育艺术教师, 网络多媒体教室), for `--rules national-2017`
- county-d-2025.xlsx         示优二县, the complete 2017 assessment: school items and a 县情
                             sheet (samples/county_d.py)
The numbers are synthetic but plausible for a Henan county; no real school is described.
Counties A, B and C also have the optional columns of Henan's standards (最大班额,
计算机教室计算机台数, 环形跑道长度, 寄宿生数, 学生宿舍面积, 学生床位数), written after the
others and drawn from a random stream of their own, so that the older columns keep their
values; in A and B every school meets these standards, in C (under henan-199) one school
misses each of them in turn.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import numpy as np
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADERS = [
    "学校标识码",
    "学校名称",
    "学段",
    "在校生数",
    "班级数",
    "教学及辅助用房面积",
    "体育运动场馆面积",
    "教学仪器设备值",
    "计算机台数",
    "图书册数",
    "专任教师数",
    "高于规定学历教师数",
    "中级及以上职称教师数",
]

# Typical per-student values (median) and the spread (sigma of a log-normal factor).
PROFILE = {
    "小学": {
        "students": (120, 2400),
        "class_size": (28, 44),
        "teaching_space": 4.6,
        "sports_space": 9.0,
        "equipment": 2100.0,
        "computers_per_100": 10.0,
        "books": 28.0,
        "teacher_ratio": 1 / 18.5,
        "qualified_share": 0.92,
        "senior_share": 0.48,
        "books_min": 20.0,
    },
    "初中": {
        "students": (380, 2900),
        "class_size": (36, 50),
        "teaching_space": 5.9,
        "sports_space": 11.0,
        "equipment": 3000.0,
        "computers_per_100": 12.0,
        "books": 40.0,
        "teacher_ratio": 1 / 13.0,
        "qualified_share": 0.82,
        "senior_share": 0.5,
        "books_min": 30.0,
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
    "周口",
    "吴寨",
    "徐营",
    "孙店",
    "马村",
]


def school_rows(rng, level, n, spread, code_start, prefix, books_floor=True):
    p = PROFILE[level]
    rows = []
    for k in range(n):
        lo, hi = p["students"]
        students = int(np.exp(rng.uniform(np.log(lo), np.log(hi))))
        classes = max(1, int(np.ceil(students / rng.uniform(*p["class_size"]))))

        def per(median, s=spread):
            return median * float(np.exp(rng.normal(0.0, s)))

        teachers = max(3, round(students * per(p["teacher_ratio"], spread * 0.8)))
        qualified = min(teachers, round(teachers * min(1.0, per(p["qualified_share"], 0.08))))
        senior = min(teachers, round(teachers * min(0.95, per(p["senior_share"], spread))))
        books_ps = per(p["books"], spread * 0.7)
        if books_floor:
            books_ps = max(books_ps, p["books_min"] + rng.uniform(0.5, 6))
        town = TOWNS[(k + len(prefix)) % len(TOWNS)]
        suffix = "小学" if level == "小学" else "初级中学"
        rows.append(
            {
                "学校标识码": f"{code_start + k:010d}",
                "学校名称": f"{prefix}{town}{suffix}"
                + (f"{k // len(TOWNS) + 1}" if k >= len(TOWNS) else ""),
                "学段": level,
                "在校生数": students,
                "班级数": classes,
                "教学及辅助用房面积": round(students * per(p["teaching_space"]), 1),
                "体育运动场馆面积": round(students * per(p["sports_space"]), 1),
                "教学仪器设备值": round(students * per(p["equipment"])),
                "计算机台数": max(1, round(students * per(p["computers_per_100"]) / 100)),
                "图书册数": round(students * books_ps),
                "专任教师数": teachers,
                "高于规定学历教师数": qualified,
                "中级及以上职称教师数": senior,
            }
        )
    return rows


def nine_year(rng, code, name, prefix):
    """A nine-year school: one row per level with the same code."""
    rows = school_rows(rng, "小学", 1, 0.2, 0, prefix) + school_rows(rng, "初中", 1, 0.2, 0, prefix)
    for row, section in zip(rows, ("小学部", "初中部"), strict=True):
        row["学校标识码"] = code
        row["学校名称"] = f"{name}{section}"
    return rows


def county_a_2023():
    rng = np.random.default_rng(2023)
    rows = school_rows(rng, "小学", 39, 0.24, 2141_100_001, "示例县")
    rows += school_rows(rng, "初中", 14, 0.2, 2141_200_001, "示例县")
    rows += nine_year(rng, "2141300001", "示例县实验学校", "示例县")
    return add_standard_columns(rows, 12023)


def county_a_2024(rows_2023):
    rng = np.random.default_rng(2024)
    rows = []
    for row in rows_2023:
        if row["学校标识码"] == "2141100007":  # closed in 2024 (merged into a neighbour)
            continue
        new = dict(row)
        growth = float(np.exp(rng.normal(0.0, 0.04)))
        new["在校生数"] = max(30, round(row["在校生数"] * growth))
        new["班级数"] = max(row["班级数"], -(-new["在校生数"] // 44))  # classes follow enrolment
        for key in ("教学仪器设备值", "图书册数", "计算机台数"):
            new[key] = round(row[key] * float(np.exp(abs(rng.normal(0.03, 0.04)))))
        rows.append(new)
    opened = school_rows(rng, "小学", 1, 0.15, 2141_100_040, "示例县新区")[0]
    opened["学校名称"] = "示例县新区第一小学"
    rows.append(opened)
    return add_standard_columns(rows, 12024)


def county_b_2023():
    rng = np.random.default_rng(7)
    rows = school_rows(rng, "小学", 36, 0.28, 2141_500_001, "示范县")
    junior = school_rows(rng, "初中", 16, 0.62, 2141_600_001, "示范县", books_floor=False)
    rows += junior + nine_year(rng, "2141700001", "示范县第二实验学校", "示范县")
    return add_standard_columns(rows, 17)


# Optional columns of Henan's per-school standards (DOMAIN.md §6), appended after the others.
STANDARD_HEADERS = [
    "最大班额",
    "计算机教室计算机台数",
    "环形跑道长度",
    "寄宿生数",
    "学生宿舍面积",
    "学生床位数",
]
CLASS_MAX = {"小学": 45, "初中": 50}  # what a passing school keeps to (henan-199)
TRACK_MIN = {"小学": 200, "初中": 300}
DORM_MIN = {"小学": 3.0, "初中": 3.3}


def add_standard_columns(rows, seed, misses=None):
    """Henan's standards columns, every school meeting every standard, drawn from a
    random stream of their own (the other columns keep their values). ``misses`` maps a
    school (code, 学段) to the one standard it is made to miss."""
    rng = np.random.default_rng(seed)
    for row in rows:
        level, students = row["学段"], row["在校生数"]
        average = -(-students // row["班级数"])  # the largest class holds at least this
        largest = min(CLASS_MAX[level], average + int(rng.integers(0, 4)))
        largest = max(largest, average)
        row["最大班额"] = largest
        row["计算机教室计算机台数"] = largest + int(rng.integers(0, 6))
        if level == "小学":
            track = 200 if students < 600 else int(rng.choice([250, 300]))
        else:
            track = int(rng.choice([300, 400]))
        row["环形跑道长度"] = track
        boarding = rng.uniform() < (0.25 if level == "小学" else 0.6)
        boarders = int(students * rng.uniform(0.15, 0.6)) if boarding else 0
        row["寄宿生数"] = boarders
        per = DORM_MIN[level] + rng.uniform(0.1, 1.5)
        row["学生宿舍面积"] = float(np.ceil(boarders * per * 10) / 10)
        row["学生床位数"] = boarders + int(rng.integers(0, 12)) if boarders else 0
    for row in rows:
        miss = (misses or {}).get((row["学校标识码"], row["学段"]))
        if miss is not None:
            miss(row)
    return rows


QUALITY_HEADERS = [*HEADERS, "县级及以上骨干教师数", "体育艺术专任教师数", "网络多媒体教室数"]
QUALITY = {  # per-student medians for the national-2017 indicators
    "小学": {
        "space": 5.3,
        "sports": 9.2,
        "equipment": 2700.0,
        "backbone": 0.0145,
        "pe_art": 0.0125,
        "rooms": 0.030,
        "teachers": 1 / 17.0,
        "qualified": 0.95,
    },
    "初中": {
        "space": 6.8,
        "sports": 12.4,
        "equipment": 3300.0,
        "backbone": 0.015,
        "pe_art": 0.0125,
        "rooms": 0.031,
        "teachers": 1 / 12.5,
        "qualified": 0.88,
    },
}


def county_c_2023():
    """示优县: a county preparing for high-quality balance (national-2017 columns)."""
    rng = np.random.default_rng(2017)
    rows = school_rows(rng, "小学", 30, 0.12, 2141_800_001, "示优县")
    rows += school_rows(rng, "初中", 12, 0.12, 2141_900_001, "示优县")
    for row in rows:
        q = QUALITY[row["学段"]]
        p = row["在校生数"]

        def per(median, sigma=0.13):
            return median * float(np.exp(rng.normal(0.0, sigma)))

        teachers = max(3, round(p * per(q["teachers"], 0.08)))
        row["专任教师数"] = teachers
        row["高于规定学历教师数"] = min(
            teachers, round(teachers * min(1.0, per(q["qualified"], 0.05)))
        )
        row["教学及辅助用房面积"] = round(p * per(q["space"]), 1)
        row["体育运动场馆面积"] = round(p * per(q["sports"]), 1)
        row["教学仪器设备值"] = round(p * per(q["equipment"]))
        row["县级及以上骨干教师数"] = max(1, round(p * per(q["backbone"], 0.2)))
        row["体育艺术专任教师数"] = max(1, round(p * per(q["pe_art"], 0.2)))
        row["网络多媒体教室数"] = max(1, round(p * per(q["rooms"], 0.15)))
    return add_standard_columns(rows, 12017, C_MISSES)


def _set(**values):
    def apply(row):
        row.update(values)
        if "最大班额" in values:  # a computer room that still has a seat per pupil
            row["计算机教室计算机台数"] = max(row["计算机教室计算机台数"], values["最大班额"])

    return apply


def _boarding(per_boarder=None, beds_short=0):
    """A boarding school: a third of its pupils board; dormitory area per boarder
    ``per_boarder`` (else enough), beds ``beds_short`` fewer than boarders."""

    def apply(row):
        boarders = row["在校生数"] // 3
        row["寄宿生数"] = boarders
        per = DORM_MIN[row["学段"]] + 0.5 if per_boarder is None else per_boarder
        row["学生宿舍面积"] = round(boarders * per, 1)
        row["学生床位数"] = boarders - beds_short

    return apply


# 示优县 under henan-199: each new standard missed by one school, and nothing else
C_MISSES = {
    # largest class 48 > 45 while the average (students / classes) is within 45
    ("2141800003", "小学"): _set(最大班额=48),
    ("2141900002", "初中"): _set(最大班额=56),  # largest junior class 56 > 50
    ("2141800005", "小学"): lambda row: row.update(计算机教室计算机台数=row["最大班额"] - 6),
    ("2141800007", "小学"): _set(环形跑道长度=150),  # 150 m < 200 m
    ("2141900004", "初中"): _set(环形跑道长度=250),  # 250 m < 300 m
    ("2141900006", "初中"): _boarding(per_boarder=2.8),  # 2.8 m² < 3.3 m² per boarder
    ("2141800009", "小学"): _boarding(beds_short=10),  # 10 boarders without a bed
}


def with_standard_columns(headers, rows):
    """``headers`` and, after them, the columns of Henan's standards that the rows have."""
    extra = [h for h in STANDARD_HEADERS if rows and h in rows[0] and h not in headers]
    return [*headers, *extra]


def write_xlsx(path, sheets, headers=HEADERS):
    wb = Workbook()
    wb.remove(wb.active)
    stamp = datetime(2024, 1, 1)  # fixed, so regenerating gives the same bytes
    wb.properties.created = wb.properties.modified = stamp
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        columns = with_standard_columns(headers, rows)
        ws.append(columns)
        for row in rows:
            ws.append([row[h] for h in columns])
        for cell in ws["A"][1:]:
            cell.number_format = "@"  # school codes are text
    wb.save(path)


def write_csv(path, rows, headers=HEADERS):
    columns = with_standard_columns(headers, rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[h] for h in columns])


def main():
    a23 = county_a_2023()
    a24 = county_a_2024(a23)
    b23 = county_b_2023()
    write_xlsx(HERE / "county-a-2023.xlsx", {"学校": a23})
    write_csv(HERE / "county-a-2023.csv", a23)
    by_level = {lv: [r for r in a24 if r["学段"] == lv] for lv in ("小学", "初中")}
    write_xlsx(HERE / "county-a-2024.xlsx", by_level)
    write_csv(HERE / "county-a-2024.csv", a24)
    write_xlsx(HERE / "county-b-2023.xlsx", {"学校": b23})
    write_csv(HERE / "county-b-2023.csv", b23)
    c23 = county_c_2023()
    write_xlsx(HERE / "county-c-2023.xlsx", {"学校": c23}, QUALITY_HEADERS)
    write_csv(HERE / "county-c-2023.csv", c23, QUALITY_HEADERS)
    __import__("county_d").write_county_d(HERE)  # 示优二县: the complete 2017 assessment


if __name__ == "__main__":
    main()
