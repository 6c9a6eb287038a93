"""Display width of text (a CJK character takes two columns), without importing a
Unicode table for the characters our tables hold.

Printable ASCII, CJK ideographs, CJK and full-width punctuation and a few symbols have
the widths both rich (the layout's measure) and wcwidth (tabulate's) give them, checked
character by character in tests/test_text_grid.py; any other text is measured by rich.
"""

from __future__ import annotations

# Two columns: CJK ideographs, full-width forms, CJK punctuation (、。〃 and brackets).
WIDE_RANGES = ((0x4E00, 0x9FFF), (0xFF01, 0xFF60), (0x3001, 0x3003), (0x3008, 0x3011))
# One column besides printable ASCII.
NARROW = frozenset("\u00a0\u00b0\u00b1\u00b2\u00b3\u00b7\u00d7\u00f7–—‘’“”…‰℃→≤≥✓✘")


def known_width(s: str) -> int | None:
    """Width of one line ``s``; None if it holds a character not listed above (a control
    character included)."""
    if s.isascii():
        return len(s) if s.isprintable() else None
    w = 0
    for ch in s:
        o = ord(ch)
        if 0x20 <= o < 0x7F or ch in NARROW:
            w += 1
        elif (
            0x4E00 <= o <= 0x9FFF
            or 0xFF01 <= o <= 0xFF60
            or 0x3001 <= o <= 0x3003
            or 0x3008 <= o <= 0x3011
        ):
            w += 2
        else:
            return None
    return w


def cell_len(s: str) -> int:
    """Display width of ``s`` as rich measures it."""
    w = known_width(s)
    if w is None:
        from rich.cells import cell_len as rich_len

        return rich_len(s)
    return w
