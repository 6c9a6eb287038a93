"""The command line: click options → :mod:`balance_cli.commands` → exit code.

This is the only module that knows about click, argv and exit statuses. It wires options
(shared bundles), prints help in the user's language (:mod:`balance_cli.helptext`) and
owns the one error handler: a :class:`BalanceError` becomes located messages on stderr
(and a JSON error object on stdout under ``--format json``) with exit status 2; anything
else is a bug of ours: a one-line apology and exit status 3, never a traceback and never
1 (which means "assessed and failed"). Commands are imported when they run, so
``balance --help`` and usage errors import neither pandas nor numpy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from balance_cli import __version__
from balance_cli.cli_help import (
    FILES,
    INPUTS,
    OUT_FILE,
    BalanceGroup,
    argv_option,
    language,
    usage_problem,
)
from balance_cli.errors import BalanceError, UsageError
from balance_cli.exit_codes import Exit
from balance_cli.render import formats
from balance_cli.render.formats import Format

if TYPE_CHECKING:
    from pathlib import Path

# ------------------------------------------------------------------ the error handler


def run(
    ctx: click.Context,
    fmt: Format,
    lang: str,
    reads: tuple[Any, ...],
    call: Callable[..., Exit],
    *args: Any,
    **kwargs: Any,
) -> None:
    """Run a command function and exit with its status; errors become messages."""
    from balance_cli.commands import Options

    opts = Options(lang, fmt, bool(kwargs.pop("quiet", False)), tuple(str(i) for i in reads))
    try:
        code = call(*args, opts=opts, **kwargs)
    except BalanceError as exc:
        report_error(exc, opts)
        code = Exit.INPUT_ERROR
    except (KeyboardInterrupt, click.exceptions.Exit, click.Abort):
        raise
    except BrokenPipeError:  # the reader of stdout left before the result was known
        _closed_pipe()
        code = Exit.INPUT_ERROR
    except MemoryError:
        report_internal("MemoryError", lang)
        code = Exit.INTERNAL_ERROR
    except Exception as exc:  # a bug of ours: say so plainly, never a traceback
        if os.environ.get("BALANCE_DEBUG"):
            raise
        report_internal(type(exc).__name__, lang)
        code = Exit.INTERNAL_ERROR
    ctx.exit(int(code))


def report_error(exc: BalanceError, opts: Any) -> None:
    from balance_cli.errors import RulesError
    from balance_cli.messages import label

    file = next((p.file for p in exc.problems if p.file), None)
    if file is None and len(opts.inputs) == 1:
        file = opts.inputs[0]
    if isinstance(exc, UsageError):
        heading = label("usage_errors_heading", opts.lang)
    elif isinstance(exc, RulesError):
        heading = label("rules_errors_heading", opts.lang, count=len(exc.problems))
    elif file:
        heading = label("errors_heading", opts.lang, file=file, count=len(exc.problems))
    else:
        heading = label("usage_errors_heading", opts.lang)
    click.echo(heading, err=True)
    for problem in exc.problems:
        click.echo(f"  {problem.format(opts.lang)}", err=True)
    if opts.fmt.is_json:
        from balance_cli.render.emit import write_error

        write_error(file, exc.to_dict(opts.lang), sys.stdout, opts.fmt)


def report_internal(error: str, lang: str) -> None:
    from balance_cli.messages import label

    click.echo(label("internal_error", lang, error=error), err=True)


# ------------------------------------------------------------------ shared options


def lang_option(command: Any) -> Any:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default="zh",
        envvar="BALANCE_LANG",
        show_default=True,
        is_eager=True,
        help="Language of labels and messages (zh: 中文, en: English).",
    )(command)


def rules_option(command: Any) -> Any:
    return click.option(
        "--rules",
        "rules_name",
        default="henan-199",
        show_default=True,
        help="Rule set: a built-in name (balance rules list) or the path of a rules YAML file.",
    )(command)


def sheet_option(command: Any) -> Any:
    return click.option(
        "--sheet", "sheets", multiple=True, help="Read only this sheet (repeatable)."
    )(command)


def quiet_option(command: Any) -> Any:
    return click.option(
        "-q", "--quiet", is_flag=True, help="No warnings and no progress bar on stderr."
    )(command)


def format_option(choices: tuple[Format, ...]) -> Callable[[Any], Any]:
    """--format with the formats a command offers; the first is the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in choices]),
        default=choices[0].value,
        show_default=True,
        callback=lambda _ctx, _param, value: Format(value),
        help="Output format; csv, json and jsonl use stable English keys.",
    )


