"""The report to hand in: the application's tables as a styled workbook (openpyxl).

Sheets: 校际均衡 (form table III), 达标情况 (form table II: missed thresholds filled dark,
a last column 达标 = 是/否), 学校指标, 排除与合并 and 警告 (only when there is something to
list), 结论, 图表 (native charts, editable) and their data (a hidden sheet). Every number
is the assessment's own full-precision value; only the number formats round. No text
from the survey or the rules ever becomes a formula (see ``xlsx_layout.safe_text``).

The workbook prints: each table fits its page width with its header rows repeated, and
the charts sit on a page grid (``xlsx_layout``, ``xlsx_charts``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from balance_cli.messages import label, report_unit
from balance_cli.model import Assessment
from balance_cli.render.rows import criterion_text
from balance_cli.render.xlsx_layout import Sheet, safe_text
from balance_cli.render.xlsx_quality import write_quality_sheet

__all__ = ["Sheet", "header_text", "number_format", "safe_text", "write_report"]

UNIT_FORMATS = {"元": "#,##0.00", "m²": "0.00", "册": "0.00", "台": "0.00", "间": "0.00"}
DEFAULT_FORMAT = "0.0000"
CV_FORMAT = "0.000"


def number_format(unit: str) -> str:
    return UNIT_FORMATS.get(unit, DEFAULT_FORMAT)


def header_text(name: str, unit: str | None, lang: str) -> str:
    """A column header: the name and, when there is one, its unit in brackets."""
    shown = report_unit(unit, lang)
    if not shown:
        return name
    return f"{name} ({shown})" if lang == "en" else f"{name}({shown})"


def _bracket(text: str, lang: str) -> str:
    return f" ({text})" if lang == "en" else f"（{text}）"


def write_report(a: Assessment, path: Path, lang: str = "zh") -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)

    def sheet(key: str) -> Sheet:
        return Sheet(wb.create_sheet(label(key, lang)))

    _balance_sheet(sheet("sheet_balance"), a, lang)
    if any(st.key in a.schools.standard_values for st in a.rules.standards):
        _standards_sheet(sheet("sheet_standards"), a, lang)
    _values_sheet(sheet("sheet_values"), a, lang)
    # Rule sets with tables of their own (national-2017's four parts) add their sheets here.
    write_quality_sheet(wb, a, lang)  # 优质均衡 (rules with a quality section only)
    if a.excluded:
        _excluded_sheet(sheet("sheet_excluded"), a, lang)
    if a.warnings:
        _warnings_sheet(sheet("sheet_warnings"), a, lang)
    _verdict_sheet(sheet("sheet_verdict"), a, lang)
    _charts(wb, a, lang)
    from balance_cli.render.safe_write import REPORT_DESCRIPTION, save_workbook

    save_workbook(wb, path, REPORT_DESCRIPTION)  # atomic, marked as balance's


def _balance_sheet(s: Sheet, a: Assessment, lang: str) -> None:
    rules = a.rules
    each = rules.balance.test == "each"
    s.title(f"{label('balance_table_title', lang)}{_bracket(rules.label(lang), lang)}")
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
            ),
            size=11,
        )
        headers = [label("item", lang)]
        headers += [header_text(i.label(lang), i.unit, lang) for i in rules.indicators]
        if not each:
            headers.append(label("composite", lang))
        headers += [label("limit", lang), label("verdict", lang)]
        s.put(headers, header=True)
        means = [label("county_mean", lang)] + [
            res.indicators[i.key].mean for i in rules.indicators
        ]
        s.put(means, formats=[None] + [number_format(i.unit) for i in rules.indicators])
        cvs: list[Any] = [label("cv", lang)] + [res.indicators[i.key].cv for i in rules.indicators]
        if not each:
            cvs.append(res.composite_cv)
        limit = rules.balance.limits.get(key)
        cvs += [limit, label("passed" if res.passed else "failed", lang)]
        s.put(cvs, formats=[None] + [CV_FORMAT] * (len(cvs) - 2))
    s.finish()


def _standards_sheet(s: Sheet, a: Assessment, lang: str) -> None:
    rules, res, tbl = a.rules, a.schools, a.schools.table
    # the measure each standard used (e.g. 平均班额 when there is no 最大班额 column)
    standards = [c.standard for c in a.standards if c.checked]
    s.title(label("standards_table_title", lang))
    headers = [label(k, lang) for k in ("code", "school", "level")]
    headers += [header_text(st.label(lang), st.unit, lang) for st in standards]
    headers.append(label("passed", lang))
    s.put(headers, header=True)
    required = ["", label("required", lang), ""]
    for st in standards:
        bound, values = ("≥", st.min) if st.min else ("≤", st.max)
        parts = [f"{rules.level(k).label(lang)}{bound}{v:g}" for k, v in values.items()]
        required.append(label("item_sep", lang).join(parts))
    s.put([*required, ""], header=True)
    sources = ["", label("source", lang), "", *[st.source for st in standards], ""]
    s.put(sources, header=True, lines=5)
    first_data_row = s.row
    keys = [lv.key for lv in rules.levels]
    yes, no = label("yes", lang), label("no", lang)
    for i in range(len(tbl)):
        if tbl.in_standards is not None and not tbl.in_standards[i]:
            continue
        values = [res.standard_values[st.key][i] for st in standards]
        row: list[Any] = [tbl.codes[i], tbl.names[i], rules.level(keys[tbl.level[i]]).label(lang)]
        row += [None if v != v else float(v) for v in values]
        row.append(yes if res.passed[i] else no)
        formats = [None, None, None] + [number_format(st.unit) for st in standards]
        cells = s.put(row, formats=formats)
        for j, st in enumerate(standards):
            if res.standard_failed[st.key][i]:
                cells[3 + j].fill = s.dark
                cells[3 + j].font = s.white
    s.ws.freeze_panes = s.ws.cell(row=first_data_row, column=4)
    s.finish(f"2:{first_data_row - 1}")


def _values_sheet(s: Sheet, a: Assessment, lang: str) -> None:
    rules, res, tbl = a.rules, a.schools, a.schools.table
    s.title(label("values_table_title", lang))
    headers = [label(k, lang) for k in ("code", "school", "level")] + [label("students", lang)]
    headers += [header_text(i.label(lang), i.unit, lang) for i in rules.indicators]
    s.put(headers, header=True)
    keys = [lv.key for lv in rules.levels]
    students = tbl.values["students"]
    for i in range(len(tbl)):
        row = [
            tbl.codes[i],
            tbl.names[i],
            rules.level(keys[tbl.level[i]]).label(lang),
            float(students[i]),
        ]
        row += [float(res.values[ind.key][i]) for ind in rules.indicators]
        s.put(
            row,
            formats=[None, None, None, "0"] + [number_format(ind.unit) for ind in rules.indicators],
        )
    s.ws.freeze_panes = "D3"
    s.finish("2:2")


def _excluded_sheet(s: Sheet, a: Assessment, lang: str) -> None:
    s.title(label("excluded_heading", lang))
    s.put([label(k, lang) for k in ("sheet", "row", "code", "school", "reason")], header=True)
    for e in a.excluded:
        s.put([e.sheet or "", e.row, e.code, e.name, e.message(lang)], wrap=True)
    s.ws.freeze_panes = "A3"
    s.finish("2:2", max_widths={4: 60})


def _warnings_sheet(s: Sheet, a: Assessment, lang: str) -> None:
    s.title(label("warnings_heading", lang, count=len(a.warnings)))
    s.put([label(k, lang) for k in ("sheet", "row", "column", "reason")], header=True)
    for w in a.warnings:
        s.put([w.sheet or "", w.row, w.column or "", w.message(lang)], wrap=True)
    s.ws.freeze_panes = "A3"
    s.finish("2:2", max_widths={3: 70})


def _verdict_sheet(s: Sheet, a: Assessment, lang: str) -> None:
    """The verdict for a reader of the application: criteria given as inputs and not
    supplied say that their result is to be attached (not how to pass it to a command)."""
    s.title(label("overall_passed" if a.passed else "overall_failed", lang))
    s.put([label(k, lang) for k in ("criterion", "status", "detail")], header=True)
    missing = []
    for n, c in enumerate(a.criteria, start=1):
        name, detail = criterion_text(a, c, lang)
        if c.status == "not_supplied":
            missing.append(str(n))
            crit = next(x for x in a.rules.criteria if x.key == c.key)
            unit = report_unit(crit.unit, lang)
            if lang == "en" and unit != "%":
                unit = f" {unit}"
            detail = label("report_not_supplied", lang, limit=f"{crit.min:g}", unit=unit)
        s.put([f"{n}. {name}", label(c.status, lang), detail], wrap=True)
    if missing:
        s.skip()
        items = label("item_sep", lang).join(missing)
        s.title(label("report_partial", lang, items=items), size=11, bold=False)
    s.skip()
    colon = ": " if lang == "en" else "："
    rules = a.rules.label(lang) + _bracket(a.rules.id, lang)
    s.title(f"{label('rules_short', lang)}{colon}{rules}", size=11, bold=False)
    s.title(f"{label('report_source_file', lang)}{colon}{Path(a.file).name}", size=11, bold=False)
    s.finish(widths={0: 40, 1: 13, 2: 50})


def _charts(wb: Any, a: Assessment, lang: str) -> None:
    """Per level: the CVs as bars with the limit as a line; per indicator: the schools'
    values as bars with the county mean as a line. Data on a hidden sheet of its own."""
    from balance_cli.render.xlsx_charts import ChartGrid

    rules, res, tbl = a.rules, a.schools, a.schools.table
    data = wb.create_sheet(label("sheet_chart_data", lang))
    grid = ChartGrid(data, wb.create_sheet(label("sheet_charts", lang)))
    for key, lres in a.levels.items():
        lv = rules.level(key)
        limit = rules.balance.limits.get(key)
        grid.add(
            f"{lv.label(lang)} {label('cv', lang)}",
            (label("indicator", lang), label("cv", lang), label("limit", lang)),
            [(i.label(lang), lres.indicators[i.key].cv, limit) for i in rules.indicators],
        )
    for key, lres in a.levels.items():
        lv = rules.level(key)
        in_level = [i for i in range(len(tbl)) if rules.levels[tbl.level[i]].key == key]
        for ind in rules.indicators:
            mean = lres.indicators[ind.key].mean
            grid.add(
                f"{lv.label(lang)} {header_text(ind.label(lang), ind.unit, lang)}",
                (label("school", lang), ind.label(lang), label("county_mean", lang)),
                [
                    (tbl.names[i] or tbl.codes[i], float(res.values[ind.key][i]), mean)
                    for i in in_level
                ],
            )
