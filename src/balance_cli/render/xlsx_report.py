"""The report to hand in: the application's tables as a styled workbook (openpyxl).

Sheets: 校际均衡 (form table III), 达标情况 (form table II: missed thresholds filled dark,
a last column 达标 = 1 for passing schools), 学校指标, 排除与合并, 警告, 结论, 图表 (native
Excel charts, editable) and the chart data. Every number is the assessment's own full-
precision value; only the number formats round. Text taken from the input never starts a
cell with =, +, - or @ (spreadsheet formula injection).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.render.rows import criterion_text
from balance_cli.render.xlsx_quality import write_quality_sheet

DARK = "404040"
HEADER_FILL = "DDEBF7"
UNIT_FORMATS = {"元": "#,##0.00", "m²": "0.00", "册": "0.00", "台": "0.00", "间": "0.00"}
DEFAULT_FORMAT = "0.0000"
CV_FORMAT = "0.000"


def safe_text(value: Any) -> Any:
    """Input text as a cell value that no spreadsheet will take for a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class _Sheet:
    """A worksheet with the few styling helpers the report needs."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=13)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.dark = PatternFill("solid", fgColor=DARK)
        self.white = Font(color="FFFFFF", bold=True)
        thin = Side(style="thin", color="999999")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.row = 1

    def title(self, text: str) -> None:
        cell = self.ws.cell(row=self.row, column=1, value=text)
        cell.font = self.title_font
        self.row += 1

    def put(self, values: list[Any], header: bool = False, formats: list[str | None] | None = None):
        cells = []
        for j, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=j)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            cell.border = self.border
            if header:
                cell.font = self.bold
                cell.fill = self.header_fill
                cell.alignment = self.wrap
            elif formats and j - 1 < len(formats) and formats[j - 1]:
                cell.number_format = formats[j - 1]
            cells.append(cell)
        self.row += 1
        return cells

    def skip(self, n: int = 1) -> None:
        self.row += n

    def widths(self, widths: list[float]) -> None:
        from openpyxl.utils import get_column_letter

        for j, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(j)].width = width

    def print_setup(self, title_rows: str | None = None) -> None:
        ws = self.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            ws.print_title_rows = title_rows


def _fmt(unit: str) -> str:
    return UNIT_FORMATS.get(unit, DEFAULT_FORMAT)


def write_report(a: Assessment, path: Path, lang: str = "zh") -> None:
    from openpyxl import Workbook

    wb = Workbook()
    balance_ws = wb.active
    balance_ws.title = "校际均衡"
    _balance_sheet(_Sheet(balance_ws), a, lang)
    _standards_sheet(_Sheet(wb.create_sheet("达标情况")), a, lang)
    _values_sheet(_Sheet(wb.create_sheet("学校指标")), a, lang)
    _excluded_sheet(_Sheet(wb.create_sheet("排除与合并")), a, lang)
    _warnings_sheet(_Sheet(wb.create_sheet("警告")), a, lang)
    _verdict_sheet(_Sheet(wb.create_sheet("结论")), a, lang)
    write_quality_sheet(wb, a, lang)  # 优质均衡 (rules with a quality section only)
    _charts(wb, a, lang)
    wb.save(path)


def _balance_sheet(s: _Sheet, a: Assessment, lang: str) -> None:
    rules = a.rules
    each = rules.balance.test == "each"
    s.title(f"{label('balance_table_title', lang)}（{rules.label(lang)}）")
    for key, res in a.levels.items():
        lv = rules.level(key)
        s.skip()
        s.title(
            label(
                "level_heading",
                lang,
                level=lv.label(lang),
                schools=res.schools,
                students=f"{res.students:,.0f}",
            )
        )
        headers = [label("item", lang)] + [f"{i.label(lang)}({i.unit})" for i in rules.indicators]
        if not each:
            headers.append(label("composite", lang))
        headers += [label("limit", lang), label("verdict", lang)]
        s.put(headers, header=True)
        means = [label("county_mean", lang)] + [
            res.indicators[i.key].mean for i in rules.indicators
        ]
        s.put(means, formats=[None] + [_fmt(i.unit) for i in rules.indicators])
        cvs: list[Any] = [label("cv", lang)] + [res.indicators[i.key].cv for i in rules.indicators]
        if not each:
            cvs.append(res.composite_cv)
        limit = rules.balance.limits.get(key)
        cvs += [limit, label("passed" if res.passed else "failed", lang)]
        s.put(cvs, formats=[None] + [CV_FORMAT] * (len(cvs) - 2))
    s.widths([14] + [16] * (len(rules.indicators) + 3))
    s.print_setup()


def _standards_sheet(s: _Sheet, a: Assessment, lang: str) -> None:
    rules, res, tbl = a.rules, a.schools, a.schools.table
    standards = [st for st in rules.standards if st.key in res.standard_values]
    s.title(label("standards_table_title", lang))
    headers = [label(k, lang) for k in ("code", "school", "level")]
    headers += [f"{st.label(lang)}({st.unit})" for st in standards] + [label("passed", lang)]
    s.put(headers, header=True)
    required = ["", label("required", lang), ""]
    for st in standards:
        bound, values = ("≥", st.min) if st.min else ("≤", st.max)
        parts = [f"{rules.level(k).label(lang)}{bound}{v:g}" for k, v in values.items()]
        required.append(label("item_sep", lang).join(parts))
    s.put([*required, ""], header=True)
    s.put(["", label("source", lang), "", *[st.source for st in standards], ""], header=True)
    first_data_row = s.row
    keys = [lv.key for lv in rules.levels]
    for i in range(len(tbl)):
        if tbl.in_standards is not None and not tbl.in_standards[i]:
            continue
        values = [res.standard_values[st.key][i] for st in standards]
        row = [
            safe_text(tbl.codes[i]),
            safe_text(tbl.names[i]),
            rules.level(keys[tbl.level[i]]).label(lang),
        ]
        row += [None if v != v else float(v) for v in values]
        row.append(1 if res.passed[i] else 0)
        cells = s.put(row, formats=[None, None, None] + [_fmt(st.unit) for st in standards] + ["0"])
        for j, st in enumerate(standards):
            if res.standard_failed[st.key][i]:
                cells[3 + j].fill = s.dark
                cells[3 + j].font = s.white
    s.widths([14, 28, 8] + [16] * len(standards) + [8])
    s.ws.freeze_panes = s.ws.cell(row=first_data_row, column=4)
    s.print_setup(f"2:{first_data_row - 1}")


def _values_sheet(s: _Sheet, a: Assessment, lang: str) -> None:
    rules, res, tbl = a.rules, a.schools, a.schools.table
    s.title(label("values_table_title", lang))
    headers = [label(k, lang) for k in ("code", "school", "level")] + [label("students", lang)]
    headers += [f"{i.label(lang)}({i.unit})" for i in rules.indicators]
    s.put(headers, header=True)
    keys = [lv.key for lv in rules.levels]
    students = tbl.values["students"]
    for i in range(len(tbl)):
        row = [
            safe_text(tbl.codes[i]),
            safe_text(tbl.names[i]),
            rules.level(keys[tbl.level[i]]).label(lang),
            float(students[i]),
        ]
        row += [float(res.values[ind.key][i]) for ind in rules.indicators]
        s.put(row, formats=[None, None, None, "0"] + [_fmt(ind.unit) for ind in rules.indicators])
    s.widths([14, 28, 8, 10] + [16] * len(rules.indicators))
    s.ws.freeze_panes = "D3"
    s.print_setup("2:2")


def _excluded_sheet(s: _Sheet, a: Assessment, lang: str) -> None:
    s.title(label("excluded_heading", lang))
    s.put([label(k, lang) for k in ("sheet", "row", "code", "school", "reason")], header=True)
    for e in a.excluded:
        s.put(
            [safe_text(e.sheet or ""), e.row, safe_text(e.code), safe_text(e.name), e.message(lang)]
        )
    s.widths([12, 8, 14, 28, 60])
    s.ws.freeze_panes = "A3"


def _warnings_sheet(s: _Sheet, a: Assessment, lang: str) -> None:
    s.title(label("warnings_heading", lang, count=len(a.warnings)))
    s.put([label(k, lang) for k in ("sheet", "row", "column", "reason")], header=True)
    for w in a.warnings:
        s.put(
            [safe_text(w.sheet or ""), w.row, safe_text(w.column or ""), safe_text(w.message(lang))]
        )
    s.widths([12, 8, 24, 80])
    s.ws.freeze_panes = "A3"


def _verdict_sheet(s: _Sheet, a: Assessment, lang: str) -> None:
    s.title(label("overall_passed" if a.passed else "overall_failed", lang))
    s.put([label(k, lang) for k in ("criterion", "status", "detail")], header=True)
    for c in a.criteria:
        name, detail = criterion_text(a, c, lang)
        s.put([name, label(c.status, lang), detail])
    s.skip()
    s.put([label("rules_short", lang), f"{a.rules.label(lang)}（{a.rules.id}）"])
    s.put([label("file", lang), safe_text(a.file)])
    s.widths([44, 12, 70])


class _ChartWriter:
    """Bars with a reference line (a limit, a mean), each chart's data written as a block
    of three columns (category, value, reference) on the data sheet."""

    def __init__(self, data: Any, charts: Any) -> None:
        self.data, self.charts = data, charts
        self.row, self.anchor = 1, 1

    def add(self, title: str, headers: tuple[str, str, str], rows: list[tuple[Any, Any, Any]]):
        from openpyxl.chart import BarChart, LineChart, Reference

        top = self.row
        for j, header in enumerate(headers, start=1):
            self.data.cell(row=top, column=j, value=header)
        for k, (category, value, reference) in enumerate(rows, start=1):
            self.data.cell(row=top + k, column=1, value=safe_text(category)).data_type = "s"
            self.data.cell(row=top + k, column=2, value=value)
            self.data.cell(row=top + k, column=3, value=reference)
        last = top + len(rows)
        bar = BarChart()
        bar.title = title
        bar.add_data(
            Reference(self.data, min_col=2, min_row=top, max_row=last), titles_from_data=True
        )
        bar.set_categories(Reference(self.data, min_col=1, min_row=top + 1, max_row=last))
        line = LineChart()
        line.add_data(
            Reference(self.data, min_col=3, min_row=top, max_row=last), titles_from_data=True
        )
        bar += line
        bar.width, bar.height = 24, 9
        self.charts.add_chart(bar, f"A{self.anchor}")
        self.anchor += 20
        self.row = last + 2


def _charts(wb: Any, a: Assessment, lang: str) -> None:
    """Per level: the CVs as bars with the limit as a line; per indicator: the schools'
    values as bars with the county mean as a line. Data on a sheet of their own."""
    rules, res, tbl = a.rules, a.schools, a.schools.table
    writer = _ChartWriter(wb.create_sheet("图表数据"), wb.create_sheet("图表"))
    for key, lres in a.levels.items():
        lv = rules.level(key)
        limit = rules.balance.limits.get(key)
        writer.add(
            f"{lv.label(lang)}{label('cv', lang)}",
            (label("indicator", lang), label("cv", lang), label("limit", lang)),
            [(i.label(lang), lres.indicators[i.key].cv, limit) for i in rules.indicators],
        )
        in_level = [i for i in range(len(tbl)) if rules.levels[tbl.level[i]].key == key]
        for ind in rules.indicators:
            mean = lres.indicators[ind.key].mean
            writer.add(
                f"{lv.label(lang)} {ind.label(lang)}",
                (label("school", lang), ind.label(lang), label("county_mean", lang)),
                [
                    (tbl.names[i] or tbl.codes[i], float(res.values[ind.key][i]), mean)
                    for i in in_level
                ],
            )
