"""Plain-text and Markdown output through tabulate (wide characters aligned), fitted to
the terminal's width when there is one (a tty, or COLUMNS set): never cropped, a number
never split across lines (Markdown cells never wrap: a table that cannot fit is split)."""

from __future__ import annotations

from typing import TextIO

from tabulate import tabulate

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.model.cells import Table
from balance_cli.render.layout import Grid, layout
from balance_cli.render.layout import terminal_width as text_width
from balance_cli.render.layout import write_wrapped as write_lines
from balance_cli.render.quality_rows import quality_blocks
from balance_cli.render.rows import (
    excluded_block,
    failing_block,
    level_blocks,
    schools_block,
    verdict_lines,
)

# Columns of n widths w take sum(w) + a·n + b: tabulate "simple" puts 2 spaces between
# columns, "pipe" is "| a | b |"; and tabulate makes a column at least 2 wider than its
# header (its MIN_PADDING), hence 2 more per column.
SIMPLE = (4, -2)
PIPE = (5, 1)


def render_text(
    a: Assessment, lang: str, out: TextIO, markdown: bool, schools: bool = False
) -> None:
    limit = text_width(out)
    write_lines([label("rules_line", lang, name=a.rules.label(lang), id=a.rules.id)], out, limit)
    out.write("\n")
    per_school = schools_block(a, lang) if schools else None
    blocks = [*level_blocks(a, lang), per_school, failing_block(a, lang), excluded_block(a, lang)]
    blocks += quality_blocks(a, lang)  # high-quality balance: the four parts
    write_blocks([b for b in blocks if b is not None], out, markdown, limit, turn=len(a.levels))
    lines = [text for _, text in verdict_lines(a, lang)]
    if markdown:
        lines = lines[:1] + ["- " + line for line in lines[1:]]
    write_lines(lines, out, limit)


def write_blocks(
    blocks: list[Table],
    out: TextIO,
    markdown: bool,
    limit: int | None = None,
    turn: int = 0,
) -> None:
    """Tables through tabulate; the first ``turn`` tables may be turned when too wide."""
    if limit is None:
        limit = text_width(out)
    heading = "### " if markdown else ""
    for k, block in enumerate(blocks):
        shapes = layout(block, limit, PIPE if markdown else SIMPLE, not markdown, k < turn)
        for shape in shapes:
            write_lines([heading + shape.title], out, limit)
            out.write("\n")
            if isinstance(shape, Grid):
                align = ["right" if r else "left" for r in shape.right]
                out.write(
                    tabulate(
                        shape.rows,
                        headers=shape.headers,
                        tablefmt="pipe" if markdown else "simple",
                        disable_numparse=True,
                        colalign=align,
                    )
                )
                out.write("\n\n")
                continue
            for heading_text, lines in shape.blocks:
                bold = f"**{heading_text}**" if markdown else heading_text
                write_lines([bold], out, limit)
                bullet = "- " if markdown else "  "
                for line in lines:
                    out.write(bullet + line + "\n")
                out.write("\n")
