"""Turn raw cells into numbers and text, vectorised, keeping every oddity located.

Clean numeric cells go through ``pandas.to_numeric`` in one call; only the cells it cannot
read (text with thousands separators, full-width digits, placeholders, junk) are looked at
one by one, so a clean file costs no per-cell Python work.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Cells that mean "nothing here": read as 0 in a resource column, with a warning.
PLACEHOLDERS = frozenset({"", "-", "—", "——", "–", "/", "无", "空", "－", "\\"})
_SEPARATORS_RE = re.compile(r"[,\s'’_]")


@dataclass(frozen=True, eq=False)
class Numbers:
    values: np.ndarray  # float64; 0 where placeholder, NaN where bad
    placeholder: np.ndarray  # bool: blank or placeholder text, read as 0
    bad: np.ndarray  # bool: text that is not a number


def clean_number_text(value: object) -> str:
    """NFKC (full-width digits and signs), no thousands separators or spaces."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return _SEPARATORS_RE.sub("", text)


def to_numbers(series: pd.Series) -> Numbers:
    n = len(series)
    if n and series.dtype.kind in "fiub":
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        blank = np.isnan(values)
        bad = np.isinf(values)  # "inf", "1e400": a parser's infinity is not a count
        return Numbers(np.where(blank | bad, 0.0, values), blank, bad)
    numeric = pd.to_numeric(series, errors="coerce")
    values = numeric.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    placeholder = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(np.isnan(values)):
        raw = series.iat[i]
        if raw is None or (isinstance(raw, float) and np.isnan(raw)):
            placeholder[i] = True
            continue
        text = clean_number_text(raw)
        if text in PLACEHOLDERS or str(raw).strip() in PLACEHOLDERS:
            placeholder[i] = True
            continue
        try:
            values[i] = float(text)
        except ValueError:
            bad[i] = True
    infinite = np.isinf(values) | (np.isnan(values) & ~placeholder)  # "inf", "nan" as text
    bad |= infinite
    values[infinite] = np.nan
    values[placeholder] = 0.0
    return Numbers(values, placeholder, bad)


def to_text(series: pd.Series) -> np.ndarray:
    """Identity cells as text: integral numbers lose their ".0", blanks become ""."""
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind in ("string", "empty"):  # the usual case: text or blanks (a list pass is fastest)
        cells = [v.strip() if v.__class__ is str else "" for v in series.tolist()]
        return np.array(cells, dtype=object)
    out = np.empty(len(series), dtype=object)
    for i, v in enumerate(series.tolist()):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out[i] = ""
        elif isinstance(v, float) and v.is_integer():
            out[i] = str(int(v))
        else:
            out[i] = str(v).strip()
    return out
