"""The report workbook's sheet of the high-quality assessment (教督〔2017〕6号).

Sheet 优质均衡: the summary per part, one table per part (every item with its number,
requirement, value and status; failed items filled dark) and the schools that miss a
school item. The tables are the blocks of :mod:`balance_cli.render.quality_rows`, so the
terminal, the text formats and the workbook show the same rows; the sheet is laid out by
the report's own :class:`~balance_cli.render.xlsx_layout.Sheet` (formula-safe text,
columns sized to their content, A4 page set up).
"""

from __future__ import annotations

from typing import Any

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.model.cells import text
from balance_cli.render.quality_rows import quality_blocks
from balance_cli.render.xlsx_layout import Sheet


def write_quality_sheet(wb: Any, a: Assessment, lang: str) -> None:
    """Add the sheet when the rules have a ``quality`` section (else nothing)."""
    if a.rules.quality is None:
        return
    s = Sheet(wb.create_sheet(label("sheet_quality", lang)))
    s.title(label("quality_table_title", lang))
    for block in quality_blocks(a, lang):
        s.skip()
        s.title(block.title, size=11)
        s.put([col.label for col in block.columns], header=True)
        for row, status in zip(block.rows, block.status, strict=True):
            # counts stay numbers; everything else as the terminal shows it
            values = [c.value if c.numeric else text(c, lang) for c in row]
            cells = s.put(values, wrap=True)
            if status is False:  # a failed item or a school that misses one: filled dark
                for cell in cells:
                    cell.fill, cell.font = s.dark, s.white
    s.finish(max_widths={1: 40, 2: 36, 3: 40})
