"""The report workbook's sheet of the high-quality assessment (教督〔2017〕6号).

Sheet 优质均衡: the summary per part, one table per part (every item with its number,
requirement, value and status; failed items filled dark) and the schools that miss a
school item. The tables are the blocks of :mod:`balance_cli.render.quality_rows`, so the
terminal, the text formats and the workbook show the same rows. Text taken from the input
never starts a cell with =, +, - or @.
"""

from __future__ import annotations

from typing import Any

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.render.quality_rows import quality_blocks

DARK = "404040"
HEADER_FILL = "DDEBF7"


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_quality_sheet(wb: Any, a: Assessment, lang: str) -> None:
    """Add the sheet when the rules have a ``quality`` section (else nothing)."""
    if a.rules.quality is None:
        return
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ws = wb.create_sheet(label("sheet_quality", lang))
    bold, title_font = Font(bold=True), Font(bold=True, size=13)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    dark, white = PatternFill("solid", fgColor=DARK), Font(color="FFFFFF", bold=True)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    r = 1
    ws.cell(row=r, column=1, value=label("quality_table_title", lang)).font = title_font
    r += 2
    for block in quality_blocks(a, lang):
        ws.cell(row=r, column=1, value=_safe(block.title)).font = bold
        r += 1
        for j, header in enumerate(block.headers, start=1):
            cell = ws.cell(row=r, column=j, value=header)
            cell.font, cell.fill, cell.border, cell.alignment = bold, header_fill, border, wrap
        r += 1
        for row, status in zip(block.rows, block.status, strict=True):
            for j, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=j, value=_safe(value))
                cell.data_type = "s"
                cell.border, cell.alignment = border, wrap
                if status is False:
                    cell.fill, cell.font = dark, white
            r += 1
        r += 1
    for letter, width in zip("ABCDEFG", (16, 40, 30, 40, 14, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
