"""What every test layer shares: the paths, the eight indicators, ``make_table`` and ONE
way to run the installed command (``balance``).

Importable from any test folder: ``[tool.pytest.ini_options] pythonpath = ["tests"]``.
Paths come from this file, so the tests pass from any working directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from balance_cli.model import Rules, SchoolTable

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

# The built-in rules' JSON cache of this test session lives in a folder of its own (the
# tests' own process and every subprocess use it), never in the user's cache.
CACHE_DIR = os.environ.setdefault(
    "BALANCE_CACHE_DIR", tempfile.mkdtemp(prefix="balance-test-cache-")
)
# What a user's shell may set that would change what the command prints: a test says
# so itself when it wants one of them (``env={"COLUMNS": "80"}``).
_UNSET = ("COLUMNS", "LINES", "BALANCE_LANG", "BALANCE_DEBUG", "FORCE_COLOR", "NO_COLOR",
          "TTY_COMPATIBLE")  # fmt: skip


def balance(
    *args: object,
    input: str | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | str | None = None,
    timeout: float = 300,
    **popen: Any,
) -> subprocess.CompletedProcess[str]:
    """``balance ARGS`` as a user runs it: the installed package in a fresh interpreter,
    stdout and stderr captured as text (UTF-8), never raising on a non-zero exit status.

    The environment is this process's (so the session's rules cache, CACHE_DIR), without
    the variables above (output piped, as a script reads it: no COLUMNS means the
    command's width for a pipe), with UTF-8 stdio; ``env`` adds to it. ``popen``: e.g.
    ``preexec_fn``.
    """
    base = {k: v for k, v in os.environ.items() if k not in _UNSET}
    return subprocess.run(
        [sys.executable, "-m", "balance_cli", *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, "PYTHONIOENCODING": "utf-8", **(env or {})},
        cwd=cwd,
        timeout=timeout,
        check=False,
        **popen,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    """Whatever the input: an exit status of ours (0, 1, 2; 3 is a bug of ours, a negative
    one a signal) and never a traceback."""
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert result.returncode in (0, 1, 2), f"exit {result.returncode}: {result.stderr}"


def make_table(rows: list[dict], rules: Rules, file: str = "test.csv") -> SchoolTable:
    """A SchoolTable from dicts with keys code, name, level (primary/junior) and columns.

    Columns not given default to 1.0 (so a test states only what it is about).
    """
    import numpy as np

    from balance_cli.model import SchoolTable

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
