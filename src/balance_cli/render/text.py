"""Plain-text and Markdown output through tabulate (wide characters aligned)."""

from __future__ import annotations

from typing import TextIO

from tabulate import tabulate

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.render.quality_rows import quality_blocks
from balance_cli.render.rows import (
    Block,
    excluded_block,
    failing_block,
    level_blocks,
    schools_block,
    verdict_lines,
)


def render_text(
    a: Assessment, lang: str, out: TextIO, markdown: bool, schools: bool = False
) -> None:
    out.write(label("rules_line", lang, name=a.rules.label(lang), id=a.rules.id) + "\n\n")
    per_school = schools_block(a, lang) if schools else None
    blocks = [*level_blocks(a, lang), per_school, failing_block(a, lang), excluded_block(a, lang)]
    blocks += quality_blocks(a, lang)
    write_blocks([b for b in blocks if b is not None], out, markdown)
    for i, (_, text) in enumerate(verdict_lines(a, lang)):
        out.write(("- " if markdown and i else "") + text + "\n")


def write_blocks(blocks: list[Block], out: TextIO, markdown: bool) -> None:
    fmt = "pipe" if markdown else "simple"
    heading = "### " if markdown else ""
    for block in blocks:
        out.write(f"{heading}{block.title}\n\n")
        align = [
            "left" if j == 0 or j in block.wrap else "right" for j in range(len(block.headers))
        ]
        out.write(
            tabulate(
                block.rows,
                headers=block.headers,
                tablefmt=fmt,
                disable_numparse=True,
                colalign=align,
            )
        )
        out.write("\n\n")
