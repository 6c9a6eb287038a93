"""The default terminal output: rich tables laid out like the published county tables,
fitted to the terminal's width (see :mod:`balance_cli.render.layout`): never cropped."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, TextIO

from balance_cli.messages import label
from balance_cli.model import Assessment
from balance_cli.model.cells import Table
from balance_cli.render.layout import Grid, Records, layout, wrap
from balance_cli.render.quality_rows import quality_blocks
from balance_cli.render.rows import (
    excluded_block,
    failing_block,
    level_blocks,
    schools_block,
    verdict_lines,
)
from balance_cli.render.width import cell_len

_STYLE = {True: "green", False: "red", None: ""}
_STATUS_STYLE = {"passed": "bold green", "failed": "bold red", "not_supplied": "yellow"}
OVERHEAD = (3, 1)  # a box table of n columns: sum of widths + 3n + 1
PIPED_WIDTH = 160  # piped to a file without COLUMNS: give a saved report room


class PlainConsole:
    """Where colours cannot show (a pipe, a file): the same lines, written as they are,
    without importing rich's console (a third of a one-county run's start-up)."""

    no_color = True
    color_system = None

    def __init__(self, file: TextIO, width: int) -> None:
        self.file = file
        self.width = width

    def print(self, line: str = "", style: str = "") -> None:
        self.file.write(line + "\n")


def console_for(out: TextIO) -> Any:
    """A console on ``out`` as wide as the terminal (COLUMNS when set); a plain writer
    when ``out`` is not a terminal and colours are not forced."""
    colours = out.isatty() or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE")
    if not colours:
        columns = os.environ.get("COLUMNS", "")
        return PlainConsole(out, int(columns) if columns.isdigit() else PIPED_WIDTH)
    from rich.console import Console

    width = None if out.isatty() or os.environ.get("COLUMNS") else PIPED_WIDTH
    return Console(file=out, highlight=False, soft_wrap=False, width=width)


def _say(console: Any, line: str = "", style: str = "") -> None:
    """One line, styled on a colour terminal (never parsed as rich markup)."""
    if isinstance(console, PlainConsole):
        console.file.write(line + "\n")
        return
    from rich.text import Text

    console.print(Text(line, style=style))


def print_table(console: Any, table: Table, turn: bool = False) -> None:
    for shape in layout(table, console.width, OVERHEAD, turn=turn):
        if isinstance(shape, Grid):
            _print_grid(console, shape)
        else:
            _print_records(console, shape)


def _print_title(console: Any, title: str) -> None:
    for line in wrap(title, console.width):
        _say(console, line, "italic")


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


def grid_lines(grid: Grid) -> list[tuple[str, str]]:
    """(line, part) of a boxed table like rich's HEAVY_HEAD box; part is "edge",
    "head" or a row's index as text. Drawn here rather than by rich.Table: the widths are
    decided already (layout), and a table of a few hundred rows prints in a blink."""
    w = grid.widths
    out: list[tuple[str, str]] = [("┏" + "┳".join("━" * (x + 2) for x in w) + "┓", "edge")]
    head = [h.split("\n") for h in grid.headers]
    height = max((len(h) for h in head), default=1)
    for k in range(height):
        cells = [
            _pad(h[k - height + len(h)] if k >= height - len(h) else "", x, r)
            for h, x, r in zip(head, w, grid.right, strict=True)
        ]
        out.append(("┃ " + " ┃ ".join(cells) + " ┃", "head"))
    out.append(("┡" + "╇".join("━" * (x + 2) for x in w) + "┩", "edge"))
    for i, row in enumerate(grid.rows):
        parts = [c.split("\n") for c in row]
        for k in range(max((len(p) for p in parts), default=1)):
            cells = [
                _pad(p[k] if k < len(p) else "", x, r)
                for p, x, r in zip(parts, w, grid.right, strict=True)
            ]
            out.append(("│ " + " │ ".join(cells) + " │", str(i)))
    out.append(("└" + "┴".join("─" * (x + 2) for x in w) + "┘", "edge"))
    return out


def _print_grid(console: Any, grid: Grid) -> None:
    _print_title(console, grid.title)
    plain = console.no_color or console.color_system is None
    for line, part in grid_lines(grid):
        if plain:
            console.file.write(line + "\n")
            continue
        if part in ("head", "edge"):
            style = "bold" if part == "head" else ""
        else:
            style = _STYLE[grid.status[int(part)]]
        _say(console, line, style)


def _print_records(console: Any, records: Records) -> None:
    _print_title(console, records.title)
    for (heading, lines), status in zip(records.blocks, records.status, strict=True):
        for line in wrap(heading, console.width):
            _say(console, line, "bold " + _STYLE[status])
        for line in lines:
            _say(console, "  " + line)
    _say(console)


def print_lines(console: Any, lines: Iterable[tuple[str | None, str]]) -> None:
    """Verdict lines, wrapped to the width (continuation lines indented)."""
    for status, line in lines:
        for part in wrap(line, console.width, "   "):
            _say(console, part, _STATUS_STYLE.get(status or "", ""))


def print_blocks(blocks: list[Table], out: TextIO) -> None:
    console = console_for(out)
    for block in blocks:
        print_table(console, block)


def render_rich(a: Assessment, lang: str, out: TextIO, schools: bool = False) -> None:
    console = console_for(out)
    rules_line = label("rules_line", lang, name=a.rules.label(lang), id=a.rules.id)
    print_lines(console, [(None, rules_line)])
    for block in level_blocks(a, lang):
        # The published layout (indicators as columns) when the terminal is wide enough;
        # otherwise turned: one row per indicator.
        print_table(console, block, turn=True)
    per_school = schools_block(a, lang) if schools else None
    quality = quality_blocks(a, lang)  # high-quality balance: the four parts
    for block in (per_school, failing_block(a, lang), excluded_block(a, lang), *quality):
        if block is not None:
            print_table(console, block)
    print_lines(console, verdict_lines(a, lang))
