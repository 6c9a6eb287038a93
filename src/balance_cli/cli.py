"""The command line: parse, call the layers below, render, choose the exit code.

This is the only module that knows about click, argv, stderr and exit codes. Heavy
imports (pandas, numpy, rich) happen inside the commands, so ``balance --help`` and usage
errors stay fast. Exit codes: 0 passed, 1 assessed and failed, 2 input or usage error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from balance_cli import __version__
from balance_cli.errors import BalanceError

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_INPUT_ERROR = 2
MAX_WARNINGS_SHOWN = 20
TABLE_FORMATS = ("table", "markdown", "plain", "csv", "json")
FORMATS = (*TABLE_FORMATS, "jsonl")


def _lang(ctx: click.Context) -> str:
    """The --lang of the command being run (its callback records it in the shared meta)."""
    return ctx.meta.get("balance.lang", os.environ.get("BALANCE_LANG", "zh"))


def _remember_lang(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta["balance.lang"] = value
    return value


def _remember_format(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta["balance.format"] = value
    return value


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    envvar="BALANCE_LANG",
    show_default=True,
    is_eager=True,
    expose_value=True,
    callback=_remember_lang,
    help="Language of labels and messages (zh: 中文, en: English).",
)


rules_option = click.option(
    "--rules",
    "rules_name",
    default="henan-199",
    show_default=True,
    help="Rule set: a built-in name (balance rules list) or the path of a rules YAML file.",
)
sheet_option = click.option(
    "--sheet", "sheets", multiple=True, help="Read only this sheet (repeatable)."
)


def format_option(choices: tuple[str, ...], help: str) -> Any:
    """--format: the output formats a command offers (default: table)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="table",
        show_default=True,
        callback=_remember_format,
        help=help,
    )


def _remember_county(ctx: click.Context, _param: click.Parameter, value: tuple) -> tuple:
    ctx.meta["balance.county"] = value
    return value


def county_inputs(ctx: click.Context, rules: Any) -> dict[str, float]:
    """The --county KEY=VALUE options, read as the rules' county inputs."""
    from balance_cli.workbook.inputs import county_options

    return county_options(ctx.meta.get("balance.county", ()), rules)


def inputs_options(command: Any) -> Any:
    """--gov-score and --satisfaction: criteria 3 and 4, given as inputs; --county: the
    county inputs of the high-quality assessment (national-2017)."""
    command = click.option(
        "--county",
        multiple=True,
        metavar="KEY=VALUE",
        expose_value=False,
        callback=_remember_county,
        help="A county input (repeatable), e.g. --county teacher_training=100%;"
        " else a 县情 sheet, else not supplied.",
    )(command)
    command = click.option(
        "--satisfaction",
        type=click.FloatRange(0, 100),
        help="Criterion 4: public satisfaction (%); else a 县情 sheet, else not supplied.",
    )(command)
    return click.option(
        "--gov-score",
        type=click.FloatRange(0, 100),
        help="Criterion 3: government work score; else a 县情 sheet, else not supplied.",
    )(command)


def _print_blocks(blocks: list[Any], fmt: str) -> None:
    """Tables for people: rich for `table`, tabulate for `markdown` and `plain`."""
    if fmt == "table":
        from balance_cli.render.rich_table import print_blocks

        print_blocks(blocks, sys.stdout)
    else:
        from balance_cli.render.text import write_blocks

        write_blocks(blocks, sys.stdout, markdown=fmt == "markdown")


