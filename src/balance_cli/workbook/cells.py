"""Turn raw cells into numbers and text, vectorised, keeping every oddity located.

A column of clean numbers becomes a float array in one numpy call; only the cells that
are not plain numbers (text with thousands separators, full-width digits, placeholders,
junk) are looked at one by one, so a clean file costs no per-cell work beyond that call.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from balance_cli.record import record
from balance_cli.workbook.limits import MAX_NUMBER

# Cells that mean "nothing here": read as 0 in a resource column, with a warning.
PLACEHOLDERS = frozenset({"", "-", "—", "——", "–", "/", "无", "空", "－", "\\"})
_SEPARATORS = r"[,\s'’_]"
# The patterns of this module are compiled by `re` at their first use (and cached there):
# a file of clean numbers (most files) never needs them.
_NUMBER_TYPES = (int, float, np.float64, np.int64)


# Excel's error values, as text in a CSV or returned by a reader.
ERROR_CODES = frozenset(
    {"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
# A number written with grouping separators: groups of three digits after the first.
_GROUPED = r"^[+-]?\d{1,3}(?P<sep>[,\s'’_])\d{3}(?:(?P=sep)\d{3})*(?:\.\d*)?$"


@record(eq=False)
class Numbers:
    values: np.ndarray  # float64; 0 where placeholder or bad
    placeholder: np.ndarray  # bool: blank or placeholder text, read as 0
    bad: np.ndarray  # bool: text that is not a number (or not finite)
    # bool: text whose separators are not a thousands grouping ("1,5", "12,34"): it could
    # be read two ways, so it is not read at all. Also set in ``bad``.
    ambiguous: np.ndarray | None = None
    # bool: a number beyond MAX_NUMBER in magnitude (sums and squares would lose it)
    huge: np.ndarray | None = None


def clean_number_text(value: object) -> str:
    """NFKC (full-width digits and signs), no thousands separators or spaces."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return re.sub(_SEPARATORS, "", text)


def is_ambiguous(value: object) -> bool:
    """Text with separators that are not a thousands grouping: ``1,5``, ``12,34``, ``1.234,5``.

    ``1,234`` and ``12 345.5`` are groupings (read as 1234 and 12345.5); anything else
    with a comma, space or apostrophe between digits could mean two numbers.
    """
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not re.search(_SEPARATORS, text):
        return False
    return re.match(_GROUPED, text) is None and any(ch.isdigit() for ch in text)


def _is_blank(v: object) -> bool:
    """None, NaN (float or numpy) or pandas' NA: an empty cell."""
    if v is None or type(v).__name__ == "NAType":
        return True
    return isinstance(v, float) and v != v


def to_numbers(column: np.ndarray) -> Numbers:
    """The column as numbers; see :class:`Numbers` for what is flagged."""
    nums = _to_numbers(column)
    huge = np.abs(nums.values) > MAX_NUMBER
    ambiguous = nums.ambiguous if nums.ambiguous is not None else np.zeros(len(huge), bool)
    return Numbers(
        np.where(huge, 0.0, nums.values), nums.placeholder, nums.bad | huge, ambiguous, huge
    )


def _to_numbers(column: np.ndarray) -> Numbers:
    n = len(column)
    if column.dtype.kind in "fiu":  # a parser already read numbers (CSV)
        values = column.astype(np.float64)
        blank = np.isnan(values)
        bad = np.isinf(values)  # "inf", "1e400": a parser's infinity is not a count
        return Numbers(np.where(blank | bad, 0.0, values), blank, bad)
    cells = column.tolist()
    if all(v.__class__ in _NUMBER_TYPES for v in cells):  # clean: numbers only
        values = np.array(cells, dtype=np.float64) if n else np.zeros(0)
        bad = ~np.isfinite(values)
        return Numbers(np.where(bad, 0.0, values), np.zeros(n, dtype=bool), bad)
    values = np.zeros(n, dtype=np.float64)
    placeholder = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    ambiguous = np.zeros(n, dtype=bool)
    for i, v in enumerate(cells):
        if _is_blank(v):
            placeholder[i] = True
            continue
        if v.__class__ in _NUMBER_TYPES:
            if math.isfinite(v):
                values[i] = v
            else:
                bad[i] = True
            continue
        text = clean_number_text(v)
        if text in PLACEHOLDERS or str(v).strip() in PLACEHOLDERS:
            placeholder[i] = True
            continue
        if is_ambiguous(v):
            bad[i] = ambiguous[i] = True
            continue
        try:
            number = float(text)
        except ValueError:
            bad[i] = True
            continue
        if math.isfinite(number):  # "nan", "inf" as text are not numbers here
            values[i] = number
        else:
            bad[i] = True
    return Numbers(values, placeholder, bad, ambiguous)


def to_text(column: np.ndarray) -> np.ndarray:
    """Identity cells as text: integral numbers lose their ".0", blanks become ""."""
    cells = column.tolist()
    kinds = set(map(type, cells))
    if kinds <= {str}:  # the common case (a CSV text column, a clean sheet): in C
        return _objects(list(map(str.strip, cells)))
    if kinds <= {str, float}:  # text and blanks (NaN) of a CSV: no numbers to format
        strip = str.strip
        return _objects([strip(v) if v.__class__ is str else _float_text(v) for v in cells])
    out = []
    for v in cells:
        if v.__class__ is str:
            out.append(v.strip())
        elif _is_blank(v):
            out.append("")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v).strip())
    return _objects(out)


def _float_text(v: float) -> str:
    if v != v:  # NaN: a blank cell
        return ""
    return str(int(v)) if v.is_integer() else str(v).strip()


def _objects(texts: list[str]) -> np.ndarray:
    return np.array(texts, dtype=object)


def unique_inverse(texts: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Distinct texts (first-seen order) and each cell's index into them.

    A dictionary over the Python strings: ``np.unique(texts.astype(str))`` would first copy
    every row into a fixed-width array as wide as the longest text, and sorting objects is
    slower than hashing them.
    """
    cells = texts.tolist()
    if not set(map(type, cells)) <= {str}:
        cells = list(map(str, cells))
    distinct = list(dict.fromkeys(cells))  # first-seen order, hashed in C
    index = {t: i for i, t in enumerate(distinct)}
    inverse = np.fromiter(map(index.__getitem__, cells), dtype=np.int64, count=len(cells))
    return distinct, inverse
