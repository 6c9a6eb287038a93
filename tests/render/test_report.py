"""The report workbook: read back with openpyxl; every number equals the JSON."""

from __future__ import annotations

import csv
import json
import re

import pytest
from openpyxl import load_workbook

from messy import EQUIPMENT, clean_rows, totals_row
from support import SAMPLES, balance

FAILING = SAMPLES / "county-b-2023.xlsx"


def same(cells, values):
    """Equal to the JSON's figure as far as a workbook holds one: openpyxl writes 16
    significant digits (Excel itself keeps 15)."""
    assert list(cells) == pytest.approx(list(values), rel=1e-15, abs=0)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    result = balance("report", FAILING, "-o", path)
    assert result.returncode == 1
    data = json.loads(balance("assess", FAILING, "--format", "json").stdout)
    return load_workbook(path), data


def test_sheets(report):
    """county-b has no row left out and no warning: those two sheets are left out (issue
    12: no empty sheets); the chart data is hidden."""
    wb, _ = report
    assert wb.sheetnames == [
        "校际均衡",
        "达标情况",
        "学校指标",
        "结论",
        "图表数据",
        "图表",
    ]
    assert wb["图表数据"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames if n != "图表数据")


def test_exclusions_and_warnings_get_their_sheets(tmp_path):
    rows = clean_rows()
    rows[3][EQUIPMENT] = "-"  # a placeholder, read as 0 with a warning
    rows.append(totals_row(clean_rows()))  # a totals row, left out
    src = tmp_path / "survey.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "report.xlsx"
    assert balance("report", src, "-o", out).returncode == 0  # county A still passes
    wb = load_workbook(out)
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
    excluded = list(wb["排除与合并"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[3], r[4]) for r in excluded] == [(len(rows), "合计", "合计行，不计为学校")]
    warnings = list(wb["警告"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[3]) for r in warnings] == [(4, "“-”按 0 处理")]


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
        assert row[-1].value == ("是" if school["passed"] else "否")
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
    # written for a reader of the application, not for a user of the command
    assert [r[2] for r in rows[4:6]] == [
        "未提供（须另附评估结果）；要求 ≥ 85分",
        "未提供（须另附评估结果）；要求 ≥ 85%",
    ]
    assert rows[7][0] == "第 3、4 项未提供，未纳入本结论，须另附评估结果后方可完整认定。"
    text = " ".join(str(v) for r in rows for v in r if v is not None)
    assert "--" not in text and "county-b-2023.xlsx" in text


def test_formula_injection_is_written_as_text(tmp_path):
    rows = clean_rows()
    rows[1][1] = '=HYPERLINK("http://x","点我")'
    rows[2][1] = "+1-2"
    src = tmp_path / "evil.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "report.xlsx"
    assert balance("assess", src, "-o", out, "-q").returncode == 0
    wb = load_workbook(out)
    for name in ("达标情况", "学校指标"):
        cells = [c for row in wb[name].iter_rows() for c in row if isinstance(c.value, str)]
        assert all(c.data_type == "s" for c in cells)
        assert not any(c.value[:1] in "=+-@" for c in cells)
        assert any(c.value == '\'=HYPERLINK("http://x","点我")' for c in cells)


def test_output_needs_one_file(tmp_path):
    result = balance(
        "assess",
        SAMPLES / "county-a-2023.xlsx",
        SAMPLES / "county-b-2023.xlsx",
        "-o",
        tmp_path / "r.xlsx",
    )
    assert result.returncode == 2


def test_rules_text_never_becomes_a_formula(tmp_path):
    """Names from a rules file (a level, an indicator) reach titles, headers, the chart
    data and the chart titles: each is a string that starts with no formula character."""
    rules = tmp_path / "evil.yaml"
    rules.write_text(
        "extends: henan-199\n"
        "id: evil\n"
        'name: \'=HYPERLINK("http://x","rules")\'\n'
        "levels:\n"
        "  - {key: primary, name: '@小学', aliases: [小学]}\n"
        "indicators:\n"
        "  - {key: books, name: '-2+3'}\n"
        '  - {key: computers_per_100, name: "\\t=1+1"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.xlsx"
    assert balance("report", FAILING, "--rules", rules, "-o", out).returncode == 1
    wb = load_workbook(out)
    texts = []
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    assert c.data_type == "s"
                    texts.append(c.value)
    assert not any(t[:1] in ("=", "+", "-", "@", "\t", "\r") for t in texts)
    assert "'-2+3(册)" in texts and "'@小学" in texts and "'\t=1+1(台)" in texts
    titles = [
        "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
        for chart in wb["图表"]._charts
    ]
    assert len(titles) == 18 and "'@小学 差异系数" in titles
    assert not any(t[:1] in ("=", "+", "-", "@", "\t", "\r") for t in titles)


CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")


def test_english_report_is_english(tmp_path):
    """--lang en: sheet names, headers, units, 达标 (Yes/No) and the verdict in English;
    Chinese only in school names and in the standards' sources (titles of documents)."""
    out = tmp_path / "report.xlsx"
    sample = SAMPLES / "county-a-2023.xlsx"
    assert balance("report", sample, "-o", out, "--lang", "en").returncode == 0
    data = json.loads(balance("assess", sample, "--format", "json").stdout)
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Balance",
        "Standards",
        "School values",
        "Verdict",
        "Chart data",
        "Charts",
    ]
    standards = wb["Standards"]
    sources = {c.value for c in standards[4][3:-1]}
    assert all("办学条件基本标准" in s for s in sources)
    names = {s["name"] for s in data["schools"]}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and CJK.search(c.value):
                    assert c.value in names | sources, (ws.title, c.coordinate, c.value)
    passed = {s["code"]: s["passed"] for s in data["schools"]}
    rows = list(standards.iter_rows(min_row=5, values_only=True))
    assert [r[-1] for r in rows] == ["Yes" if passed[r[0]] else "No" for r in rows]
    header = [c.value for c in wb["School values"][2]]
    assert "equipment value per student (yuan)" in header
    assert "books per student (volumes)" in header
    verdict = list(wb["Verdict"].iter_rows(values_only=True))
    assert verdict[0][0] == "Verdict: PASSED"
    assert verdict[4][2] == (
        "not supplied (the assessment result is to be attached); required ≥ 85 points"
    )


def test_wrapped_lines_and_safe_text():
    """Row heights come from the lines a text takes at its column's width: CJK characters
    count 2.2 digit widths and break anywhere, Latin words stay whole; 1.5 of a column's
    width is the cell's margins."""
    from balance_cli.render.xlsx_layout import safe_text, text_width, wrapped_lines

    assert text_width("生均ab") == pytest.approx(2 * 2.2 + 2)
    assert wrapped_lines("生均图书册数", 15) == 1  # 13.2 in 13.5
    assert wrapped_lines("生均图书册数(册)", 15) == 2  # 17.2: the bracket goes down
    assert wrapped_lines("teachers per student", 13.5) == 2  # "teachers per" is 12
    assert wrapped_lines("teachers per student", 11.5) == 3  # 12 > 10, "per student" 11
    assert wrapped_lines("student", 4) == 3  # a word wider than its column breaks: 7 / 2.5
    assert wrapped_lines("a\nb", 20) == 2
    assert [safe_text(v) for v in ("=1", "+1", "-1", "@a", "\t=1", "\r=1", "a=1", 5)] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\t=1",
        "'\r=1",
        "a=1",
        5,
    ]