class BalanceGroup(click.Group):
    """Turns every BalanceError into located messages on stderr and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BalanceError as exc:
            _report_error(exc, _lang(ctx), ctx.meta.get("balance.format"), ctx.meta)
            ctx.exit(EXIT_INPUT_ERROR)


def _report_error(exc: BalanceError, lang: str, fmt: str | None, meta: dict) -> None:
    from balance_cli.errors import RulesError
    from balance_cli.messages import label

    file = meta.get("balance.file")
    count = len(exc.problems)
    if isinstance(exc, RulesError):
        heading = label("rules_errors_heading", lang, count=count)
    elif file:
        heading = label("errors_heading", lang, file=file, count=count)
    else:
        heading = label("usage_errors_heading", lang)
    click.echo(heading, err=True)
    for problem in exc.problems:
        click.echo(f"  {problem.format(lang)}", err=True)
    if fmt == "json":
        import json

        click.echo(json.dumps({"file": file, "error": exc.to_dict(lang)}, ensure_ascii=False))


@click.group(cls=BalanceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="balance")
def cli() -> None:
    """balance: 县域义务教育发展基本均衡评估计算器.

    Computes the student-weighted difference coefficients (差异系数) of a county's schools,
    the composite, the per-school standards and the verdict, from the survey workbook and a
    YAML rules file (default: Henan 豫教基〔2012〕199号).

    Exit status: 0 passed, 1 assessed and failed, 2 input or usage error.
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
@format_option(FORMATS, "Output format; csv, json and jsonl use stable English keys.")
@sheet_option
@inputs_options
@click.option("-q", "--quiet", is_flag=True, help="No warnings and no progress bar on stderr.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the report workbook (.xlsx) of a single-file assessment.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Each school's share of each indicator's weighted variance (top schools shown).",
)
@click.option(
    "--schools/--no-schools",
    default=None,
    help="Show every school against the standards (default: on for 'at least k of n' rules).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes for a batch (default: up to 2 when there are 8 files or more).",
)
@lang_option
@click.pass_context
def assess(
    ctx: click.Context,
    files: tuple[Path, ...],
    rules_name: str,
    fmt: str,
    sheets: tuple[str, ...],
    gov_score: float | None,
    satisfaction: float | None,
    quiet: bool,
    output: Path | None,
    explain: bool,
    schools: bool | None,
    jobs: int | None,
    lang: str,
) -> None:
    """Assess survey FILES (.xlsx/.xls/.ods/.csv, or directories of them) against the rules.

    For one file: per level, the county means and difference coefficients of the
    indicators, the composite against its limit, the schools below the basic standards,
    and the verdict on the four criteria. For several files or a directory: one summary
    row per file (--format json: an array of the single-file objects; jsonl: one object
    per line). Exit status: the worst of all files (2 > 1 > 0).
    """
    from balance_cli.rules import load_rules

    rules = load_rules(rules_name)  # checked before any data is read
    inputs = {"gov_score": gov_score, "satisfaction": satisfaction, **county_inputs(ctx, rules)}
    if len(files) == 1 and not files[0].is_dir() and fmt != "jsonl":
        ctx.meta["balance.file"] = str(files[0])
        code = _assess_one(
            files[0], rules, fmt, sheets, inputs, quiet, lang, schools, output, explain
        )
        ctx.exit(code)
    if output is not None:
        from balance_cli.errors import Problem, UsageError

        detail = "a report is written for one file"
        raise UsageError(Problem("bad_option", {"option": "--output", "detail": detail}))
    ctx.exit(_assess_batch(files, rules_name, rules, fmt, sheets, inputs, quiet, jobs, lang))


def _assess_one(
    file: Path,
    rules: Any,
    fmt: str,
    sheets: tuple[str, ...],
    inputs: dict[str, float | None],
    quiet: bool,
    lang: str,
    schools: bool | None = None,
    output: Path | None = None,
    explain: bool = False,
) -> int:
    from balance_cli.core.assess import assess as run_assessment
    from balance_cli.render import Format, render
    from balance_cli.workbook import load_table

    table = load_table(file, rules, sheets)
    result = run_assessment(table, rules, inputs)
    if explain and fmt == "json":
        from balance_cli.core.plan import contributions
        from balance_cli.render.machine import render_json
        from balance_cli.render.plan import contributions_dict

        shares = contributions_dict(table, contributions(table, rules))
        render_json(result, lang, sys.stdout, {"contributions": shares})
    else:
        render(result, Format(fmt), lang, sys.stdout, schools)
    if explain and fmt in ("table", "markdown", "plain"):
        from balance_cli.core.plan import contributions
        from balance_cli.render.plan import explain_blocks

        blocks = explain_blocks(result, contributions(table, rules), lang)
        _print_blocks(blocks, fmt)
    if output is not None:
        _write_report(result, output, lang)
    if not quiet and fmt in ("table", "markdown", "plain"):
        _echo_warnings(result.warnings, lang)
    return EXIT_PASSED if result.passed else EXIT_FAILED


