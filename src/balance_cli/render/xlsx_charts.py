"""The report's charts: bars with a reference line (a limit, a county mean), laid out on a
grid of landscape pages — a fixed size in centimetres, two across and two down, a manual
page break after every page of rows — so that no chart is cut by a page edge. Their data
sits on a hidden sheet that is never printed."""

from __future__ import annotations

from typing import Any

from balance_cli.render.xlsx_layout import (
    Sheet,
    printable_cm,
    safe_text,
    set_margins,
)

ACROSS, DOWN = 2, 2  # charts per page
ROW_PT = 15.0  # every row of the chart sheet is this high: 20 pixels at 96 dpi (a height
# that is not a whole number of pixels is rounded, which would move the page breaks)
ROW_CM = ROW_PT / 72 * 2.54
GAP_CM = 0.4  # between two charts
COLUMN_CM = 0.6  # narrow columns, so that the page's last whole column ends near its edge
COLUMN_CHARS = 1.5  # ... in characters: about 0.4 cm whatever the default font


def _paragraph(size: int, bold: bool = False) -> Any:
    from openpyxl.drawing.text import CharacterProperties, ParagraphProperties

    return ParagraphProperties(defRPr=CharacterProperties(sz=size, b=bold))


def _text(size: int, vertical: bool = False) -> Any:
    """Axis or legend text of ``size`` (hundredths of a point); ``vertical``: turned a
    quarter, so that every school's name fits under its bar."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import Paragraph, RichTextProperties

    body = RichTextProperties(rot=-5400000, vert="horz") if vertical else RichTextProperties()
    return RichText(bodyPr=body, p=[Paragraph(pPr=_paragraph(size), endParaRPr=None)])


class ChartGrid:
    """Writes each chart's data as a block of three columns (category, value, reference)
    on ``data`` and places the chart in the next free cell of the page grid of ``charts``."""

    def __init__(self, data: Any, charts: Any) -> None:
        self.data, self.charts = data, charts
        self.row, self.count = 1, 0
        page_w, page_h = printable_cm(landscape=True)
        self.page_rows = int((page_h - 0.3) / ROW_CM)
        self.rows_per_chart = self.page_rows // DOWN
        # A page holds whole columns: keep a column's width free at the right edge.
        self.width_cm = (page_w - COLUMN_CM - GAP_CM * ACROSS) / ACROSS
        # Each chart is anchored half a gap below the first row of its slot (an edge on
        # the row a page starts with would print as a line at the foot of the page
        # before) and ends half a gap above the next slot, with 3 % to spare should an
        # application round the rows down.
        self.height_cm = self.rows_per_chart * ROW_CM * 0.97 - GAP_CM
        self._set_up()

    def _set_up(self) -> None:
        ws = self.charts
        set_margins(ws)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.scale = 100
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.sheet_format.defaultRowHeight = ROW_PT
        ws.sheet_format.customHeight = True
        ws.sheet_format.defaultColWidth = COLUMN_CHARS
        ws.sheet_format.baseColWidth = 1
        self.data.sheet_state = "hidden"

    def _place(self) -> Any:
        """The next slot of the grid: anchored to the first row of the slot (the page
        breaks fall between rows, so between charts), offset from column A by a length
        (whatever width the application gives a column)."""
        from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
        from openpyxl.drawing.xdr import XDRPositiveSize2D
        from openpyxl.utils.units import cm_to_EMU
        from openpyxl.worksheet.pagebreak import Break

        page, slot = divmod(self.count, ACROSS * DOWN)
        down, across = divmod(slot, ACROSS)
        top = page * self.page_rows + down * self.rows_per_chart  # rows above the chart
        if slot == 0:
            for r in range(top + 1, top + self.page_rows + 1):
                self.charts.row_dimensions[r].height = ROW_PT
            if page:
                self.charts.row_breaks.append(Break(id=top))
        self.count += 1
        x = across * (self.width_cm + GAP_CM)
        return OneCellAnchor(
            _from=AnchorMarker(col=0, colOff=cm_to_EMU(x), row=top, rowOff=cm_to_EMU(GAP_CM / 2)),
            ext=XDRPositiveSize2D(cm_to_EMU(self.width_cm), cm_to_EMU(self.height_cm)),
        )

    def add(self, title: str, headers: tuple[str, str, str], rows: list[tuple[Any, Any, Any]]):
        from openpyxl.chart import BarChart, LineChart, Reference

        top = self.row
        for j, header in enumerate(headers, start=1):
            Sheet.text(self.data.cell(row=top, column=j), header)
        for k, (category, value, reference) in enumerate(rows, start=1):
            Sheet.text(self.data.cell(row=top + k, column=1), category)
            self.data.cell(row=top + k, column=2, value=value)
            self.data.cell(row=top + k, column=3, value=reference)
        last = top + len(rows)
        bar = BarChart()
        bar.title = safe_text(title)
        bar.add_data(
            Reference(self.data, min_col=2, min_row=top, max_row=last), titles_from_data=True
        )
        bar.set_categories(Reference(self.data, min_col=1, min_row=top + 1, max_row=last))
        line = LineChart()
        line.add_data(
            Reference(self.data, min_col=3, min_row=top, max_row=last), titles_from_data=True
        )
        bar += line
        bar.legend.position = "b"
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.x_axis.txPr = _text(700 if len(rows) > 12 else 800, vertical=len(rows) > 12)
        bar.y_axis.txPr = _text(800)
        bar.legend.txPr = _text(800)
        bar.title.tx.rich.p[0].pPr = _paragraph(1100, bold=True)
        bar.width, bar.height = self.width_cm, self.height_cm
        self.charts.add_chart(bar)
        bar.anchor = self._place()
        self.row = last + 2
