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


def test_the_console_script_freezes_what_is_alive_at_exit():
    # atexit runs last-in first-out: this report runs after balance's own exit handler
    proc = run_python(
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('FROZEN', gc.get_freeze_count(), file=sys.stderr))\n"
        f"sys.argv = ['balance', 'assess', {str(COUNTY)!r}, '--format', 'json']\n"
        "from balance_cli.__main__ import main\n"
        "main()\n"
    )
    assert proc.returncode == 0, proc.stderr
    frozen = int(proc.stderr.split("FROZEN")[1].split()[0])
    assert frozen > 10_000  # numpy's objects and ours: everything the run left alive
    result = json.loads(proc.stdout)  # the output is whole
    assert result["passed"] is True and result["file"] == str(COUNTY)


def test_a_county_run_collects_a_few_times_at_most():
    proc = run_python(
        "import gc, sys\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and runs.append(1))\n"
        f"sys.argv = ['balance', 'assess', {str(COUNTY)!r}, '--format', 'table']\n"
        "from balance_cli.__main__ import main\n"
        "try:\n    main()\nfinally:\n    print('RUNS', len(runs), file=sys.stderr)\n"
    )
    assert proc.returncode == 0, proc.stderr
    runs = int(proc.stderr.split("RUNS")[1].split()[0])
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
