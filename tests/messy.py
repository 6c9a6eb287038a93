"""Build the messy variants of a clean sample, as real survey files come (DOMAIN.md §8).

    python tests/messy.py OUT_DIR        # writes every variant, to look at by hand

Each builder takes the clean rows (header + data, as read from the sample CSV) and a
directory, writes one file and returns its path. ``VARIANTS`` lists those that must give
exactly the clean file's numbers, with the rows they add (totals) that must be reported.
"""

from __future__ import annotations

import csv
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import xlwt
from openpyxl import Workbook

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "county-a-2023.csv"
TITLE = "示例县2023年义务教育学校基本情况统计表"
NUMERIC_FROM = 3  # columns from 在校生数 on are numbers
EQUIPMENT = 7  # 教学仪器设备值


def clean_rows() -> list[list]:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, data = rows[0], rows[1:]
    typed = [
        r[:NUMERIC_FROM] + [float(v) if "." in v else int(v) for v in r[NUMERIC_FROM:]]
        for r in data
    ]
    return [header, *typed]


def _xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list], encoding: str, sep: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)
    return path


def totals_row(rows: list[list], label: str = "合计") -> list:
    data = rows[1:]
    sums = [sum(r[c] for r in data) for c in range(NUMERIC_FROM, len(rows[0]))]
    return ["", label, "", *sums]


def title_rows(rows, out):
    """Two title rows above the header, a totals row at the bottom."""
    body = [
        [TITLE],
        ["填报单位：示例县教育局", "", "", "填报日期：2023年9月"],
        *rows,
        totals_row(rows),
    ]
    return _xlsx(out / "title-rows.xlsx", {"学校": body})


def merged_header(rows, out):
    """A two-row header: group labels merged across their sub-columns."""
    header = rows[0]
    top = list(header)
    sub = [""] * len(header)
    for c in range(9, 13):
        top[c] = ""
    top[10] = "专任教师数"
    sub[10:13] = ["合计", "高于规定学历", "中级及以上职称"]
    top[5], sub[5] = "校舍及场地(㎡)", "教学及辅助用房面积"
    top[6], sub[6] = "", "体育运动场馆面积"
    top[9], sub[9] = "图书册数", ""
    path = _xlsx(out / "merged-header.xlsx", {"学校": [top, sub, *rows[1:]]})
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["学校"]
    ws.merge_cells("K1:M1")
    ws.merge_cells("F1:G1")
    for col in ["A", "B", "C", "D", "E", "H", "I", "J", *_letters(13, len(header))]:
        ws.merge_cells(f"{col}1:{col}2")
    wb.save(path)
    return path


def _letters(start: int, stop: int) -> list[str]:
    """Column letters of 0-based columns start … stop − 1 (the columns after 中级及以上职称)."""
    from openpyxl.utils import get_column_letter

    return [get_column_letter(c + 1) for c in range(start, stop)]


def units_and_spaces(rows, out):
    """万元, ㎡ and full-width brackets and spaces in headers; equipment in 万元."""
    header = list(rows[0])
    header[3] = " 在校生数 "
    header[5] = "教学及辅助用房面积（㎡）"
    header[6] = "体育运动场馆面积(m2)"
    header[EQUIPMENT] = "教学仪器设备值（万元）"
    header[9] = "图书册数（册）"
    data = [[*r[:EQUIPMENT], r[EQUIPMENT] / 10000, *r[EQUIPMENT + 1 :]] for r in rows[1:]]
    return _xlsx(out / "units.xlsx", {"学校": [header, *data]})


_FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def text_numbers(rows, out):
    """Numbers stored as text: thousands separators, full-width digits, spaces."""
    data = []
    for k, r in enumerate(rows[1:]):
        cells = list(r[:NUMERIC_FROM])
        for v in r[NUMERIC_FROM:]:
            text = f"{v:,}"
            if k % 3 == 1:
                text = text.translate(_FULL)
            elif k % 3 == 2:
                text = f"  {text} "
            cells.append(text)
        data.append(cells)
    return _xlsx(out / "text-numbers.xlsx", {"学校": [rows[0], *data]})


