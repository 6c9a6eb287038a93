"""Benchmark `balance` against the floors of issue 8, side by side in one run.

    python benchmarks/run.py            # full sizes (first run generates ~35 MB of inputs)
    python benchmarks/run.py --size tiny --repeat 1   # seconds; what the test suite runs

Every comparison runs its commands in fresh processes (as a user would), interleaved, and
reports medians; memory is the peak resident set of the process (wait4's ru_maxrss).
Inputs are synthetic and seeded (benchmarks/synth.py) and cached in benchmarks/data/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

SIZES = {
    # county schools, province schools, national schools, batch files
    "full": (300, 20_000, 200_000, 150),
    "tiny": (30, 200, 2_000, 3),
}
# The installed console script, as a user runs it; `python -m balance_cli` where it is not
# installed next to this interpreter.
_SCRIPT = Path(sys.executable).with_name("balance")
BALANCE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "balance_cli"]
PY = [sys.executable, "-c"]


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    code: int


def pandas_read(path: Path, engine: str) -> list[str]:
    """The floor: a bare pandas read of ``path`` in a fresh interpreter."""
    return [*PY, f"import pandas; pandas.read_excel({str(path)!r}, engine={engine!r})"]


def calamine_read(path: Path) -> list[str]:
    """The floor of any run: numpy imported and every sheet read with python-calamine."""
    code = (
        "import numpy; from python_calamine import CalamineWorkbook; "
        f"wb = CalamineWorkbook.from_path({str(path)!r}); "
        "[wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]"
    )
    return [*PY, code]


def run(cmd: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode)


def medians(cmds: dict[str, list[str]], repeat: int, usage: tuple[str, ...] = ()) -> dict[str, Run]:
    """Run each command ``repeat`` times, interleaved; median time, max of peak memory.

    A command must exit 0 or 1 (assessed), or 2 when its key is in ``usage``."""
    runs: dict[str, list[Run]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for key, cmd in cmds.items():
            runs[key].append(run(cmd))
    out = {}
    for key, rs in runs.items():
        allowed = (2,) if key in usage else (0, 1)
        if any(r.code not in allowed for r in rs):
            raise SystemExit(f"benchmark command failed ({key}): {' '.join(cmds[key])}")
        out[key] = Run(
            statistics.median(r.seconds for r in rs), max(r.max_rss_mb for r in rs), rs[0].code
        )
    return out


def inputs(size: str) -> dict[str, Path]:
    county, province, national, batch = SIZES[size]
    data = HERE / "data" / size
    data.mkdir(parents=True, exist_ok=True)
    files = {
        "county": data / "county.xlsx",
        "province": data / "province.xlsx",
        "national_xlsx": data / "national.xlsx",
        "national_csv": data / "national.csv",
    }
    makers = {
        "county": lambda p: synth.write_xlsx(p, county, 1),
        "province": lambda p: synth.write_xlsx(p, province, 2),
        "national_xlsx": lambda p: synth.write_xlsx(p, national, 3),
        "national_csv": lambda p: synth.write_csv(p, national, 3),
    }
    for key, path in files.items():
        if not path.exists():
            print(f"generating {path} …", file=sys.stderr)
            makers[key](path)
    batch_dir = data / "batch"
    batch_dir.mkdir(exist_ok=True)
    for i in range(batch):
        path = batch_dir / f"county-{i:03d}.xlsx"
        if not path.exists():
            synth.write_xlsx(path, county, 100 + i)
    files["batch"] = batch_dir
    return files


def core_share(path: Path, total_seconds: float) -> float:
    """The pure core's time (assess() on a loaded table), as a share of a whole CLI run."""
    from balance_cli.core.assess import assess
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    rules = load_rules("henan-199")
    table = load_table(path, rules)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        assess(table, rules)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / total_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--repeat", type=int, default=5, help="runs per fast command")
    parser.add_argument("--big-repeat", type=int, default=3, help="runs per large file")
    args = parser.parse_args()
    files = inputs(args.size)
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, ours: str, floor: str, ratio: float | None, target: str, ok: bool):
        shown = "" if ratio is None else f"{ratio:.2f}×"
        rows.append((name, ours, floor, f"{shown} (target {target})", "yes" if ok else "NO"))

    def timed(name: str, ours: Run | float, floor: Run | float, target: float) -> None:
        """A row comparing two wall times against a ratio target."""
        a = ours.seconds if isinstance(ours, Run) else ours
        b = floor.seconds if isinstance(floor, Run) else floor
        row(name, f"{a:.3f} s", f"{b:.3f} s", a / b, f"≤ {target:g}×", a / b <= target)

    # 1. start-up: no pandas, no numpy
    r = medians(
        {
            "floor": [*PY, "import click, yaml"],
            "help": [*BALANCE, "--help"],
            "rules": [*BALANCE, "rules", "list"],
            "usage": [*BALANCE, "assess"],
        },
        args.repeat * 2,
        usage=("usage",),
    )
    for key, label in (("help", "--help"), ("rules", "rules list"), ("usage", "usage error")):
        timed(f"1. `balance {label}` vs `import click, yaml`", r[key], r["floor"], 1.5)

    # 2. one county (.xlsx): every output format against the floor of any run, a fresh
    # interpreter that imports numpy and reads the workbook with python-calamine.
    r = medians(
        {
            "floor": calamine_read(files["county"]),
            **{
                fmt: [*BALANCE, "assess", str(files["county"]), "--format", fmt]
                for fmt in ("table", "plain", "csv", "json")
            },
        },
        args.repeat * 2,
    )
    slowest = max(("table", "plain", "csv", "json"), key=lambda fmt: r[fmt].seconds)
    timed(
        f"2. one county, slowest format (`--format {slowest}`) vs numpy + calamine read",
        r[slowest],
        r["floor"],
        1.3,
    )

    # 3. a province in one workbook
    r = medians(
        {
            "floor": pandas_read(files["province"], "openpyxl"),
            "ours": [*BALANCE, "assess", str(files["province"]), "--format", "json"],
        },
        args.big_repeat,
    )
    timed("3. province, `assess --format json` vs bare openpyxl read", r["ours"], r["floor"], 0.35)
    share = core_share(files["province"], r["ours"].seconds)
    row("3. province, core share of the run", f"{share:.1%}", "", None, "≤ 5 %", share <= 0.05)

    # 4. national scale: memory against the bare calamine read; CSV time
    r = medians(
        {
            "floor": pandas_read(files["national_xlsx"], "calamine"),
            "xlsx": [*BALANCE, "assess", str(files["national_xlsx"]), "--format", "csv"],
            "xlsx_json": [*BALANCE, "assess", str(files["national_xlsx"]), "--format", "json"],
            "csv": [*BALANCE, "assess", str(files["national_csv"]), "--format", "csv"],
            "csv_json": [*BALANCE, "assess", str(files["national_csv"]), "--format", "json"],
        },
        args.big_repeat,
    )
    floor_mb = r["floor"].max_rss_mb
    for key, what in (("xlsx", "summary"), ("xlsx_json", "full JSON")):
        ratio = r[key].max_rss_mb / floor_mb
        row(
            f"4. national .xlsx ({what}): peak memory vs bare calamine read",
            f"{r[key].max_rss_mb:.0f} MB ({r[key].seconds:.2f} s)",
            f"{floor_mb:.0f} MB ({r['floor'].seconds:.2f} s)",
            ratio,
            "≤ 2.5×",
            ratio <= 2.5,
        )
    for key, what in (("csv", "--format csv"), ("csv_json", "--format json")):
        seconds = r[key].seconds
        row(
            f"4. national .csv, `assess {what}`",
            f"{seconds:.2f} s, {r[key].max_rss_mb:.0f} MB",
            "",
            None,
            "≤ 2 s" if key == "csv" else "(no target)",
            seconds <= 2.0 if key == "csv" else True,
        )

    # 5. batch: one call against separate calls (each separate run measured once)
    batch_files = sorted(files["batch"].glob("*.xlsx"))
    start = time.perf_counter()
    for path in batch_files:
        run([*BALANCE, "assess", str(path), "--format", "json"])
    separate = time.perf_counter() - start
    r = medians(
        {"batch": [*BALANCE, "assess", str(files["batch"]), "--format", "json"]}, args.big_repeat
    )
    name = f"5. batch of {len(batch_files)} counties, one call vs separate calls"
    timed(name, r["batch"], separate, 0.05)

    print(
        f"balance benchmarks, size {args.size}, {dt.date.today()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print("| comparison | balance | floor | ratio | within target |")
    print("|---|---|---|---|---|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    if not all(cells[-1] == "yes" for cells in rows):
        print("\nsome comparisons are outside their target", file=sys.stderr)


if __name__ == "__main__":
    main()
