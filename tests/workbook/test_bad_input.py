"""Broken survey files: exit 2, every problem located (file, sheet, row, column), no traceback."""

from __future__ import annotations

import csv
import json

import pytest
from openpyxl import Workbook, load_workbook

from support import SAMPLES, balance, no_traceback

CLEAN_CSV = SAMPLES / "county-a-2023.csv"


def clean_rows() -> list[list[str]]:
    with CLEAN_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def run(path, *extra):
    """``balance assess PATH EXTRA``, checked for what every broken file must never do."""
    result = balance("assess", path, *extra)
    no_traceback(result)
    return result


def edit(row: int, col: int, value: str):
    """An edit of the clean CSV: Excel-style row (1 = header) and 0-based column."""

    def apply(rows):
        rows[row - 1][col] = value
        return rows

    return apply


def drop_column(col: int):
    return lambda rows: [r[:col] + r[col + 1 :] for r in rows]


def append_copy(row: int):
    return lambda rows: [*rows, list(rows[row - 1])]


CSV_CASES = {
    "non-numeric cell": (edit(6, 7, "abc"), ["bad.csv:6:H(教学仪器设备值): “abc”不是数字"]),
    "zero students": (edit(4, 3, "0"), ["bad.csv:4:D(在校生数): 在校生数必须大于 0，实际为“0”"]),
    "negative students": (
        edit(5, 3, "-12"),
        ["bad.csv:5:D(在校生数): 在校生数必须大于 0，实际为“-12”"],
    ),
    "blank students": (edit(9, 3, ""), ["bad.csv:9:D(在校生数): 在校生数为空"]),
    "negative books": (edit(7, 9, "-1"), ["bad.csv:7:J(图书册数): 数值不能为负：-1"]),
    "unknown level": (
        edit(11, 2, "高中"),
        ["bad.csv:11:C(学段): 学段“高中”无法识别（应为 小学、初中）"],
    ),
    "missing column": (
        drop_column(7),
        ["bad.csv:1: 缺少必需的列“教学仪器设备值”"],
    ),
    "duplicate school": (
        append_copy(5),
        ["bad.csv:57: 学校“示例县王店小学（2141100004）”（小学）重复出现，另见第 5 行"],
    ),
    "text in a count": (edit(3, 10, "十二"), ["bad.csv:3:K(专任教师数): “十二”不是数字"]),
    "infinite number": (edit(3, 10, "inf"), ["bad.csv:3:K(专任教师数): “inf”不是数字"]),
    "blank identity": (
        lambda rows: edit(8, 1, "")(edit(8, 0, "")(rows)),
        ["bad.csv:8: 学校标识码和学校名称均为空"],
    ),
}


@pytest.mark.parametrize("case", CSV_CASES, ids=list(CSV_CASES))
def test_broken_csv(tmp_path, case):
    change, expected = CSV_CASES[case]
    path = write_csv(tmp_path / "bad.csv", change(clean_rows()))
    result = run(path)
    assert result.returncode == 2
    assert result.stdout == ""
    for text in expected:
        assert any(text in line for line in result.stderr.splitlines()), result.stderr


def test_all_problems_of_a_file_at_once(tmp_path):
    rows = clean_rows()
    for change in (edit(4, 3, "0"), edit(6, 7, "abc"), edit(11, 2, "高中"), append_copy(5)):
        rows = change(rows)
    result = run(write_csv(tmp_path / "bad.csv", rows))
    assert result.returncode == 2
    assert "有 4 个问题" in result.stderr
    prefix = f"  {tmp_path / 'bad.csv'}:"
    lines = [ln[len(prefix) :] for ln in result.stderr.splitlines() if ln.startswith(prefix)]
    assert [ln.split(":")[0] for ln in lines] == ["4", "6", "11", "57"]  # sorted by row


def test_errors_in_english(tmp_path):
    path = write_csv(tmp_path / "bad.csv", edit(6, 7, "abc")(clean_rows()))
    result = run(path, "--lang", "en")
    assert "bad.csv:6:H(教学仪器设备值): 'abc' is not a number" in result.stderr


