"""Page layout of the report workbook: cells that never turn into formulas, column widths
and row heights computed from the text, and a print set-up that fits each table to the
page width with its header rows repeated.

Spreadsheet applications size a wrapped row only when they lay it out themselves;
LibreOffice keeps the height written in the file, so every wrapped row gets an explicit
height here: the number of lines its text takes at the column's width (CJK characters
count double), times a line height.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from balance_cli.model.cells import formula_safe

FONT = "Calibri"  # the workbook's own font (a font without a name prints in a serif)
DARK = "404040"
HEADER_FILL = "DDEBF7"

LINE_PT = 15.0  # one line of 11 pt text (Calibri/CJK fallback) in points
PAD_PT = 3.0  # above and below the text of a wrapped row
CELL_PAD = 1.5  # characters of a column taken by the cell's inner margins
MIN_WIDTH, MAX_WIDTH = 6.0, 44.0
MIN_SCALE = 0.6  # a table is not printed smaller than this to save a page
PORTRAIT_SCALE = 0.85  # on as many pages, portrait unless it shrinks the table more
HEADER_LINES = 3  # a header may wrap over this many lines before its column widens

# Page geometry (A4, centimetres) and margins (inches, as openpyxl writes them).
A4 = (21.0, 29.7)
MARGIN_IN = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.6, "header": 0.25, "footer": 0.25}
CM_PER_IN = 2.54
PX_CM = 2.54 / 96  # one pixel at 96 dpi
FOOTER = "&A — &P / &N"  # sheet name, page of pages


def safe_text(value: Any) -> Any:
    """Input text as a cell value that no spreadsheet will take for a formula (one rule for
    CSV and xlsx alike: :func:`balance_cli.model.cells.formula_safe`)."""
    return formula_safe(value) if isinstance(value, str) else value


def char_width(ch: str) -> float:
    """Width of one character in column-width units (the width of a digit)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2.2  # a CJK glyph is about as wide as two digits, a little more
    if ch.isupper():
        return 1.2
    return 1.0


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


_CJK = "\u2e80-\u9fff\uff00-\uffef"  # CJK scripts and punctuation, full-width forms
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide: words of
    Latin text stay whole, CJK text breaks between any two characters."""
    room = max(width - CELL_PAD, 1.0)
    total = 0
    for paragraph in str(text).split("\n"):
        lines, used = 1, 0.0
        for token in _TOKEN.findall(paragraph):
            w = text_width(token)
            if token.isspace():
                used += w if used else 0.0
                continue
            if used and used + w > room:
                lines, used = lines + 1, 0.0
            while w > room:  # a word longer than the column breaks where it must
                lines, w = lines + 1, w - room
            used += w
        total += lines
    return total


def longest_word(text: str) -> float:
    words = [t for t in _TOKEN.findall(str(text)) if not t.isspace()]
    return max((text_width(w) for w in words), default=0.0)


def shown(value: Any, number_format: str | None) -> str:
    """The text a number shows with one of the report's number formats."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "" if value is None else str(value)
    fmt = number_format or "General"
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    if fmt == "General":
        return f"{value:g}"
    return f"{value:,.{decimals}f}" if "," in fmt else f"{value:.{decimals}f}"


def width_cm(widths: list[float]) -> float:
    """Printed width of columns (openpyxl widths: digit widths of the default font)."""
    return sum((w * 7 + 5) * PX_CM for w in widths)


def printable_cm(landscape: bool) -> tuple[float, float]:
    """(width, height) of the printable area of an A4 page."""
    short, long_ = A4
    w, h = (long_, short) if landscape else (short, long_)
    return (
        w - (MARGIN_IN["left"] + MARGIN_IN["right"]) * CM_PER_IN,
        h - (MARGIN_IN["top"] + MARGIN_IN["bottom"]) * CM_PER_IN,
    )


def set_margins(ws: Any) -> None:
    from openpyxl.worksheet.page import PageMargins

    ws.page_margins = PageMargins(**MARGIN_IN)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.oddFooter.center.text = FOOTER


