"""Runs ``balance`` commands at several terminal widths in ONE process (a test helper).

Usage: ``python tests/width_runner.py JOBS_JSON``; JOBS_JSON is a list of
``{"name": …, "args": [...], "formats": {format: [widths]}}`` (format "-": the
command's default). Each job runs the command once per format and width with COLUMNS
set (exactly as a terminal of that width would), and once with ``--format json`` when
"json" is among the formats; the outputs are
printed as one JSON object {name: {format: {width: stdout}}}. Starting Python once for
a few dozen renders keeps the width tests fast on a small machine.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

from balance_cli.cli import cli


def run(args: list[str], columns: int | None) -> tuple[str, str]:
    if columns is None:
        os.environ.pop("COLUMNS", None)
    else:
        os.environ["COLUMNS"] = str(columns)
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        contextlib.suppress(SystemExit),
    ):
        cli.main(args, prog_name="balance", standalone_mode=False)
    return out.getvalue(), err.getvalue()


def main() -> None:
    jobs = json.loads(sys.argv[1])
    result: dict = {}
    for job in jobs:
        got: dict = {}
        for fmt, widths in job["formats"].items():
            if fmt == "json":
                got["json"] = run([*job["args"], "--format", "json"], None)[0]
                continue
            extra = [] if fmt == "-" else ["--format", fmt]
            got[fmt] = {str(w): run([*job["args"], *extra], w) for w in widths}
        result[job["name"]] = got
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
