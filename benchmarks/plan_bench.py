"""Time `balance plan` on a failing synthetic county (issue 13: 400 schools in ≤ 3 s).

    python benchmarks/plan_bench.py               # 400 schools, 3 runs, median
    python benchmarks/plan_bench.py --schools 100 --repeat 1

The county is seeded (benchmarks/synth.py's columns, wider spreads so that both levels
fail the composite and some schools the book standard); the command runs in a fresh
process as a user runs it, with the example prices and with a prices file.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import HEADERS  # noqa: E402

PRICES = "books: 30\ncomputers: 4500\n专任教师数: 120000\nteaching_space: 2500\n"


def failing_county(path: Path, n: int, seed: int = 13) -> Path:
    """n schools whose indicators spread (log-normal σ 0.45–0.8): the composite a little
    above the limits in both levels, some schools below the book standard."""
    rng = np.random.default_rng(seed)
    junior = rng.random(n) < 0.3
    students = np.where(junior, rng.integers(300, 3000, n), rng.integers(60, 2500, n))

    def spread(sigma: float) -> np.ndarray:
        return np.exp(rng.normal(0.0, sigma, n))

    teachers = np.maximum(3, np.round(students * np.where(junior, 1 / 13, 1 / 18.5) * spread(0.45)))
    teaching, sports = students * 5.0 * spread(0.6), students * 10.0 * spread(0.7)
    equipment, computers = students * 2500 * spread(0.8), students * 0.11 * spread(0.75)
    books = students * np.where(junior, 42.0, 30.0) * spread(0.45)
    qualified, senior = teachers * 0.8 * spread(0.5), teachers * 0.4 * spread(0.7)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for i in range(n):
            p, t = int(students[i]), int(teachers[i])
            w.writerow(
                [
                    f"{4100000000 + i:010d}",
                    f"第{i + 1}{'中学' if junior[i] else '小学'}",
                    "初中" if junior[i] else "小学",
                    p,
                    max(1, -(-p // 42)),
                    round(float(teaching[i]), 1),
                    round(float(sports[i]), 1),
                    round(float(equipment[i])),
                    max(1, round(float(computers[i]))),
                    round(float(books[i])),
                    t,
                    min(t, round(float(qualified[i]))),
                    min(t, round(float(senior[i]))),
                ]
            )
    return path


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of the child) and the exit code."""
    import os

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = failing_county(Path(tmp) / "county.csv", args.schools)
        prices = Path(tmp) / "prices.yaml"
        prices.write_text(PRICES, encoding="utf-8")
        base = [sys.executable, "-m", "balance_cli", "plan", str(data), "--format", "json"]
        cases = {"example prices": base, "--prices": [*base, "--prices", str(prices)]}
        for name, cmd in cases.items():
            runs = [timed(cmd) for _ in range(args.repeat)]
            secs = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
            import json

            plan = json.loads(out)
            print(
                f"plan {args.schools} schools, {name}: {secs:.2f} s wall, {cpu:.2f} s CPU"
                f" (medians of {args.repeat}, exit {runs[0][2]}); cost {plan['cost']:,.0f}, bound"
                f" {plan['lower_bound']:,.0f}, gap {plan['gap']:.2%}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