def inputs_options(command: Any) -> Any:
    """--gov-score and --satisfaction: criteria 3 and 4, given as inputs; --county: the
    county inputs of the high-quality assessment (national-2017)."""
    command = click.option(
        "--county",
        multiple=True,
        metavar="KEY=VALUE",
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


WRITE_TO = FILES  # outputs: checked by the one write rule (render/safe_write.py) instead
force_option = click.option(
    "--force", is_flag=True, help="Replace an existing output (never an input)."
)


# ------------------------------------------------------------------ commands


@click.group(cls=BalanceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="balance")
def cli() -> None:
    """balance: 县域义务教育发展基本均衡评估计算器 (assessment calculator)."""


@cli.command()
@click.argument("files", nargs=-1, required=True, type=INPUTS)
@rules_option
@format_option(formats.ASSESS)
@sheet_option
@inputs_options
@quiet_option
@click.option("-o", "--output", type=WRITE_TO, default=None, help="Report workbook (.xlsx).")
@force_option
@click.option("--explain", is_flag=True, help="Each school's share of the variance.")
@click.option("--schools/--no-schools", default=None, help="Every school against the standards.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Processes for a batch.")
@lang_option
@click.pass_context
def assess(
    ctx: click.Context,
    files: tuple[str, ...],
    fmt: Format,
    lang: str,
    gov_score: float | None,
    satisfaction: float | None,
    **kwargs: Any,
) -> None:
    """Assess survey FILES (.xlsx/.xls/.ods/.csv, or directories of them) against the rules."""
    from balance_cli.commands.assess import assess_files

    inputs = {"gov_score": gov_score, "satisfaction": satisfaction}
    run(ctx, fmt, lang, files, assess_files, files, inputs=inputs, **kwargs)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=FILES)
@rules_option
@sheet_option
@format_option(formats.CHECK)
@lang_option
@click.pass_context
def check(
    ctx: click.Context, files: tuple[Path, ...], fmt: Format, lang: str, **kwargs: Any
) -> None:
    """Validate survey FILES (or folders) without assessing them, like a linter."""
    from balance_cli.commands.check import check_files

    run(ctx, fmt, lang, files, check_files, files, **kwargs)


@cli.command()
@click.argument("file", type=FILES)
@rules_option
@click.option(
    "--margin", type=click.FloatRange(0, 1), default=0.0, show_default=True, help="CV margin."
)
@click.option("--prices", type=OUT_FILE, default=None, help="Unit prices (YAML).")
@click.option("--apply-to", "apply_to", type=WRITE_TO, default=None, help="Write the changed copy.")
@force_option
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    default=None,
    help="元: the lowest CVs reachable for at most this cost (exit 1 if it cannot pass).",
)
@format_option(formats.TABLES)
@sheet_option
@lang_option
@click.pass_context
def plan(ctx: click.Context, file: Path, fmt: Format, lang: str, **kwargs: Any) -> None:
    """What to add, and where, so that FILE passes: standards first, then balance."""
    from balance_cli.commands.plan import plan_file

    run(ctx, fmt, lang, (file,), plan_file, file, **kwargs)