def test_json_format_reports_the_error_as_json(tmp_path):
    path = write_csv(tmp_path / "bad.csv", edit(6, 7, "abc")(clean_rows()))
    result = run(path, "--format", "json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    (problem,) = data["error"]["problems"]
    assert problem["kind"] == "not_a_number"
    assert (problem["row"], problem["column"]) == (6, "H(教学仪器设备值)")
    assert problem["params"]["value"] == "abc"


def test_missing_file():
    result = run("no/such/file.xlsx")
    assert result.returncode == 2
    assert "no/such/file.xlsx: 找不到文件" in result.stderr


def test_corrupt_zip(tmp_path):
    path = tmp_path / "broken.xlsx"
    data = (SAMPLES / "county-a-2023.xlsx").read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a truncated download
    result = run(path)
    assert result.returncode == 2
    assert "broken.xlsx: 无法读取文件" in result.stderr


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    result = run(path)
    assert result.returncode == 2
    assert "不支持的文件类型“.pdf”" in result.stderr


def test_xlsx_error_names_the_sheet(tmp_path):
    wb = load_workbook(SAMPLES / "county-a-2024.xlsx")
    wb["初中"]["D3"] = 0
    wb["小学"]["H5"] = "n/a"
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    result = run(path)
    assert result.returncode == 2
    assert "bad.xlsx:初中:3:D(在校生数): 在校生数必须大于 0，实际为“0”" in result.stderr
    assert "bad.xlsx:小学:5:H(教学仪器设备值): “n/a”不是数字" in result.stderr


def test_sheet_without_level_column_or_level_name(tmp_path):
    wb = load_workbook(SAMPLES / "county-a-2024.xlsx")
    for ws in wb.worksheets:
        ws.delete_cols(3)  # the 学段 column: the sheet names say the level
    wb["小学"].title = "Sheet1"
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    result = run(path)
    assert result.returncode == 2
    assert "bad.xlsx:Sheet1: 无法确定学段" in result.stderr


def test_no_header(tmp_path):
    wb = Workbook()
    wb.active.append(["随便", "什么"])
    wb.active.append([1, 2])
    path = tmp_path / "nohead.xlsx"
    wb.save(path)
    result = run(path)
    assert result.returncode == 2
    assert "找不到表头" in result.stderr


def test_unknown_sheet(tmp_path):
    result = run(SAMPLES / "county-a-2024.xlsx", "--sheet", "高中")
    assert result.returncode == 2
    assert "找不到工作表“高中”，现有工作表：小学、初中" in result.stderr


def test_unknown_unit_in_header(tmp_path):
    rows = clean_rows()
    rows[0][9] = "图书册数(吨)"
    result = run(write_csv(tmp_path / "bad.csv", rows))
    assert result.returncode == 2
    assert "bad.csv:1:J: 列“图书册数(吨)”中的单位“吨”无法识别（该列应为 册）" in result.stderr


def test_only_a_header(tmp_path):
    result = run(write_csv(tmp_path / "empty.csv", clean_rows()[:1]))
    assert result.returncode == 2
    assert "没有学校数据行" in result.stderr


# ---- issue 16: no silent guesses, plain words for files that are not what they claim


def xlsx_with(path, edit, hidden_rows=None):
    rows = clean_rows()
    typed = [rows[0]] + [r[:3] + [float(v) for v in r[3:]] for r in rows[1:]]
    wb = Workbook()
    ws = wb.active
    ws.title = "学校"
    for row in typed:
        ws.append(row)
    edit(ws)
    if hidden_rows is not None:
        hidden = wb.create_sheet("旧表")
        hidden.sheet_state = "hidden"
        for row in hidden_rows:
            hidden.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,5", "bad.csv:6:J(图书册数): “1,5”含义不明：逗号不是千位分隔符"),
        ("12,34", "bad.csv:6:J(图书册数): “12,34”含义不明"),
        ("#DIV/0!", "bad.csv:6:J(图书册数): 单元格是错误值 #DIV/0!（公式出错）"),
        ("1e308", "bad.csv:6:J(图书册数): 数值过大，无法精确计算：1e+308"),
    ],
)
def test_cells_that_are_not_guessed(tmp_path, text, message):
    rows = clean_rows()
    rows[5][9] = text
    result = run(write_csv(tmp_path / "bad.csv", rows))
    assert result.returncode == 2
    assert message in result.stderr


def test_thousands_grouping_is_still_read(tmp_path):
    """ "1,234" is a grouping, not a guess: the file reads as the clean one."""
    rows = clean_rows()
    clean = json.loads(run(write_csv(tmp_path / "clean.csv", rows), "--format", "json").stdout)
    rows[5][9] = f"{int(rows[5][9]):,}"
    assert "," in rows[5][9]
    data = json.loads(run(write_csv(tmp_path / "grouped.csv", rows), "--format", "json").stdout)
    assert data["levels"] == clean["levels"]


def test_error_cells_of_a_workbook_name_their_code(tmp_path):
    def edit(ws):
        ws["H6"] = "#DIV/0!"  # openpyxl writes an error cell (t="e")
        ws["D9"] = "#N/A"

    result = run(xlsx_with(tmp_path / "err.xlsx", edit))
    assert result.returncode == 2
    assert "err.xlsx:学校:6:H(教学仪器设备值): 单元格是错误值 #DIV/0!" in result.stderr
    assert "err.xlsx:学校:9:D(在校生数): 单元格是错误值 #N/A" in result.stderr
    assert "按 0 处理" not in result.stderr


def test_a_hidden_sheet_is_not_counted_and_said_so(tmp_path):
    """A hidden sheet holding one more school: skipped, with a warning naming it."""
    extra = [clean_rows()[0], ["9999", "隐藏学校", "小学", 500, *[10] * 9]]
    path = xlsx_with(tmp_path / "hidden.xlsx", lambda ws: None, hidden_rows=extra)
    data = json.loads(run(path, "--format", "json").stdout)
    assert len(data["schools"]) == 55
    assert [(w["kind"], w["sheet"]) for w in data["warnings"]] == [("sheet_hidden", "旧表")]
    named = json.loads(run(path, "--sheet", "旧表", "--format", "json").stdout)
    assert [s["name"] for s in named["schools"]] == ["隐藏学校"]


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        (b"", "文件是空的（0 字节）", "the file is empty (0 bytes)"),
        (b"<html><body><table></table></body></html>", "而是网页（HTML", "a web page (HTML"),
        (b"%PDF-1.4", "而是 PDF 文档", "a PDF document"),
    ],
)
def test_files_that_are_not_excel_say_what_they_are(tmp_path, data, zh, en):
    path = tmp_path / "survey.xls"
    path.write_bytes(data)
    assert "survey.xls: 无法读取文件（" in run(path).stderr
    assert zh in run(path).stderr
    assert en in run(path, "--lang", "en").stderr
