"""`balance check`: a linter for survey files."""

from __future__ import annotations

import csv
import json

from messy import VARIANTS, clean_rows
from support import SAMPLES, balance


def test_clean_files_exit_0_with_a_summary():
    result = balance("check", SAMPLES / "county-a-2023.xlsx", SAMPLES / "county-b-2023.csv")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "已检查 2 个文件：0 个错误，0 条警告" in result.stderr


def test_every_problem_of_every_file_linter_style(tmp_path):
    rows = clean_rows()
    rows[3][3] = 0
    rows[5][7] = "abc"
    rows[7][8] = "—"
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    totals = VARIANTS["title-rows"][0](clean_rows(), tmp_path)
    result = balance("check", bad, totals, tmp_path / "missing.xlsx")
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert f"{bad}:4:D(在校生数): 在校生数必须大于 0，实际为“0”" in lines
    assert f"{bad}:6:H(教学仪器设备值): “abc”不是数字" in lines
    assert f"{totals}:学校:59: 未计入：合计行，不计为学校" in lines
    assert f"{tmp_path / 'missing.xlsx'}: 找不到文件" in lines
    assert "3 个错误" in result.stderr


def test_warnings_alone_exit_0(tmp_path):
    rows = clean_rows()
    rows[7][8] = "—"
    path = tmp_path / "dash.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = balance("check", path, "--lang", "en")
    assert result.returncode == 0
    assert f"{path}:8:I(计算机台数): warning: '—' read as 0" in result.stdout


def test_json_lists_problem_objects(tmp_path):
    result = balance(
        "check", SAMPLES / "county-a-2023.csv", tmp_path / "nope.csv", "--format", "json"
    )
    assert result.returncode == 2
    (problem,) = json.loads(result.stdout)
    assert problem["kind"] == "file_not_found" and problem["severity"] == "error"
