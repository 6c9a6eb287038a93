"""``balance report`` (and ``assess -o``): the application's tables as a workbook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit


def check_output(output: Path, inputs: tuple[Path | str, ...], force: bool = False) -> Any:
    """The report's target, checked before any work by the one write rule
    (render/safe_write.py: never an input, folder, kind, overwrite); its Target."""
    from balance_cli.render.safe_write import check_kind, check_target, run_inputs

    check_kind(output)  # a folder or a device is said as such, before its extension
    if output.suffix.lower() != ".xlsx":
        raise UsageError(Problem("output_not_xlsx", {"option": "--output", "file": str(output)}))
    return check_target(output, inputs=run_inputs(*inputs), suffixes=(".xlsx",), force=force)


def write_report_file(result: Any, target: Any, opts: Options) -> None:
    from balance_cli.messages import label
    from balance_cli.render.xlsx_report import write_report

    write_report(result, target, opts.lang)  # atomic: a failure leaves the old file
    opts.say(label("report_written", opts.lang, file=str(target.path)))


def report_file(
    file: Path,
    output: Path,
    opts: Options,
    rules_name: str,
    sheets: tuple[str, ...] = (),
    inputs: Mapping[str, float | None] | None = None,
    county: tuple[str, ...] = (),
    force: bool = False,
) -> Exit:
    from balance_cli.core.assess import assess
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table
    from balance_cli.workbook.inputs import county_options

    target = check_output(output, (file, rules_name), force)
    rules = load_rules(rules_name)
    inputs = {**(inputs or {}), **county_options(county, rules)}  # --county KEY=VALUE
    result = assess(load_table(file, rules, sheets), rules, inputs)
    write_report_file(result, target, opts)
    return Exit.of(result.passed)