def _write_report(result: Any, output: Path, lang: str) -> None:
    from balance_cli.errors import Problem, UsageError
    from balance_cli.messages import label
    from balance_cli.render.xlsx_report import write_report

    if output.suffix.lower() != ".xlsx":
        raise UsageError(
            Problem("bad_option", {"option": "--output", "detail": "must end in .xlsx"})
        )
    try:
        write_report(result, output, lang)
    except OSError as exc:
        raise UsageError(
            Problem("file_unreadable", {"detail": str(exc)}, file=str(output))
        ) from None
    click.echo(label("report_written", lang, file=str(output)), err=True)


def _assess_batch(
    files: tuple[Path, ...],
    rules_name: str,
    rules: Any,
    fmt: str,
    sheets: tuple[str, ...],
    inputs: dict[str, float | None],
    quiet: bool,
    jobs: int | None,
    lang: str,
) -> int:
    from balance_cli.batch import Job, discover, run_many
    from balance_cli.errors import Problem, UsageError
    from balance_cli.messages import label

    paths = discover(files)
    if not paths:
        raise UsageError(Problem("no_files"))
    job = Job(rules_name, sheets, inputs, lang, want_json=fmt in ("json", "jsonl"))
    outcomes = []
    worst = EXIT_PASSED
    progress = None
    if not quiet and len(paths) >= 10 and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(transient=True, console=_stderr_console())
        task = progress.add_task(label("batch_heading", lang, files=len(paths)), total=len(paths))
        progress.start()
    out = sys.stdout
    if fmt == "json":
        out.write("[")
    try:
        for k, outcome in enumerate(run_many(paths, job, jobs)):
            worst = max(worst, outcome.exit_code)
            if progress is not None:
                progress.advance(task)
            for problem in outcome.problems:
                click.echo(f"{problem.format(lang)}", err=True)
            if fmt == "json":
                out.write(("," if k else "") + "\n" + (outcome.json or ""))
            elif fmt == "jsonl":
                out.write((outcome.json or "") + "\n")
                out.flush()
            else:
                outcomes.append(outcome)
    finally:
        if progress is not None:
            progress.stop()
    if fmt == "json":
        out.write("\n]\n")
    elif fmt not in ("jsonl",):
        _render_summary(outcomes, rules, fmt, lang)
    return worst


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _render_summary(outcomes: list[Any], rules: Any, fmt: str, lang: str) -> None:
    from balance_cli.render.batch import render_batch_csv, summary_block

    if fmt == "csv":
        render_batch_csv(outcomes, sys.stdout)
        return
    block = summary_block(outcomes, rules, lang)
    _print_blocks([block], fmt)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@rules_option
@sheet_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one problem per line; json: a list of problem objects.",
)
@lang_option
@click.pass_context
def check(
    ctx: click.Context,
    files: tuple[Path, ...],
    rules_name: str,
    sheets: tuple[str, ...],
    fmt: str,
    lang: str,
) -> None:
    """Validate survey FILES without assessing them, like a linter.

    Prints every problem as file:sheet:row:column: message (errors, warnings and rows
    left out or merged). Exit status 0 when no file has an error, 2 otherwise.
    """
    from balance_cli.core.assess import assess as run_assessment
    from balance_cli.errors import Problem
    from balance_cli.messages import label
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    rules = load_rules(rules_name)
    found: list[Problem] = []
    errors = 0
    for file in files:
        try:
            table = load_table(file, rules, sheets)
        except BalanceError as exc:
            found += exc.problems
            errors += len(exc.problems)
            continue
        result = run_assessment(table, rules)
        found += [
            Problem(e.reason, e.params, e.file, e.sheet, e.row, None, "excluded")
            for e in result.excluded
        ]
        found += result.warnings
    if fmt == "json":
        import json

        click.echo(json.dumps([p.to_dict(lang) for p in found], ensure_ascii=False, indent=2))
    else:
        for p in found:
            prefix = "" if p.severity == "error" else label(f"severity_{p.severity}", lang)
            where = p.location() or "-"
            click.echo(f"{where}: {prefix}{p.message(lang)}")
    warnings = sum(1 for p in found if p.severity == "warning")
    click.echo(
        label("check_summary", lang, files=len(files), errors=errors, warnings=warnings), err=True
    )
    ctx.exit(EXIT_INPUT_ERROR if errors else EXIT_PASSED)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@rules_option
