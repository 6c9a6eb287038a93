"""``balance report`` (and ``assess -o``): the application's tables as a workbook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit


def check_output(output: Path, inputs: tuple[Path, ...]) -> None:
    """The report's target, checked before any work."""
    if output.suffix.lower() != ".xlsx":
        raise UsageError(Problem("output_not_xlsx", {"option": "--output", "file": str(output)}))


def write_report_file(result: Any, output: Path, opts: Options) -> None:
    from balance_cli.messages import label
    from balance_cli.render.xlsx_report import write_report

    try:
        write_report(result, output, opts.lang)
    except OSError as exc:
        raise UsageError(
            Problem("file_unreadable", {"detail": str(exc)}, file=str(output))
        ) from None
    opts.say(label("report_written", opts.lang, file=str(output)))


def report_file(
    file: Path,
    output: Path,
    opts: Options,
    rules_name: str,
    sheets: tuple[str, ...] = (),
    inputs: Mapping[str, float | None] | None = None,
    county: tuple[str, ...] = (),
) -> Exit:
    from balance_cli.core.assess import assess
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table
    from balance_cli.workbook.inputs import county_options

    check_output(output, (file,))
    rules = load_rules(rules_name)
    inputs = {**(inputs or {}), **county_options(county, rules)}  # --county KEY=VALUE
    result = assess(load_table(file, rules, sheets), rules, inputs)
    write_report_file(result, output, opts)
    return Exit.of(result.passed)
