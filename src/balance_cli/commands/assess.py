"""``balance assess``: one file → tables and verdict; several files → one row each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from balance_cli import paths
from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit
from balance_cli.render.formats import Format

if TYPE_CHECKING:
    from pathlib import Path


def refuse_impossible(
    files: tuple[str | Path, ...], opts: Options, output: Path | None, explain: bool
) -> None:
    """Combinations that cannot work are refused before any file is read."""
    batch = len(files) > 1 or any(paths.is_folder(f) for f in files)
    if output is not None:
        if batch:
            raise UsageError(Problem("option_one_file", {"option": "--output"}))
        if output.suffix.lower() != ".xlsx":
            raise UsageError(
                Problem("output_not_xlsx", {"option": "--output", "file": str(output)})
            )
    if explain and batch:
        raise UsageError(Problem("option_one_file", {"option": "--explain"}))
    if explain and opts.fmt in (Format.CSV, Format.JSONL):
        raise UsageError(
            Problem("option_format", {"option": "--explain", "format": opts.fmt.value})
        )


def assess_files(
    files: tuple[str | Path, ...],
    opts: Options,
    rules_name: str,
    sheets: tuple[str, ...] = (),
    inputs: Mapping[str, float | None] | None = None,
    output: Path | None = None,
    explain: bool = False,
    schools: bool | None = None,
    jobs: int | None = None,
    county: tuple[str, ...] = (),
    force: bool = False,
) -> Exit:
    from balance_cli.rules import load_rules
    from balance_cli.workbook.inputs import county_options

    refuse_impossible(files, opts, output, explain)
    target = None
    if output is not None:  # one file (a batch was refused): the write rule, before any work
        from balance_cli.commands.report import check_output

        target = check_output(output, (files[0], rules_name), force)
    rules = load_rules(rules_name)  # checked before any data is read
    inputs = {**(inputs or {}), **county_options(county, rules)}  # --county KEY=VALUE
    if len(files) == 1 and not paths.is_folder(files[0]) and opts.fmt is not Format.JSONL:
        return _assess_one(files[0], rules, opts, sheets, inputs, target, explain, schools)
    from pathlib import Path

    from balance_cli.commands.batch import assess_batch

    batch = tuple(Path(f) for f in files)
    return assess_batch(batch, rules_name, rules, opts, sheets, inputs, jobs)


def _assess_one(
    file: str | Path,
    rules: object,
    opts: Options,
    sheets: tuple[str, ...],
    inputs: dict[str, float | None],
    output: Any,  # the checked Target of -o (render/safe_write.py), or None
    explain: bool,
    schools: bool | None,
) -> Exit:
    from balance_cli.core.assess import assess
    from balance_cli.render.emit import emit
    from balance_cli.workbook import load_table

    table = load_table(file, rules, sheets)  # type: ignore[arg-type]
    result = assess(table, rules, inputs)  # type: ignore[arg-type]
    if explain:
        from balance_cli.core.explain import contributions
        from balance_cli.model.explain import Explained

        emit(Explained(result, contributions(table, rules)), opts, schools=schools)  # type: ignore[arg-type]
    else:
        emit(result, opts, schools=schools)
    if output is not None:
        from balance_cli.commands.report import write_report_file

        write_report_file(result, output, opts)
    if not opts.quiet and not opts.fmt.is_machine:
        echo_warnings(result.warnings, opts)
    return Exit.of(result.passed)


MAX_WARNINGS_SHOWN = 20


def echo_warnings(warnings: tuple | list, opts: Options) -> None:
    from balance_cli.messages import label

    if not warnings:
        return
    opts.say(label("warnings_heading", opts.lang, count=len(warnings)))
    for w in warnings[:MAX_WARNINGS_SHOWN]:
        opts.say(f"  {w.format(opts.lang)}")
    if len(warnings) > MAX_WARNINGS_SHOWN:
        more = len(warnings) - MAX_WARNINGS_SHOWN
        opts.say("  " + label("more_warnings", opts.lang, count=more))
