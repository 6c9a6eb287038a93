"""Random junk in cells and headers: exit 0, 1 or 2 only, never a traceback, no row lost."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messy import clean_rows
from support import balance, no_traceback

ROWS = [[str(v) for v in r] for r in clean_rows()]
N_ROWS, N_COLS = len(ROWS), len(ROWS[0])
INTERESTING = [
    "",
    " ",
    "—",
    "-",
    "/",
    "无",
    "n/a",
    "NULL",
    "1,234",
    "１２３",
    "-5",
    "0",
    "nan",
    "inf",
    "1e400",
    "合计",
    "小计",
    "小学",
    "初中",
    "高中",
    "=SUM(A1:A3)",
    "'0012",
    "12.5万",
    "\t",
    "教学点",
    "民办",
    "在校生数",
    "学段",
]
junk = st.one_of(st.sampled_from(INTERESTING), st.text(max_size=12))
edits = st.lists(
    st.tuples(st.integers(0, N_ROWS - 1), st.integers(0, N_COLS - 1), junk), max_size=8
)


def non_blank_rows(rows):
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


def _write(changes, path: Path) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    for r, c, text in changes:
        rows[r][c] = text
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return rows


def _check(rows: list[list[str]], data: dict) -> None:
    """No row lost: with the header intact, every non-blank row is a school or is listed
    as excluded with its reason."""
    header_intact = all(rows[0][c] == ROWS[0][c] for c in range(N_COLS))
    if header_intact:
        counted = len(data["schools"]) + len(data["excluded"])
        assert counted == non_blank_rows(rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_junk_never_crashes_and_loses_no_row(changes):
    """One junk file, as a user runs it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "junk.csv"
        rows = _write(changes, path)
        result = balance("assess", path, "--format", "json")
    no_traceback(result)  # exit 0, 1 or 2, never a traceback
    data = json.loads(result.stdout)
    if result.returncode == 2:
        assert data["error"]["problems"]
        return
    _check(rows, data)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=20, max_size=20))
def test_junk_batches_never_crash_and_lose_no_row(batch):
    """Twenty junk files in one call (80 in all, at the cost of 4 start-ups): each gets its
    result or its located error, never an internal one."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"junk{i:02d}.csv" for i in range(len(batch))]
        written = [_write(changes, path) for changes, path in zip(batch, paths, strict=True)]
        result = balance("assess", *paths, "--format", "json", "-q")
    no_traceback(result)
    data = json.loads(result.stdout)
    assert [Path(d["file"]).name for d in data] == [p.name for p in paths]
    for rows, one in zip(written, data, strict=True):
        if "error" in one:
            kinds = {p["kind"] for p in one["error"]["problems"]}
            assert kinds and "internal_error" not in kinds, one
            continue
        _check(rows, one)
