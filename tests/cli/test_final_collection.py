"""The console script's garbage collector: rarely during a run, never at exit.

At exit, Python collects every object still alive (numpy's and ours) just before the OS
takes the memory back anyway: 30-40 ms of a county's run. ``cli.main`` freezes them at
exit instead. During the run, what start-up makes (modules, classes, the rules) lives to
the end; with Python's default threshold a county's run walked it in ~60 collections.
Both are set by ``balance_cli.__main__`` (the console script). The output must be whole,
and a test calling ``cli.main()`` in its own process keeps its collector as it was.
"""

from __future__ import annotations

import json
import subprocess
import sys

from support import SAMPLES

COUNTY = SAMPLES / "county-a-2023.xlsx"


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def run_county(fmt: str, setup: str, report: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """``balance assess COUNTY --format fmt`` through the console script's entry, with
    ``setup`` run first and the number ``report`` printed at exit, after balance's own exit
    handler (atexit runs last-in first-out)."""
    proc = run_python(
        "import atexit, gc, sys\n"
        f"{setup}\n"
        f"atexit.register(lambda: print('REPORT', {report}, file=sys.stderr))\n"
        f"sys.argv = ['balance', 'assess', {str(COUNTY)!r}, '--format', {fmt!r}]\n"
        "from balance_cli.__main__ import main\n"
        "main()\n"
    )
    assert proc.returncode == 0, proc.stderr
    return proc, int(proc.stderr.split("REPORT")[1].split()[0])


def test_the_console_script_freezes_what_is_alive_at_exit():
    proc, frozen = run_county("json", "", "gc.get_freeze_count()")
    assert frozen > 10_000  # numpy's objects and ours: everything the run left alive
    result = json.loads(proc.stdout)  # the output is whole
    assert result["passed"] is True and result["file"] == str(COUNTY)


def test_a_county_run_collects_a_few_times_at_most():
    watch = (
        "runs = []\ngc.callbacks.append(lambda phase, info: phase == 'start' and runs.append(1))"
    )
    _, runs = run_county("table", watch, "len(runs)")
    assert runs <= 3  # Python's default threshold (700) made ~60


def test_main_called_in_a_process_keeps_its_collector():
    proc = run_python(
        "import gc\n"
        "from balance_cli.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "import atexit\n"
        "atexit.register(lambda: print('FROZEN', gc.get_freeze_count(), gc.get_threshold()))\n"
    )
    assert proc.stdout.split("FROZEN")[1].split() == ["0", "(700,", "10,", "10)"]
