"""Deterministic synthetic survey files for the benchmark (seeded; no real school)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

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


def rows(n: int, seed: int) -> list[list]:
    """n plausible schools (about 70 % primary), as lists in HEADERS order."""
    rng = np.random.default_rng(seed)
    junior = rng.random(n) < 0.3
    students = np.where(junior, rng.integers(300, 3000, n), rng.integers(60, 2500, n))

    def spread(sigma: float) -> np.ndarray:  # a log-normal factor per school
        return np.exp(rng.normal(0.0, sigma, n))

    teachers = np.maximum(3, np.round(students * np.where(junior, 1 / 13, 1 / 18.5) * spread(0.2)))
    teaching = np.round(students * 5.0 * spread(0.2), 1)
    sports = np.round(students * 10.0 * spread(0.25), 1)
    equipment = np.round(students * 2500 * spread(0.3))
    computers = np.maximum(1, np.round(students * 0.11 * spread(0.3)))
    books = np.round(students * np.where(junior, 42.0, 30.0) * spread(0.15))
    out = []
    for i in range(n):
        p, t = int(students[i]), int(teachers[i])
        out.append(
            [
                f"{2141000000 + seed * 1_000_000 + i:010d}",
                f"第{seed}县第{i + 1}{'中学' if junior[i] else '小学'}",
                "初中" if junior[i] else "小学",
                p,
                max(1, -(-p // 42)),
                float(teaching[i]),
                float(sports[i]),
                int(equipment[i]),
                int(computers[i]),
                int(books[i]),
                t,
                max(0, t - 1),
                t // 2,
            ]
        )
    return out


def write_xlsx(path: Path, n: int, seed: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学校")
    ws.append(HEADERS)
    for row in rows(n, seed):
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, n: int, seed: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        writer.writerows(rows(n, seed))
    return path
