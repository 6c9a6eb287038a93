"""The renders that test_width and test_english check: every command × rule set ×
language at several widths, run in ONE helper process per rule set and language
(``width_runner.py``, COLUMNS set as a terminal sets it) — starting Python once for a
few dozen renders keeps the width tests fast on a small machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

from support import ROOT, SAMPLES

RUNNER = Path(__file__).with_name("width_runner.py")
# a batch of three: a passing, a failing and (for national-2017) an unreadable county
BATCH = [str(SAMPLES / f) for f in ("county-a-2023.csv", "county-b-2023.xlsx", "county-c-2023.csv")]
WIDTHS = [60, 80, 120, 200]
RULES = ["henan-199", "national-2017", "national-2012"]
LANGS = ["zh", "en"]
COMMANDS = ["assess", "schools", "explain", "batch", "plan", "diff", "check", "rules"]


def sample(rules: str) -> Path:
    # county-b fails henan-199 and national-2012; only county-c has national-2017's columns
    return SAMPLES / ("county-c-2023.xlsx" if rules == "national-2017" else "county-b-2023.xlsx")


@cache
def messy_file() -> Path:
    """County A with a dash for a number, a totals row and a long name: check has
    something to say, in lines longer than any terminal."""
    lines = (SAMPLES / "county-a-2023.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[1] = "示例县" + "非常长的名字" * 6 + "小学"
    cells[8] = "—"
    lines[3] = ",".join(cells)
    lines.append(",合计,,9999,,,,,,,,,")
    path = Path(tempfile.mkdtemp()) / "messy-county.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def jobs(rules: str, lang: str) -> list[dict]:
    common = ["--rules", rules, "--lang", lang]
    f = str(sample(rules))
    old, new = (
        (str(SAMPLES / "county-c-2023.csv"), f)
        if rules == "national-2017"
        else (str(SAMPLES / "county-a-2023.xlsx"), str(SAMPLES / "county-a-2024.xlsx"))
    )
    # the default (rich) and plain at every width; markdown at one
    tables = {"-": WIDTHS, "plain": WIDTHS, "json": []}
    spec = {
        "assess": (["assess", f, *common], {**tables, "markdown": [80]}),
        "schools": (["assess", f, "--schools", *common], tables),
        "explain": (["assess", f, "--explain", *common], tables),
        "batch": (["assess", *BATCH, *common], tables),
        "plan": (["plan", f, *common], tables),
        "diff": (["diff", old, new, *common], tables),
        "check": (["check", f, str(messy_file()), *common], {"-": WIDTHS}),
        "rules": (["rules", "show", rules, "--lang", lang], {"-": WIDTHS}),
    }
    return [
        {"name": name, "args": args, "formats": formats} for name, (args, formats) in spec.items()
    ]


@cache
def rendered(rules: str, lang: str) -> dict:
    proc = subprocess.run(
        [sys.executable, str(RUNNER), json.dumps(jobs(rules, lang))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "COLUMNS"},
    )
    return json.loads(proc.stdout)
