"""Display width of text (a CJK character takes two columns), without importing a
Unicode table for the characters our tables hold.

Printable ASCII, CJK ideographs, CJK and full-width punctuation and a few symbols have
the widths both rich (the layout's measure) and wcwidth (tabulate's) give them, checked
character by character in tests/test_text_grid.py; any other text is measured by rich.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Two columns: CJK ideographs, full-width forms, CJK punctuation (、。〃 and brackets).
WIDE_RANGES = ((0x4E00, 0x9FFF), (0xFF01, 0xFF60), (0x3001, 0x3003), (0x3008, 0x3011))
# One column besides printable ASCII.
NARROW = frozenset("\u00a0\u00b0\u00b1\u00b2\u00b3\u00b7\u00d7\u00f7–—‘’“”…‰℃→≤≥✓✘")


class _CharWidths(dict):
    """Character → width, learnt at first sight (then summed at C speed); a character not
    listed above weighs so much less than nothing that any text holding it sums below 0."""

    def __missing__(self, ch: str) -> int:
        o = ord(ch)
        if 0x20 <= o < 0x7F or ch in NARROW:
            w = 1
        elif any(lo <= o <= hi for lo, hi in WIDE_RANGES):
            w = 2
        else:
            w = -(1 << 40)
        self[ch] = w
        return w


_WIDTHS = _CharWidths()


def known_width(s: str) -> int | None:
    """Width of one line ``s``; None if it holds a character not listed above (a control
    character included)."""
    if s.isascii():
        return len(s) if s.isprintable() else None
    w = sum(map(_WIDTHS.__getitem__, s))
    return w if w >= 0 else None


@lru_cache(maxsize=4096)  # layout measures the same headers and cells many times
def cell_len(s: str) -> int:
    """Display width of ``s`` as rich measures it."""
    w = known_width(s)
    if w is None:
        from rich.cells import cell_len as rich_len

        return rich_len(s)
    return w


# A CJK character is a piece of its own: U+2E80–9FFF (radicals, punctuation, kana,
# ideographs), F900–FAFF, FF00–FFEF. (Tested code point by code point, not by a regular
# expression: a class of 30,000 characters takes milliseconds to compile at every start.)
_CJK = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_RUNS = re.compile(r"[ \t]+|[^ \t]+")


class _IsCJK(dict):
    """Character → is it CJK, learnt at first sight (then looked up at C speed)."""

    def __missing__(self, ch: str) -> bool:
        self[ch] = any(lo <= ord(ch) <= hi for lo, hi in _CJK)
        return self[ch]


_IS_CJK = _IsCJK()


def split_cjk(s: str) -> list[str]:
    """Where a line may break: runs of spaces, CJK characters one by one, and runs of
    anything else (what ``[CJK]|[ \\t]+|[^ \\t CJK]+`` finds)."""
    if s.isascii():
        return _RUNS.findall(s)
    out = []
    for run in _RUNS.findall(s):
        if run[0] in " \t" or not any(map(_IS_CJK.__getitem__, run)):
            out.append(run)
            continue
        start = 0
        for i, ch in enumerate(run):
            if _IS_CJK[ch]:
                if i > start:
                    out.append(run[start:i])
                out.append(ch)
                start = i + 1
        if start < len(run):
            out.append(run[start:])
    return out