class Sheet:
    """A worksheet written top to bottom: titles, header rows and data rows. ``finish()``
    then sizes columns to their content, wrapped rows to their lines, and sets up the
    page. Every string is written as a string (never a formula)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.bold = Font(name=FONT, size=11, bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.dark = PatternFill("solid", fgColor=DARK)
        self.white = Font(name=FONT, size=11, color="FFFFFF", bold=True)
        thin = Side(style="thin", color="999999")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.wrap_top = Alignment(wrap_text=True, vertical="top")
        self.row = 1
        self.columns = 0
        self._titles: list[tuple[int, str, float]] = []  # row, text, font size
        self._headers: dict[int, int] = {}  # header row → the lines it may take
        self._wrapped: list[int] = []  # every row whose text wraps

    @staticmethod
    def text(cell: Any, value: Any) -> Any:
        cell.value = safe_text(value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever it starts with
        return cell

    def title(self, text: str, size: float = 13, bold: bool = True) -> None:
        """A line of text across the whole table (merged, wrapped to its width)."""
        from openpyxl.styles import Font

        cell = self.text(self.ws.cell(row=self.row, column=1), text)
        cell.font = Font(name=FONT, bold=bold, size=size)
        cell.alignment = self.wrap_top
        self._titles.append((self.row, text, size))
        self.row += 1

    def put(
        self,
        values: list[Any],
        header: bool = False,
        formats: list[str | None] | None = None,
        lines: int = HEADER_LINES,
        wrap: bool = False,
    ) -> list[Any]:
        """One row. ``header``: bold on a fill, wrapped, its columns wide enough that it
        takes at most ``lines`` lines; ``wrap``: a data row whose text may wrap (long
        reasons, details)."""
        cells = []
        self.columns = max(self.columns, len(values))
        for j, value in enumerate(values, start=1):
            cell = self.text(self.ws.cell(row=self.row, column=j), value)
            cell.border = self.border
            if header:
                cell.font = self.bold
                cell.fill = self.header_fill
                cell.alignment = self.wrap
            else:
                if formats and j - 1 < len(formats) and formats[j - 1]:
                    cell.number_format = formats[j - 1]
                if wrap:
                    cell.alignment = self.wrap
            cells.append(cell)
        if header:
            self._headers[self.row] = lines
        if header or wrap:
            self._wrapped.append(self.row)
        self.row += 1
        return cells

    def skip(self, n: int = 1) -> None:
        self.row += n

    # -- finishing: widths, heights, page ------------------------------------------------

    def _content_widths(self, limits: dict[int, float]) -> list[float]:
        """Each column as wide as its widest data cell, and wide enough that its header
        wraps over at most HEADER_LINES lines without splitting a word."""
        ws = self.ws
        widths = [MIN_WIDTH] * self.columns
        title_rows = {r for r, _, _ in self._titles}
        for row in ws.iter_rows(min_row=1, max_row=self.row - 1, max_col=self.columns):
            for cell in row:
                if cell.value is None or cell.row in title_rows:
                    continue
                j = cell.column - 1
                text = shown(cell.value, cell.number_format)
                if cell.row in self._headers:
                    lines = self._headers[cell.row]
                    need = max(text_width(text) / lines, longest_word(text)) + CELL_PAD
                elif cell.alignment.wrap_text:
                    need = longest_word(text) + CELL_PAD
                else:
                    need = text_width(text) + CELL_PAD + 0.5
                widths[j] = max(widths[j], need)
        return [round(min(w, limits.get(j, MAX_WIDTH)), 1) for j, w in enumerate(widths)]

    def finish(
        self,
        title_rows: str | None = None,
        widths: dict[int, float] | None = None,
        max_widths: dict[int, float] | None = None,
    ) -> None:
        """Size the columns (``widths``: fixed ones by 0-based column, ``max_widths``: caps),
        merge titles across the table, give wrapped rows their height, set up the page."""
        from openpyxl.utils import get_column_letter

        ws = self.ws
        cols = self._content_widths(max_widths or {})
        for j, w in (widths or {}).items():
            cols[j] = w
        for j, w in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        span = max(self.columns, 1)
        total = sum(cols)
        for row, text, size in self._titles:
            if span > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
            lines = wrapped_lines(text, total * 11 / size)
            ws.row_dimensions[row].height = lines * LINE_PT * size / 11 + PAD_PT
        for row in self._wrapped:
            lines = max(
                wrapped_lines(shown(c.value, c.number_format), cols[c.column - 1])
                for c in ws[row][: self.columns]
            )
            ws.row_dimensions[row].height = lines * LINE_PT + PAD_PT
        heights = [ws.row_dimensions[r].height or LINE_PT + PAD_PT for r in range(1, self.row)]
        page_setup(ws, landscape_fits_better(width_cm(cols), sum(heights) / 72 * 2.54), title_rows)


def pages(table_w: float, table_h: float, landscape: bool) -> tuple[int, float]:
    """(pages, scale) of a table ``table_w`` × ``table_h`` cm fitted to the page width."""
    page_w, page_h = printable_cm(landscape)
    scale = min(1.0, page_w / table_w)
    return math.ceil(table_h * scale / page_h - 1e-9), scale


def landscape_fits_better(table_w: float, table_h: float) -> bool:
    """Landscape when it prints the table on fewer pages, or on as many but less shrunk
    (a scale below MIN_SCALE is not worth a page saved)."""
    p_pages, p_scale = pages(table_w, table_h, landscape=False)
    l_pages, l_scale = pages(table_w, table_h, landscape=True)
    if p_scale < MIN_SCALE:
        return True
    if l_pages == p_pages and p_scale >= PORTRAIT_SCALE:
        return False
    return (l_pages, -l_scale) < (p_pages, -p_scale)


def page_setup(ws: Any, landscape: bool, title_rows: str | None = None) -> None:
    """A4, fitted to one page width (as many pages down as it takes), header rows
    repeated on every page."""
    set_margins(ws)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def cm_to_points(cm: float) -> float:
    return cm / 2.54 * 72