@cli.command()
@click.argument("file", type=FILES)
@click.option("-o", "--output", type=WRITE_TO, required=True, help="The report (.xlsx).")
@force_option
@rules_option
@sheet_option
@inputs_options
@lang_option
@click.pass_context
def report(
    ctx: click.Context,
    file: Path,
    lang: str,
    gov_score: float | None,
    satisfaction: float | None,
    **kwargs: Any,
) -> None:
    """Write the application's tables for FILE as a styled workbook (-o report.xlsx)."""
    from balance_cli.commands.report import report_file

    inputs = {"gov_score": gov_score, "satisfaction": satisfaction}
    run(ctx, Format.TABLE, lang, (file,), report_file, file, inputs=inputs, **kwargs)


@cli.command()
@click.argument("old", type=FILES)
@click.argument("new", type=FILES)
@rules_option
@click.option("--old-rules", "old_rules_name", default=None, help="Rule set of OLD.")
@format_option(formats.TABLES)
@sheet_option
@lang_option
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, fmt: Format, lang: str, **kwargs: Any) -> None:
    """Compare two survey years of a county: OLD and NEW files."""
    from balance_cli.commands.diff import diff_files

    run(ctx, fmt, lang, (), diff_files, old, new, **kwargs)


@cli.command()
@click.argument("out", type=WRITE_TO)
@rules_option
@force_option
@lang_option
@click.pass_context
def template(ctx: click.Context, out: Path, lang: str, **kwargs: Any) -> None:
    """Write a blank survey workbook OUT.xlsx for the rules, ready to fill in."""
    from balance_cli.commands.template import write_template_file

    run(ctx, Format.TABLE, lang, (), write_template_file, out, **kwargs)


@cli.group()
def rules() -> None:
    """List, show and check rule sets (YAML files of indicators and thresholds)."""


@rules.command("list")
@lang_option
@click.pass_context
def rules_list(ctx: click.Context, lang: str) -> None:
    """List the built-in rule sets."""
    from balance_cli.commands.rules import list_rules

    run(ctx, Format.PLAIN, lang, (), list_rules)


@rules.command("show")
@click.argument("name")
@lang_option
@click.pass_context
def rules_show(ctx: click.Context, name: str, lang: str) -> None:
    """Show a rule set (built-in NAME or FILE): indicators, thresholds with sources, tests."""
    from balance_cli.commands.rules import show_rules

    run(ctx, Format.PLAIN, lang, (), show_rules, name)


@rules.command("check")
@click.argument("file", type=FILES)
@lang_option
@click.pass_context
def rules_check(ctx: click.Context, file: Path, lang: str) -> None:
    """Validate a rules FILE against the schema; exit 0 when valid, 2 otherwise."""
    from balance_cli.commands.rules import check_rules

    run(ctx, Format.PLAIN, lang, (), check_rules, str(file))


# ------------------------------------------------------------------ entry point


def main(argv: list[str] | None = None) -> None:
    """The console script: exit statuses 0/1/2/3 whatever happens, a closed pipe included."""
    args = sys.argv[1:] if argv is None else argv
    try:
        code = cli.main(args=args, prog_name="balance", standalone_mode=False)
    except click.ClickException as exc:
        from balance_cli.commands import Options

        lang = language(None, args)
        fmt_name = argv_option("--format", args)
        fmt = Format(fmt_name) if fmt_name in {f.value for f in Format} else Format.TABLE
        if exc.ctx is not None and isinstance(exc, click.UsageError):
            click.echo(exc.ctx.get_usage(), err=True)
        report_error(UsageError(usage_problem(exc)), Options(lang, fmt))
        sys.exit(Exit.INPUT_ERROR)
    except click.Abort:  # Ctrl-C
        sys.exit(130)
    _exit(code if isinstance(code, int) else 0)


def _exit(code: int) -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `balance assess f | head`: the reader left; keep the verdict
        _closed_pipe()
    sys.exit(code)


def _closed_pipe() -> None:
    from balance_cli.render.emit import silence_stdout

    silence_stdout()
