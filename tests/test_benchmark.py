"""The benchmark script runs (tiny sizes); its figures are for the README, not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_benchmark_script_runs_on_a_tiny_size():
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--size", "tiny", "--repeat", "1", "--big-repeat", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 11  # header and the eleven comparisons of issue 8
    assert any("batch of 3 counties" in row for row in rows)
