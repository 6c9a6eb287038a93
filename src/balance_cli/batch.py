"""Many survey files in one run: discover them, assess each, in one or two processes.

Each file is loaded, assessed and rendered (JSON text and/or a summary) where it is
processed; a file that cannot be read becomes an outcome with its error, and the others go
on. With several files and more than one core, a pool of forked workers shares the work
(the imports are paid once, before the fork). Outcomes come back in input order.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from balance_cli.errors import BalanceError
from balance_cli.model import Assessment, Rules
from balance_cli.model.batch import Outcome

SURVEY_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
PARALLEL_FROM = 8  # files; below this a pool costs more than it saves


@dataclass(frozen=True)
class Job:
    rules: str
    sheets: tuple[str, ...] = ()
    inputs: dict[str, float | None] = field(default_factory=dict)
    lang: str = "zh"
    want_json: bool = False


def discover(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; directories searched (recursively, sorted) for survey files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SURVEY_SUFFIXES
                and not p.name.startswith("~$")
            )
        else:
            found.append(path)
    return found


@lru_cache(maxsize=4)
def _rules(name: str) -> Rules:
    from balance_cli.rules import load_rules

    return load_rules(name)


def summarise(a: Assessment) -> dict[str, Any]:
    """One row of the batch table: per level the composite (or the worst CV), the verdict."""
    levels = {}
    for key, res in a.levels.items():
        cvs = [r.cv for r in res.indicators.values()]
        worst = None if any(c is None for c in cvs) else max(cvs)  # type: ignore[type-var]
        levels[key] = {
            "composite_cv": res.composite_cv,
            "worst_cv": worst,
            "passed": res.passed,
        }
    failing = int((~a.schools.passed).sum())
    return {
        "file": a.file,
        "rules": a.rules.id,
        "passed": a.passed,
        "levels": levels,
        "schools_failing_standards": failing,
    }


def run_one(path: Path, job: Job) -> Outcome:
    from balance_cli.core.assess import assess
    from balance_cli.workbook import load_table

    file = str(path)
    try:
        rules = _rules(job.rules)
        result = assess(load_table(path, rules, job.sheets), rules, job.inputs)
    except BalanceError as exc:
        text = None
        if job.want_json:
            from balance_cli.render.machine import dumps

            text = dumps({"file": file, "error": exc.to_dict(job.lang)})
        return Outcome(file, 2, None, text, tuple(exc.problems))
    text = None
    if job.want_json:
        from balance_cli.render.machine import render_json

        buffer = io.StringIO()
        render_json(result, job.lang, buffer)
        text = buffer.getvalue().rstrip("\n")
    return Outcome(
        file, 0 if result.passed else 1, summarise(result), text, (), len(result.warnings)
    )


def _run(args: tuple[Path, Job]) -> Outcome:
    return run_one(*args)


def run_many(files: list[Path], job: Job, workers: int | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of ``files``; forked workers when it pays."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1
    if workers <= 1 or len(files) < 2:
        for path in files:
            yield run_one(path, job)
        return
    import multiprocessing

    # Load what every worker needs before forking, so no worker imports pandas again.
    import balance_cli.core.assess
    import balance_cli.render.machine
    import balance_cli.workbook  # noqa: F401

    with contextlib.suppress(BalanceError):
        _rules(job.rules)
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(workers) as pool:
        yield from pool.imap(_run, [(p, job) for p in files], chunksize=4)
