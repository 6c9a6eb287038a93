"""Plain-text and Markdown output in tabulate's "simple" and "pipe" layouts (wide
characters aligned), fitted to the terminal's width when there is one (a tty, or COLUMNS
set): never cropped, a number never split across lines (Markdown cells never wrap: a table
that cannot fit is split).

:func:`grid_text` draws a table byte for byte as tabulate would, without importing it
(tabulate's import reads package metadata: a third of a plain run's start-up); a table
holding a character outside the few it knows the width of is handed to tabulate itself.
"""

from __future__ import annotations

from typing import TextIO

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
from balance_cli.render.width import known_width

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
                out.write(grid_text(shape.headers, shape.rows, align, markdown))
                out.write("\n\n")
                continue
            for heading_text, lines in shape.blocks:
                bold = f"**{heading_text}**" if markdown else heading_text
                write_lines([bold], out, limit)
                bullet = "- " if markdown else "  "
                for line in lines:
                    out.write(bullet + line + "\n")
                out.write("\n")


# ------------------------------------------------------------------ tabulate's layouts
def _lines_widths(s: str) -> list[int] | None:
    widths = [known_width(line) for line in s.split("\n")]
    return None if None in widths else widths  # type: ignore[return-value]


def grid_text(headers: list[str], rows: list[list[str]], align: list[str], markdown: bool) -> str:
    """``tabulate(rows, headers, tablefmt="pipe" if markdown else "simple",
    disable_numparse=True, colalign=align)``, for text cells of known characters."""
    n = len(headers)
    cells = [c for row in rows for c in row]
    if (
        not rows
        or any(len(row) != n for row in rows)
        or len(align) != n
        or not set(align) <= {"left", "right"}
        or not all(isinstance(c, str) for c in (*headers, *cells))
        or any(_lines_widths(c) is None for c in (*headers, *cells))
    ):
        from tabulate import tabulate

        fmt = "pipe" if markdown else "simple"
        return tabulate(rows, headers, tablefmt=fmt, disable_numparse=True, colalign=align)
    multiline = any("\n" in c for c in (*headers, *cells))
    columns = []
    widths = []
    for j in range(n):
        col = [row[j].strip() for row in rows]  # tabulate strips aligned cells
        least = max(_lines_widths(headers[j])) + 2  # type: ignore[type-var]
        width = max(least, *(w for c in col for w in _lines_widths(c)))  # type: ignore[union-attr]
        right = align[j] == "right"
        columns.append([_pad_lines(c, width, right, multiline) for c in col])
        widths.append(width)
    heads = [  # headers are not stripped; each of their lines is padded
        "\n".join(_pad(line, w, a == "right") for line in h.split("\n"))
        for h, w, a in zip(headers, widths, align, strict=True)
    ]
    pad = " " if markdown else ""
    lines: list[str] = []

    def add(row: list[str]) -> None:
        parts = [c.splitlines() for c in row] if multiline else [[c] for c in row]
        for i in range(max(map(len, parts))):
            line = [p[i] if i < len(p) else " " * w for p, w in zip(parts, widths, strict=True)]
            if markdown:
                lines.append(("|" + "|".join(pad + c + pad for c in line) + "|").rstrip())
            else:
                lines.append("  ".join(line).rstrip())

    add(heads)
    if markdown:
        segments = (
            "-" * (w + 1) + ":" if a == "right" else ":" + "-" * (w + 1)
            for w, a in zip(widths, align, strict=True)
        )
        lines.append("|" + "|".join(segments) + "|")
    else:
        lines.append("  ".join("-" * w for w in widths))
    for row in zip(*columns, strict=True):
        add(list(row))
    return "\n".join(lines)


def _pad_lines(s: str, width: int, right: bool, multiline: bool) -> str:
    """Each line of ``s`` padded to ``width`` columns (a stripped empty cell of a
    multi-line table stays empty: tabulate pads it to blank when drawing the row)."""
    lines = (s.splitlines() if multiline else [s]) if s or not multiline else []
    return "\n".join(_pad(line, width, right) for line in lines)


def _pad(line: str, width: int, right: bool) -> str:
    fill = " " * (width - known_width(line))  # type: ignore[operator]
    return fill + line if right else line + fill
