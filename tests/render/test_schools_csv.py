"""`assess FILE --schools --format csv`: one row per school, checked against the sample's
own cells (read here with the csv module) and against the JSON of the same run."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from support import SAMPLES, balance


def source_rows(name: str) -> dict[str, dict[str, str]]:
    with (SAMPLES / name).open(encoding="utf-8-sig", newline="") as fh:
        return {r["学校标识码"]: r for r in csv.DictReader(fh)}


@pytest.mark.parametrize("sample", ["county-c-2023.csv", "county-c-2023.xlsx"])
def test_one_row_per_school_with_values_and_limits(sample):
    result = balance("assess", str(SAMPLES / sample), "--schools", "--format", "csv", "-q")
    assert result.returncode == 1  # county C: seven schools miss a standard
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cells = source_rows("county-c-2023.csv")
    assert [r["code"] for r in rows] == list(cells)  # every school, in the file's order
    for r in rows:
        src = cells[r["code"]]
        students = float(src["在校生数"])
        junior = src["学段"] == "初中"
        assert r["level"] == ("junior" if junior else "primary")
        assert float(r["students"]) == students
        # 生均图书 (册/生) and its limit, 20 / 30 (豫教基〔2012〕199号)
        assert float(r["books_per_student_value"]) == pytest.approx(
            float(src["图书册数"]) / students, rel=1e-12
        )
        assert float(r["books_per_student_limit"]) == (30.0 if junior else 20.0)
        # class size: the largest class against 45 / 50
        assert float(r["class_size_value"]) == float(src["最大班额"])
        assert float(r["class_size_limit"]) == (50.0 if junior else 45.0)
        # the teacher ratio indicator, teachers per student
        assert float(r["teacher_ratio"]) == pytest.approx(
            float(src["专任教师数"]) / students, rel=1e-12
        )
        # a school without boarders is not checked on the dormitory standards: blank
        if float(src["寄宿生数"] or 0) == 0:
            assert r["dormitory_area_value"] == r["dormitory_area_limit"] == ""
        else:
            want = float(src["学生宿舍面积"]) / float(src["寄宿生数"])
            assert math.isclose(float(r["dormitory_area_value"]), want, rel_tol=1e-12)


def test_the_verdicts_are_those_of_the_json():
    path = str(SAMPLES / "county-c-2023.xlsx")
    rows = list(
        csv.DictReader(io.StringIO(balance("assess", path, "--schools", "--format", "csv").stdout))
    )
    data = json.loads(balance("assess", path, "--format", "json").stdout)
    assert len(rows) == len(data["schools"]) == 42
    failing = [r for r in rows if r["passed"] == "false"]
    assert len(failing) == 7
    for r, s in zip(rows, data["schools"], strict=True):
        assert r["passed"] == ("true" if s["passed"] else "false")
        assert r["failed"] == ";".join(f["standard"] for f in s["failed"])


def test_without_schools_csv_stays_one_row_per_indicator():
    """The default national-2017 output shows schools in tables, not in csv: the csv keeps
    its indicator rows unless --schools is asked for."""
    path = str(SAMPLES / "county-d-2025.xlsx")
    result = balance("assess", path, "--rules", "national-2017", "--format", "csv", "-q")
    header = result.stdout.splitlines()[0]
    assert header == "level,indicator,mean,sd,cv,max,passed,schools,students"
