"""``balance assess`` on many files: stream JSON/JSONL as files end, or one summary table."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit
from balance_cli.render.formats import Format


def assess_batch(
    files: tuple[Path, ...],
    rules_name: str,
    rules: Any,
    opts: Options,
    sheets: tuple[str, ...],
    inputs: Mapping[str, float | None],
    jobs: int | None,
) -> Exit:
    from balance_cli.batch import Job, discover, run_many
    from balance_cli.model.batch import BatchSummary
    from balance_cli.render.emit import emit

    paths = discover(files)
    if not paths:
        raise UsageError(Problem("no_files"))
    job = Job(rules_name, sheets, dict(inputs), opts.lang, want_json=opts.fmt.is_json)
    outcomes = []
    out = opts.out
    progress = _progress(len(paths), opts)
    if opts.fmt is Format.JSON:
        out.write("[")
    try:
        for k, outcome in enumerate(run_many(paths, job, jobs)):
            if progress is not None:
                progress.advance(progress.task_ids[0])
            for problem in outcome.problems:
                opts.say(problem.format(opts.lang))
            if opts.fmt is Format.JSON:
                out.write(("," if k else "") + "\n" + (outcome.json or ""))
            elif opts.fmt is Format.JSONL:
                out.write((outcome.json or "") + "\n")
                out.flush()
            outcomes.append(outcome)
    finally:
        if progress is not None:
            progress.stop()
    summary = BatchSummary(rules, tuple(outcomes))
    if opts.fmt is Format.JSON:
        out.write("\n]\n")
    elif opts.fmt is not Format.JSONL:
        emit(summary, opts)
    return Exit(summary.exit_code)


def _progress(files: int, opts: Options) -> Any:
    """A progress bar on stderr, for a person at a terminal and a long batch only."""
    if opts.quiet or files < 10 or not opts.err.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    from balance_cli.messages import label

    progress = Progress(transient=True, console=Console(stderr=True))
    progress.add_task(label("batch_heading", opts.lang, files=files), total=files)
    progress.start()
    return progress
