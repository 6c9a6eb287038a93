"""A blank survey workbook for a rule set (``balance template``), written with openpyxl.

Sheet 学校: one header row with every column the rules know (Chinese names with units),
data validation (numbers ≥ 0, 学段 from a list), codes formatted as text, frozen header.
Sheet 县情: criteria 3 and 4 to fill in. Sheet 说明: each column, its unit, whether it is
required and what it holds. A filled-in template assesses without any edit.
"""

from __future__ import annotations

from pathlib import Path

from balance_cli.model import Column, Rules

DATA_SHEET = "学校"
INPUTS_SHEET = "县情"
NOTES_SHEET = "说明"
VALIDATED_ROWS = 5000


def header_text(col: Column) -> str:
    """The header written for a column: its name, with the unit for numbers (e.g. "(m²)")."""
    if col.type == "number" and col.unit:
        return f"{col.name}({col.unit})"
    return col.name


def _width(text: str) -> float:
    from rich.cells import cell_len

    return max(10, cell_len(text) + 2)


def write_template(path: Path, rules: Rules) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    required = set(rules.needed_columns()) | {"code", "name", "level"}
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    numbers = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="数值",
        error="请填写大于或等于 0 的数字",
    )
    levels = ",".join(lv.name for lv in rules.levels)
    level_list = DataValidation(
        type="list", formula1=f'"{levels}"', allow_blank=True, showErrorMessage=True
    )
    ws.add_data_validation(numbers)
    ws.add_data_validation(level_list)
    for j, col in enumerate(rules.columns, start=1):
        letter = get_column_letter(j)
        cell = ws.cell(row=1, column=j, value=header_text(col))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[letter].width = _width(header_text(col))
        span = f"{letter}2:{letter}{VALIDATED_ROWS}"
        if col.type == "number":
            numbers.add(span)
        elif col.type == "level":
            level_list.add(span)
        if col.key == "code":
            for r in range(2, VALIDATED_ROWS + 1):
                ws.cell(row=r, column=j).number_format = "@"
    ws.freeze_panes = "A2"

    inputs = wb.create_sheet(INPUTS_SHEET)
    if rules.quality is None:
        inputs.append(["项目", "数值", "要求", "依据"])
        for c in rules.criteria:
            inputs.append([c.name, None, f"≥ {c.min:g}{c.unit}", c.source])
        widths = (44, 10, 12, 60)
    else:  # high-quality balance: every county input with its unit, requirement, source
        from balance_cli.render.quality_rows import template_rows

        inputs.append(["项目", "数值", "单位", "要求", "依据"])
        for c in rules.criteria:
            inputs.append([c.name, None, c.unit, f"≥ {c.min:g}{c.unit}", c.source])
        for row in template_rows(rules):
            inputs.append(row)
        widths = (50, 10, 8, 36, 90)
    for letter, width in zip("ABCDE", widths, strict=False):
        inputs.column_dimensions[letter].width = width
    for cell in inputs[1]:
        cell.font = bold

    notes = wb.create_sheet(NOTES_SHEET)
    notes.append([f"{rules.name}（{rules.id}）调查表填写说明"])
    notes.append(["列名", "英文键", "单位", "是否必填", "说明", "也接受的列名"])
    for col in rules.columns:
        notes.append(
            [
                header_text(col),
                col.key,
                col.unit or "",
                "必填" if col.key in required else "可选",
                col.help,
                "、".join(col.aliases),
            ]
        )
    notes.append([])
    notes.append(["学校标识码和学校名称至少填一项；合计行可保留，会被识别并排除。"])
    for letter, width in zip("ABCDEF", (28, 20, 8, 10, 70, 40), strict=True):
        notes.column_dimensions[letter].width = width
    for cell in notes[2]:
        cell.font = bold
    from balance_cli.render.safe_write import TEMPLATE_DESCRIPTION, save_workbook

    save_workbook(wb, path, TEMPLATE_DESCRIPTION)  # atomic, marked as balance's
