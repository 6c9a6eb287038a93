"""Shared fixtures: paths from this file (tests pass from any working directory)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from balance_cli.model import Rules, SchoolTable
from balance_cli.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RULES_DIR = ROOT / "rules"
# DOMAIN.md §3, in order: the stable JSON keys of the basic-balance indicators.
EIGHT_INDICATORS = [
    "teaching_space",
    "sports_space",
    "equipment_value",
    "computers_per_100",
    "books",
    "teacher_ratio",
    "qualified_teachers",
    "senior_teachers",
]


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules("henan-199")


def make_table(rows: list[dict], rules: Rules, file: str = "test.csv") -> SchoolTable:
    """A SchoolTable from dicts with keys code, name, level (primary/junior) and columns.

    Columns not given default to 1.0 (so a test states only what it is about).
    """
    keys = {lv.key: i for i, lv in enumerate(rules.levels)}
    columns = {c.key for c in rules.columns if c.type == "number"}
    present = set().union(*(r.keys() for r in rows)) if rows else set()
    values = {
        col: np.array([float(r.get(col, 1.0)) for r in rows])
        for col in columns
        if col in rules.needed_columns() or col in present
    }
    n = len(rows)
    return SchoolTable(
        file=file,
        codes=np.array([r.get("code", f"{i:010d}") for i, r in enumerate(rows)], dtype=object),
        names=np.array([r.get("name", f"学校{i}") for i, r in enumerate(rows)], dtype=object),
        level=np.array([keys[r.get("level", "primary")] for r in rows], dtype=np.int8),
        values=values,
        sheets=np.full(n, "", dtype=object),
        rows=np.arange(2, n + 2, dtype=np.int64),
    )


# The built-in rules' JSON cache of this test session lives in a folder of its own (every
# subprocess inherits it), never in the user's cache.
os.environ.setdefault("BALANCE_CACHE_DIR", tempfile.mkdtemp(prefix="balance-test-cache-"))
