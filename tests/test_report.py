"""The report workbook: read back with openpyxl; every number equals the JSON."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from balance_cli.cli import cli
from conftest import SAMPLES
from messy import clean_rows

FAILING = SAMPLES / "county-b-2023.xlsx"


def same(cells, values):
    """Equal to the JSON's figure as far as a workbook holds one: openpyxl writes 16
    significant digits (Excel itself keeps 15)."""
    assert list(cells) == pytest.approx(list(values), rel=1e-15, abs=0)


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    result = invoke("report", FAILING, "-o", path)
    assert result.exit_code == 1
    data = json.loads(invoke("assess", FAILING, "--format", "json").stdout)
    return load_workbook(path), data


def test_sheets(report):
    wb, _ = report
    assert wb.sheetnames == [
        "校际均衡",
        "达标情况",
        "学校指标",
        "排除与合并",
        "警告",
        "结论",
        "图表数据",
        "图表",
    ]


def test_balance_sheet_equals_json(report):
    wb, data = report
    rows = list(wb["校际均衡"].iter_rows(values_only=True))
    means = [r for r in rows if r[0] == "全县平均值"]
    cvs = [r for r in rows if r[0] == "差异系数"]
    keys = list(data["levels"]["primary"]["indicators"])
    for level, mean_row, cv_row in zip(("primary", "junior"), means, cvs, strict=True):
        level_data = data["levels"][level]
        same(mean_row[1:9], [level_data["indicators"][k]["mean"] for k in keys])
        same(cv_row[1:9], [level_data["indicators"][k]["cv"] for k in keys])
        same(cv_row[9:11], [level_data["composite_cv"], level_data["composite_max"]])
        assert cv_row[11] == ("达标" if level_data["passed"] else "未达标")
    ws = wb["校际均衡"]
    cv_cell = next(c for row in ws.iter_rows() for c in row if c.value == cvs[0][1])
    assert cv_cell.number_format == "0.000"  # three decimals shown, full figure stored
    assert ws.page_setup.orientation == "landscape"


def test_standards_sheet_fills_and_pass_column(report):
    wb, data = report
    ws = wb["达标情况"]
    header = [c.value for c in ws[2]]
    assert header[-1] == "达标" and "生均图书册数(册)" in header
    assert ws[3][3].value == "小学≥20、初中≥30"  # the threshold row
    assert "办学条件基本标准" in ws[4][3].value  # the source row
    schools = {(s["code"], s["level"]): s for s in data["schools"]}
    level_names = {"小学": "primary", "初中": "junior"}
    dark = 0
    for row in ws.iter_rows(min_row=5):
        code, level = row[0].value, level_names[row[2].value]
        school = schools[(code, level)]
        assert row[-1].value == (1 if school["passed"] else 0)
        books = row[3]
        failed = {f["standard"] for f in school["failed"]}
        assert books.value == pytest.approx(school["values"]["books"], rel=1e-12)
        is_dark = books.fill.fgColor.rgb.endswith("404040")
        assert is_dark == ("books_per_student" in failed)
        dark += is_dark
    assert dark == 8
    assert ws.freeze_panes == "D5"


def test_values_sheet_and_charts(report):
    wb, data = report
    rows = list(wb["学校指标"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(data["schools"])
    first = data["schools"][0]
    assert rows[0][0] == first["code"] and rows[0][3] == first["students"]
    same(rows[0][4:12], first["values"].values())
    assert len(wb["图表"]._charts) == 2 * (1 + 8)  # per level: the CVs and each indicator


def test_verdict_sheet(report):
    wb, _ = report
    rows = list(wb["结论"].iter_rows(values_only=True))
    assert rows[0][0] == "评估结论：未通过"
    assert [r[1] for r in rows[2:6]] == ["未达标", "未达标", "未提供", "未提供"]


def test_formula_injection_is_written_as_text(tmp_path):
    rows = clean_rows()
    rows[1][1] = '=HYPERLINK("http://x","点我")'
    rows[2][1] = "+1-2"
    src = tmp_path / "evil.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "report.xlsx"
    assert invoke("assess", src, "-o", out, "-q").exit_code in (0, 1)
    wb = load_workbook(out)
    for name in ("达标情况", "学校指标"):
        cells = [c for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
        assert all(c.data_type == "s" for c in cells)
        assert not any(c.value[:1] in "=+-@" for c in cells)
        assert any(c.value == '\'=HYPERLINK("http://x","点我")' for c in cells)


def test_output_needs_one_file(tmp_path):
    result = invoke(
        "assess",
        SAMPLES / "county-a-2023.xlsx",
        SAMPLES / "county-b-2023.xlsx",
        "-o",
        tmp_path / "r.xlsx",
    )
    assert result.exit_code == 2