def totals_at_top(rows, out):
    """A 总计 row right under the header and a 小计 row per level inside the table."""
    body = [rows[0], totals_row(rows, "总计")]
    primary = [r for r in rows[1:] if r[2] == "小学"]
    junior = [r for r in rows[1:] if r[2] == "初中"]
    body += [*primary, totals_row([rows[0], *primary], "小计"), *junior]
    return _xlsx(out / "totals-top.xlsx", {"学校": body})


def per_level_sheets(rows, out):
    """One sheet per level (no 学段 column), a 说明 sheet to skip, a title row."""
    header = rows[0][:2] + rows[0][3:]
    sheets: dict[str, list[list]] = {"说明": [["本表由示例县教育局填报"], ["单位：见各表表头"]]}
    for level in ("小学", "初中"):
        data = [r[:2] + r[3:] for r in rows[1:] if r[2] == level]
        sheets[level] = [[f"{TITLE}（{level}）"], header, *data]
    return _xlsx(out / "per-level.xlsx", sheets)


def gbk_csv(rows, out):
    return _csv(out / "gbk.csv", rows, "gbk")


def gb18030_tab_csv(rows, out):
    return _csv(out / "tab.csv", rows, "gb18030", sep="\t")


def bom_csv(rows, out):
    body = [[TITLE], *rows, totals_row(rows)]
    return _csv(out / "bom.csv", body, "utf-8-sig")


def ods(rows, out):
    path = out / "survey.ods"
    width = len(rows[0])
    frame = pd.DataFrame([[TITLE] + [None] * (width - 1), *rows])
    frame.to_excel(path, engine="odf", header=False, index=False, sheet_name="学校")
    return path


def xls(rows, out):
    path = out / "survey.xls"
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("学校")
    for i, row in enumerate([[TITLE], *rows]):
        for j, value in enumerate(row):
            sheet.write(i, j, value)
    book.save(str(path))
    return path


def formulas(rows, out):
    """Cells holding formulas with cached values (as Excel saves them): the value counts."""
    path = _xlsx(out / "formulas.xlsx", {"学校": rows})
    # openpyxl cannot store a cached value, so add <f> elements next to the values of
    # column K (专任教师数), as Excel writes a formula cell: <c r="K2"><f>…</f><v>6</v></c>.
    with zipfile.ZipFile(path) as zin:
        items = {n: zin.read(n) for n in zin.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = items[name].decode("utf-8")
    xml = re.sub(
        r'<c r="K(\d+)"( [^>]*)?><v>(\d+)</v></c>',
        lambda m: (
            f'<c r="K{m[1]}"{m[2] or ""}><f>{m[3]}*1</f><v>{m[3]}</v></c>' if m[1] != "1" else m[0]
        ),
        xml,
    )
    items[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for n, data in items.items():
            zout.writestr(n, data)
    return path


Builder = Callable[[list[list], Path], Path]
# builder → number of totals rows it adds (each must be reported as excluded)
VARIANTS: dict[str, tuple[Builder, int]] = {
    "title-rows": (title_rows, 1),
    "merged-header": (merged_header, 0),
    "units": (units_and_spaces, 0),
    "text-numbers": (text_numbers, 0),
    "totals-top": (totals_at_top, 2),
    "per-level-sheets": (per_level_sheets, 0),
    "gbk-csv": (gbk_csv, 0),
    "tab-csv": (gb18030_tab_csv, 0),
    "bom-csv": (bom_csv, 1),
    "ods": (ods, 0),
    "xls": (xls, 0),
    "formulas": (formulas, 0),
}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "messy")
    target.mkdir(parents=True, exist_ok=True)
    for key, (build, _) in VARIANTS.items():
        print(key, build(clean_rows(), target))