@click.option(
    "--margin",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Plan for CV targets this much below the limits (e.g. 0.02).",
)
@click.option(
    "--prices",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML of unit prices (元) per resource: minimise the total cost of a composite plan.",
)
@click.option(
    "--apply-to",
    "apply_to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a copy of FILE with the additions applied (same sheets, headers, rows).",
)
@format_option(TABLE_FORMATS, "csv: the purchasing/hiring list; json: the whole plan.")
@sheet_option
@lang_option
@click.pass_context
def plan(
    ctx: click.Context,
    file: Path,
    rules_name: str,
    margin: float,
    prices: Path | None,
    apply_to: Path | None,
    fmt: str,
    sheets: tuple[str, ...],
    lang: str,
) -> None:
    """What to add, and where, so that FILE passes: standards first, then balance.

    Step 1 brings every school to each per-school standard; step 2 raises the lowest
    schools of each indicator whose CV is above its target to a common level (the least
    quantity that meets the target). Only additions, never removals. Exit status 0 when
    the planned data pass, 1 when they still do not (e.g. a standard additions cannot
    meet), 2 on input errors.
    """
    ctx.meta["balance.file"] = str(file)
    from balance_cli.core.plan import make_plan
    from balance_cli.render.plan import plan_blocks, plan_dict, plan_verdict, render_plan_csv
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    if apply_to is not None:
        from balance_cli.render.apply import check_target

        check_target(file, apply_to)
    rules = load_rules(rules_name)
    price_map = None
    if prices is not None:
        from balance_cli.workbook.prices import load_prices

        price_map = load_prices(prices, rules)
    table = load_table(file, rules, sheets)
    result = make_plan(table, rules, margin=margin, prices=price_map)
    if fmt == "json":
        from balance_cli.render.machine import write_json

        write_json(plan_dict(result, margin, price_map), sys.stdout)
    elif fmt == "csv":
        render_plan_csv(result, sys.stdout, lang)
    else:
        blocks = plan_blocks(result, lang)
        _print_blocks(blocks, fmt)
        click.echo(plan_verdict(result, lang))
    if apply_to is not None:
        from balance_cli.messages import label
        from balance_cli.render.apply import write_applied

        write_applied(result, file, apply_to)
        click.echo(label("applied_written", lang, file=str(apply_to)), err=True)
    ctx.exit(EXIT_PASSED if result.after.passed else EXIT_FAILED)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The report workbook to write (.xlsx).",
)
@rules_option
@sheet_option
@inputs_options
@lang_option
@click.pass_context
def report(
    ctx: click.Context,
    file: Path,
    output: Path,
    rules_name: str,
    sheets: tuple[str, ...],
    gov_score: float | None,
    satisfaction: float | None,
    lang: str,
) -> None:
    """Write the application's tables for FILE as a styled workbook (-o report.xlsx).

    Sheets 校际均衡, 达标情况 (missed thresholds filled dark), 学校指标, 排除与合并, 警告,
    结论 and native Excel charts. Exit status as for assess.
    """
    ctx.meta["balance.file"] = str(file)
    from balance_cli.core.assess import assess as run_assessment
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    rules = load_rules(rules_name)
    result = run_assessment(
        load_table(file, rules, sheets),
        rules,
        {"gov_score": gov_score, "satisfaction": satisfaction, **county_inputs(ctx, rules)},
    )
    _write_report(result, output, lang)
    ctx.exit(EXIT_PASSED if result.passed else EXIT_FAILED)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@rules_option
