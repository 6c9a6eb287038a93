"""The default terminal output: rich tables laid out like the published county tables."""

from __future__ import annotations

import os
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.render.quality_rows import quality_blocks
from balance_cli.render.rows import (
    Block,
    excluded_block,
    failing_block,
    level_blocks,
    schools_block,
    transpose,
    verdict_lines,
)

_STYLE = {True: "green", False: "red", None: ""}
_STATUS_STYLE = {"passed": "bold green", "failed": "bold red", "not_supplied": "yellow"}


def _table(block: Block) -> Table:
    table = Table(title=block.title, title_justify="left", show_lines=False)
    for i, header in enumerate(block.headers):
        # Cells never fold (a folded number misreads); headers wrap to the cells' width.
        width = 4 if i in block.wrap else max((cell_len(row[i]) for row in block.rows), default=1)
        table.add_column(
            header,
            justify="left" if i == 0 or i in block.wrap else "right",
            min_width=width,
            overflow="fold",
        )
    for row, status in zip(block.rows, block.status, strict=True):
        table.add_row(*row, style=_STYLE[status])
    return table


def _needed_width(block: Block, min_header: int = 8) -> int:
    widths = [
        max(min_header, *(cell_len(row[i]) for row in block.rows))
        for i in range(len(block.headers))
    ]
    return sum(widths) + 3 * len(widths) + 1


def print_blocks(blocks: list[Block], out: TextIO) -> None:
    console = _console(out)
    for block in blocks:
        console.print(_table(block))


def _console(out: TextIO) -> Console:
    # Piped to a file, rich would assume 80 columns: give a saved report room instead.
    width = None if out.isatty() or os.environ.get("COLUMNS") else 160
    return Console(file=out, highlight=False, soft_wrap=False, width=width)


def render_rich(a: Assessment, lang: str, out: TextIO, schools: bool = False) -> None:
    console = _console(out)
    console.print(label("rules_line", lang, name=a.rules.label(lang), id=a.rules.id))
    for block in level_blocks(a, lang):
        # The published layout (indicators as columns) when the terminal is wide enough for
        # every column at a readable width; otherwise one row per indicator.
        if _needed_width(block) > console.width:
            block = transpose(block)
        console.print(_table(block))
    per_school = schools_block(a, lang) if schools else None
    blocks = (per_school, failing_block(a, lang), excluded_block(a, lang), *quality_blocks(a, lang))
    for block in blocks:
        if block is not None:
            # Wider than the terminal: let the terminal wrap the lines rather than crop them.
            console.print(_table(block), width=max(console.width, _needed_width(block, 4)))
    for status, text in verdict_lines(a, lang):
        console.print(text, style=_STATUS_STYLE.get(status or "", ""), markup=False)
