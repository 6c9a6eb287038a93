"""Turn raw cells into numbers and text, vectorised, keeping every oddity located.

A column of clean numbers becomes a float array in one numpy call; only the cells that
are not plain numbers (text with thousands separators, full-width digits, placeholders,
junk) are looked at one by one, so a clean file costs no per-cell work beyond that call.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

# Cells that mean "nothing here": read as 0 in a resource column, with a warning.
PLACEHOLDERS = frozenset({"", "-", "—", "——", "–", "/", "无", "空", "－", "\\"})
_SEPARATORS_RE = re.compile(r"[,\s'’_]")
_NUMBER_TYPES = (int, float, np.float64, np.int64)


@dataclass(frozen=True, eq=False)
class Numbers:
    values: np.ndarray  # float64; 0 where placeholder or bad
    placeholder: np.ndarray  # bool: blank or placeholder text, read as 0
    bad: np.ndarray  # bool: text that is not a number (or not finite)


def clean_number_text(value: object) -> str:
    """NFKC (full-width digits and signs), no thousands separators or spaces."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return _SEPARATORS_RE.sub("", text)


def _is_blank(v: object) -> bool:
    """None, NaN (float or numpy) or pandas' NA: an empty cell."""
    if v is None or type(v).__name__ == "NAType":
        return True
    return isinstance(v, float) and v != v


def to_numbers(column: np.ndarray) -> Numbers:
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
        try:
            number = float(text)
        except ValueError:
            bad[i] = True
            continue
        if math.isfinite(number):  # "nan", "inf" as text are not numbers here
            values[i] = number
        else:
            bad[i] = True
    return Numbers(values, placeholder, bad)


def to_text(column: np.ndarray) -> np.ndarray:
    """Identity cells as text: integral numbers lose their ".0", blanks become ""."""
    out = []
    for v in column.tolist():
        if v.__class__ is str:
            out.append(v.strip())
        elif _is_blank(v):
            out.append("")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v).strip())
    return np.array(out, dtype=object)
