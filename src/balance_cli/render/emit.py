"""One way out for every result: ``emit(result, options)``.

Each result type (Assessment, Explained, Plan, Diff, CheckReport, BatchSummary) has one
writer per format; JSON always comes from the result's ``to_dict()`` through one encoder
(:mod:`balance_cli.render.machine`, orjson). Tables for people go through the rich or
tabulate renderers; the verdict line is part of the rendering, for every command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from balance_cli.render.formats import Format

if TYPE_CHECKING:
    from balance_cli.render.options import Options
    from balance_cli.render.rows import Block


def emit(result: Any, opts: Options, **extra: Any) -> None:
    """Write ``result`` to stdout in ``opts.fmt`` (labels in ``opts.lang``)."""
    # By class name, so that a run imports only the result types it produces.
    writers = {
        "Assessment": _assessment,
        "Explained": _explained,
        "Plan": _plan,
        "Diff": _diff,
        "CheckReport": _check,
        "BatchSummary": _batch,
    }
    try:
        writers[type(result).__name__](result, opts, opts.out, **extra)
        opts.out.flush()
    except BrokenPipeError:  # `balance assess f | head`: the verdict's exit code still counts
        silence_stdout()


def silence_stdout() -> None:
    """The reader of stdout left: send whatever is still buffered nowhere."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's buffer)
        pass


def print_blocks(blocks: list[Block], fmt: Format, out: TextIO) -> None:
    """Tables for people: rich for `table`, tabulate for `markdown` and `plain`."""
    if fmt is Format.TABLE:
        from balance_cli.render.rich_table import print_blocks as rich_blocks

        rich_blocks(blocks, out)
    else:
        from balance_cli.render.text import write_blocks

        write_blocks(blocks, out, markdown=fmt is Format.MARKDOWN)


def write_error(file: str | None, error: dict[str, Any], out: TextIO, fmt: Format) -> None:
    """An error as JSON on stdout (the located text goes to stderr elsewhere)."""
    from balance_cli.render.machine import dumps, write_json

    data = {"file": file, "error": error}
    if fmt is Format.JSONL:
        out.write(dumps(data) + "\n")
    else:
        write_json(data, out)


# ------------------------------------------------------------------ per result type


def _assessment(a: Any, opts: Options, out: TextIO, schools: bool | None = None) -> None:
    fmt = opts.fmt
    if fmt is Format.JSONL:
        from balance_cli.render.machine import dumps

        out.write(dumps(a.to_dict(opts.lang)) + "\n")
        return
    from balance_cli.render import render

    render(a, fmt, opts.lang, out, schools)


def _explained(e: Any, opts: Options, out: TextIO, schools: bool | None = None) -> None:
    if opts.fmt is Format.JSON:
        from balance_cli.render.machine import render_json

        render_json(e.assessment, opts.lang, out, {"contributions": e.contributions_dict()})
        return
    _assessment(e.assessment, opts, out, schools)
    from balance_cli.render.plan import explain_blocks

    print_blocks(explain_blocks(e.assessment, e.contributions, opts.lang), opts.fmt, out)


def _plan(plan: Any, opts: Options, out: TextIO, **extra: Any) -> None:
    from balance_cli.render import plan as render_plan

    if opts.fmt is Format.JSON:
        from balance_cli.render.machine import write_json

        write_json(render_plan.plan_dict(plan, extra["margin"], extra["prices"]), out)
    elif opts.fmt is Format.CSV:
        render_plan.render_plan_csv(plan, out, opts.lang)
    else:
        print_blocks(render_plan.plan_blocks(plan, opts.lang), opts.fmt, out)
        out.write(render_plan.plan_verdict(plan, opts.lang) + "\n")


def _diff(d: Any, opts: Options, out: TextIO) -> None:
    from balance_cli.render import diff as render_diff

    if opts.fmt is Format.JSON:
        from balance_cli.render.machine import write_json

        write_json(d.to_dict(), out)
    elif opts.fmt is Format.CSV:
        render_diff.render_diff_csv(d, out)
    else:
        print_blocks(render_diff.diff_blocks(d, opts.lang), opts.fmt, out)
        out.write(render_diff.verdict_line(d, opts.lang) + "\n")


def _check(report: Any, opts: Options, out: TextIO) -> None:
    problems = report.to_dict(opts.lang)["problems"]
    if opts.fmt is Format.JSON:
        from balance_cli.render.machine import write_json

        write_json(problems, out)  # the documented shape: a list of problem objects
    elif opts.fmt is Format.JSONL:
        from balance_cli.render.machine import dumps

        for p in problems:
            out.write(dumps(p) + "\n")
    else:
        from balance_cli.messages import label
        from balance_cli.render.layout import write_wrapped

        lines = []
        for p in report.problems:
            prefix = "" if p.severity == "error" else label(f"severity_{p.severity}", opts.lang)
            lines.append(f"{p.location() or '-'}: {prefix}{p.message(opts.lang)}")
        write_wrapped(lines, out)


def _batch(summary: Any, opts: Options, out: TextIO) -> None:
    """The summary of a batch (JSON and JSONL are streamed by the command as files end)."""
    from balance_cli.render.batch import render_batch_csv, summary_block

    if opts.fmt is Format.CSV:
        render_batch_csv(list(summary.outcomes), out)
    else:
        block = summary_block(list(summary.outcomes), summary.rules, opts.lang)
        print_blocks([block], opts.fmt, out)
