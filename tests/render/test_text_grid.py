"""The plain and Markdown tables are drawn without tabulate, byte for byte as tabulate
draws them: random tables of the characters our tables hold (and of others, which are
handed to tabulate itself) against tabulate's own output."""

from __future__ import annotations

import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from tabulate import tabulate

from balance_cli.render import width
from balance_cli.render.text import grid_text
from balance_cli.render.width import NARROW, WIDE_RANGES, known_width

# What our tables hold: ASCII, CJK, CJK and full-width punctuation, a few symbols, NBSP,
# spaces at either end and line breaks (wrapped cells); plus rarer characters (tab, é, an
# emoji, a combining accent) that must take tabulate's own path.
KNOWN = "ab Z09.%-()/:," + "学校均衡系数达标（），：、；" + "".join(sorted(NARROW))
OTHER = "\té😀\u0301\u3000"
cell = st.text(alphabet=KNOWN + "\n", max_size=12)
odd_cell = st.text(alphabet=KNOWN + OTHER + "\n", max_size=6)


def tables(cells: st.SearchStrategy[str]) -> st.SearchStrategy:
    return st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            st.lists(cells, min_size=n, max_size=n),
            st.lists(st.lists(cells, min_size=n, max_size=n), min_size=0, max_size=5),
            st.lists(st.sampled_from(["left", "right"]), min_size=n, max_size=n),
            st.booleans(),
        )
    )


def expected(headers, rows, align, markdown) -> str:
    fmt = "pipe" if markdown else "simple"
    return tabulate(rows, headers, tablefmt=fmt, disable_numparse=True, colalign=align)


@settings(max_examples=400, deadline=None)
@given(tables(cell))
def test_known_characters_drawn_as_tabulate_draws_them(table) -> None:
    headers, rows, align, markdown = table
    if markdown:  # Markdown cells never hold a line break (layout splits the table)
        headers = [h.replace("\n", " ") for h in headers]
        rows = [[c.replace("\n", " ") for c in row] for row in rows]
    assert grid_text(headers, rows, align, markdown) == expected(headers, rows, align, markdown)


@settings(max_examples=200, deadline=None)
@given(tables(odd_cell))
def test_other_characters_are_tabulates_own(table) -> None:
    headers, rows, align, markdown = table
    assert grid_text(headers, rows, align, markdown) == expected(headers, rows, align, markdown)


def test_widths_are_wcwidths() -> None:
    """The width table agrees with wcwidth (tabulate's measure) and rich (the layout's)
    on every character."""
    chars = [chr(o) for lo, hi in WIDE_RANGES for o in range(lo, hi + 1)]
    chars += sorted(NARROW) + [chr(o) for o in range(0x20, 0x7F)]
    for ch in chars:
        assert known_width(ch) == wcwidth.wcwidth(ch) == cell_len(ch), hex(ord(ch))
    assert known_width("学校 A（1）…") == wcwidth.wcswidth("学校 A（1）…") == 12
    assert known_width("a\tb") is None and known_width("é") is None
    assert width.cell_len("a\tb") == cell_len("a\tb") == 2  # rich's own measure


def test_a_county_table() -> None:
    headers = ["学校", "学生数", "生均面积\n(m²)"]
    rows = [["第一中学", "1200", "12.5"], ["Long school name…", "80", "3.25"]]
    align = ["left", "right", "right"]
    for markdown in (False, True):
        h = [x.replace("\n", " ") for x in headers] if markdown else headers
        assert grid_text(h, rows, align, markdown) == expected(h, rows, align, markdown)


EDGES = "\u2e7f\u2e80\u9fff\ua000\uf900\ufaff\ufb00\uff00\uffef\ufff0😀"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab1 .\t\n学校（），、…²" + EDGES))
def test_wrap_tokens_as_the_regular_expression_cut_them(s: str) -> None:
    """layout's tokens (CJK characters one by one) without compiling a huge class."""
    import re

    from balance_cli.render.width import split_cjk

    cjk = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
    assert split_cjk(s) == re.findall(rf"[{cjk}]|[ \t]+|[^ \t{cjk}]+", s)