@click.option(
    "--old-rules",
    default=None,
    help="Rule set of OLD when it differs (then the comparison is refused).",
)
@format_option(TABLE_FORMATS, "Output format; csv and json use stable English keys.")
@lang_option
@click.pass_context
def diff(
    ctx: click.Context,
    old: Path,
    new: Path,
    rules_name: str,
    old_rules: str | None,
    fmt: str,
    lang: str,
) -> None:
    """Compare two survey years of a county: OLD and NEW files.

    Per level and indicator the old and new difference coefficient and the change, the
    composite and the verdict before and after, the schools added and removed (matched
    by code, then by name) and the schools whose values changed most. Exit status: the
    NEW verdict (0 passed, 1 failed), 2 on input errors or when the rules differ.
    """
    from balance_cli.core.assess import assess as run_assessment
    from balance_cli.core.diff import diff as compare
    from balance_cli.errors import Problem, UsageError
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    new_rules = load_rules(rules_name)
    old_rules_set = load_rules(old_rules) if old_rules else new_rules
    if old_rules_set.id != new_rules.id:
        raise UsageError(Problem("rules_differ", {"old": old_rules_set.id, "new": new_rules.id}))
    ctx.meta["balance.file"] = str(old)
    before = run_assessment(load_table(old, old_rules_set), old_rules_set)
    ctx.meta["balance.file"] = str(new)
    after = run_assessment(load_table(new, new_rules), new_rules)
    result = compare(before, after)
    if fmt == "json":
        from balance_cli.render.machine import write_json

        write_json(result.to_dict(), sys.stdout)
    elif fmt == "csv":
        from balance_cli.render.diff import render_diff_csv

        render_diff_csv(result, sys.stdout)
    else:
        from balance_cli.render.diff import diff_blocks, verdict_line

        blocks = diff_blocks(result, lang)
        _print_blocks(blocks, fmt)
        click.echo(verdict_line(result, lang))
    ctx.exit(EXIT_PASSED if after.passed else EXIT_FAILED)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@rules_option
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@lang_option
@click.pass_context
def template(ctx: click.Context, out: Path, rules_name: str, force: bool, lang: str) -> None:
    """Write a blank survey workbook OUT.xlsx for the rules, ready to fill in.

    One header row with every required and optional column (with units), data validation,
    a 县情 sheet for criteria 3 and 4 and a 说明 sheet explaining each column.
    """
    from balance_cli.errors import Problem, UsageError
    from balance_cli.messages import label
    from balance_cli.render.xlsx_template import write_template
    from balance_cli.rules import load_rules

    if out.suffix.lower() != ".xlsx":
        raise UsageError(Problem("bad_option", {"option": "OUT", "detail": "must end in .xlsx"}))
    if out.exists() and not force:
        raise UsageError(Problem("file_exists", file=str(out)))
    write_template(out, load_rules(rules_name))
    click.echo(label("template_written", lang, file=str(out)), err=True)


@cli.group()
def rules() -> None:
    """List, show and check rule sets (YAML files of indicators and thresholds)."""


@rules.command("list")
@lang_option
def rules_list(lang: str) -> None:
    """List the built-in rule sets."""
    from balance_cli.rules.catalog import builtin_titles

    for name, title in builtin_titles(lang):
        click.echo(f"{name}\t{title}")


@rules.command("show")
@click.argument("name")
@lang_option
@click.pass_context
def rules_show(ctx: click.Context, name: str, lang: str) -> None:
    """Show a rule set (built-in NAME or FILE): indicators, thresholds with sources, tests."""
    from balance_cli.render.rules_text import describe_rules
    from balance_cli.rules import load_rules

    click.echo(describe_rules(load_rules(name), lang))


@rules.command("check")
@click.argument("file", type=click.Path(path_type=Path))
@lang_option
@click.pass_context
def rules_check(ctx: click.Context, file: Path, lang: str) -> None:
    """Validate a rules FILE against the schema; exit 0 when valid, 2 otherwise."""
    from balance_cli.messages import label
    from balance_cli.rules import load_rules

    r = load_rules(str(file))
    click.echo(label("rules_valid", lang, file=str(file), id=r.id))


def _echo_warnings(warnings: Any, lang: str) -> None:
    from balance_cli.messages import label

    if not warnings:
        return
    click.echo(label("warnings_heading", lang, count=len(warnings)), err=True)
    for w in warnings[:MAX_WARNINGS_SHOWN]:
        click.echo(f"  {w.format(lang)}", err=True)
    if len(warnings) > MAX_WARNINGS_SHOWN:
        click.echo(
            "  " + label("more_warnings", lang, count=len(warnings) - MAX_WARNINGS_SHOWN), err=True
        )


def main() -> None:
    try:
        cli(prog_name="balance")
    except BrokenPipeError:  # `balance assess f | head`: the reader left; not an error of ours
        sys.stderr.close()
