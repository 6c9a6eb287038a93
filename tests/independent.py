"""An independent computation of the assessment, for checking the tool's JSON.

Pure Python (csv module / openpyxl, loops, math.fsum): shares no code with balance_cli, so
an error in the vectorised core cannot hide in both. It reads clean files only, with the
canonical Chinese headers.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import openpyxl

# indicator key → (header of the raw column, scale): DOMAIN.md §3.
INDICATORS = {
    "teaching_space": ("教学及辅助用房面积", 1),
    "sports_space": ("体育运动场馆面积", 1),
    "equipment_value": ("教学仪器设备值", 1),
    "computers_per_100": ("计算机台数", 100),
    "books": ("图书册数", 1),
    "teacher_ratio": ("专任教师数", 1),
    "qualified_teachers": ("高于规定学历教师数", 1),
    "senior_teachers": ("中级及以上职称教师数", 1),
}
LEVELS = {"小学": "primary", "初中": "junior"}
LIMITS = {"primary": 0.65, "junior": 0.55}
BOOKS_MIN = {"primary": 20, "junior": 30}
CLASS_MAX = {"primary": 45, "junior": 50}
# Henan's other standards (DOMAIN.md §6), checked when the file has their columns.
TRACK_MIN = {"primary": 200, "junior": 300}
DORM_MIN = {"primary": 3.0, "junior": 3.3}


def read_rows(path: Path) -> list[dict]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = []
    for ws in wb.worksheets:
        it = ws.iter_rows(values_only=True)
        header = [str(h) for h in next(it)]
        for values in it:
            row = dict(zip(header, values, strict=False))
            row.setdefault("学段", ws.title)
            rows.append(row)
    return rows


SPECIAL = {"特殊教育学校", "特教学校", "特殊教育"}
NUMBER_HEADERS = [h for h, _ in INDICATORS.values()] + ["在校生数", "班级数"]


def in_scope(rows: list[dict]) -> list[dict]:
    """The scope of national-2012 (DOMAIN.md §5) for files with a 学校类型 column:
    special-education schools left out, teaching points (教学点) added to the school named
    in 所属学校 (same level)."""
    kept = [r for r in rows if str(r.get("学校类型") or "") not in SPECIAL]
    points = [r for r in kept if r.get("学校类型") == "教学点"]
    schools = [dict(r) for r in kept if r.get("学校类型") != "教学点"]
    for tp in points:
        parent = next(
            r for r in schools if r["学校名称"] == tp["所属学校"] and r["学段"] == tp["学段"]
        )
        for header in NUMBER_HEADERS:
            parent[header] = float(parent[header]) + float(tp[header])
    return schools


def compute(path: Path) -> dict:
    rows = in_scope(read_rows(path))
    out: dict = {"levels": {}, "failing": set()}
    for level_name, level in LEVELS.items():
        schools = [r for r in rows if r["学段"] == level_name]
        if not schools:
            continue
        students = [float(r["在校生数"]) for r in schools]
        total = math.fsum(students)
        indicators = {}
        for key, (header, scale) in INDICATORS.items():
            q = [float(r[header]) for r in schools]
            mean = scale * math.fsum(q) / total
            values = [scale * qi / pi for qi, pi in zip(q, students, strict=True)]
            var = math.fsum(
                p / total * (x - mean) ** 2 for p, x in zip(students, values, strict=True)
            )
            indicators[key] = {"mean": mean, "cv": math.sqrt(var) / mean}
        composite = math.fsum(v["cv"] for v in indicators.values()) / 8
        out["levels"][level] = {
            "schools": len(schools),
            "students": total,
            "indicators": indicators,
            "composite_cv": composite,
            "passed": composite <= LIMITS[level],
        }
        for r, p in zip(schools, students, strict=True):
            if not meets_henan_standards(r, p, level):
                out["failing"].add((str(r["学校标识码"]), level))
    out["passed"] = all(v["passed"] for v in out["levels"].values()) and not out["failing"]
    return out


def meets_henan_standards(r: dict, p: float, level: str) -> bool:
    """Books; every class (the largest where given, else the average); a computer-room
    seat per pupil of the largest class; the ring track; dormitory area and one bed per
    boarder where there are boarders. A standard whose columns are absent is skipped."""

    def has(*headers):
        return all(h in r for h in headers)

    ok = float(r["图书册数"]) / p >= BOOKS_MIN[level]
    if has("最大班额"):
        ok &= float(r["最大班额"]) <= CLASS_MAX[level]
    elif has("班级数"):
        ok &= p / float(r["班级数"]) <= CLASS_MAX[level]
    if has("最大班额", "计算机教室计算机台数"):
        ok &= float(r["计算机教室计算机台数"]) >= float(r["最大班额"])
    if has("环形跑道长度"):
        ok &= float(r["环形跑道长度"]) >= TRACK_MIN[level]
    boarders = float(r["寄宿生数"]) if has("寄宿生数") else 0.0
    if boarders > 0 and has("学生宿舍面积"):
        ok &= float(r["学生宿舍面积"]) >= DORM_MIN[level] * boarders
    if boarders > 0 and has("学生床位数"):
        ok &= float(r["学生床位数"]) >= boarders
    return ok


# national-2017 (DOMAIN.md §7): key → (header, scale, primary min, junior min)
QUALITY = {
    "qualified_teachers_per_100": ("高于规定学历教师数", 100, 4.2, 5.3),
    "backbone_teachers_per_100": ("县级及以上骨干教师数", 100, 1.0, 1.0),
    "pe_art_teachers_per_100": ("体育艺术专任教师数", 100, 0.9, 0.9),
    "teaching_space": ("教学及辅助用房面积", 1, 4.5, 5.8),
    "sports_space": ("体育运动场馆面积", 1, 7.5, 10.2),
    "equipment_value": ("教学仪器设备值", 1, 2000, 2500),
    "multimedia_rooms_per_100": ("网络多媒体教室数", 100, 2.3, 2.4),
}
QUALITY_LIMITS = {"primary": 0.50, "junior": 0.45}


def compute_2017(path: Path) -> dict:
    rows = read_rows(path)
    out: dict = {"levels": {}, "schools": {}}
    for level_name, level in LEVELS.items():
        schools = [r for r in rows if r["学段"] == level_name]
        students = [float(r["在校生数"]) for r in schools]
        total = math.fsum(students)
        cvs = {}
        for key, (header, scale, _, _) in QUALITY.items():
            q = [float(r[header]) for r in schools]
            mean = scale * math.fsum(q) / total
            xs = [scale * qi / pi for qi, pi in zip(q, students, strict=True)]
            var = math.fsum(p / total * (x - mean) ** 2 for p, x in zip(students, xs, strict=True))
            cvs[key] = math.sqrt(var) / mean
        out["levels"][level] = {
            "cvs": cvs,
            "passed": all(cv <= QUALITY_LIMITS[level] for cv in cvs.values()),
        }
        for r, p in zip(schools, students, strict=True):
            met, near = 0, 0
            for header, scale, pmin, jmin in QUALITY.values():
                minimum = pmin if level == "primary" else jmin
                value = scale * float(r[header]) / p
                if value >= minimum - 1e-9 * minimum:
                    met += 1
                elif value >= 0.85 * minimum - 1e-9 * minimum:
                    near += 1
            out["schools"][(str(r["学校标识码"]), level)] = met >= 6 and met + near == 7
    return out
