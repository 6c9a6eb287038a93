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
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

from balance_cli.errors import BalanceError, Problem
from balance_cli.exit_codes import Exit
from balance_cli.model import Assessment, Rules
from balance_cli.model.batch import Outcome
from balance_cli.paths import is_folder
from balance_cli.record import record

SURVEY_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
PARALLEL_FROM = 8  # files; below this a pool costs more than it saves


@record
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
        if is_folder(path):
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
        # what fails, by its stable key: the criteria, then the 2017 items (rules order)
        "failed": [c.key for c in (*a.criteria, *a.quality) if c.status == "failed"],
    }


def run_one(path: Path, job: Job) -> Outcome:
    """The outcome of one file, whatever happens while reading or assessing it."""
    file = str(path)
    try:
        return _assess_one(path, job)
    except BalanceError as exc:
        return error_outcome(file, exc.problems, job)
    except MemoryError:
        return error_outcome(file, [Problem("out_of_memory", file=file)], job)
    except Exception as exc:  # a bug of ours: that file's error, never the batch's end
        detail = type(exc).__name__
        problem = Problem("internal_error", {"detail": detail}, file=file)
        return error_outcome(file, [problem], job, Exit.INTERNAL_ERROR)


def error_outcome(
    file: str, problems: list[Problem], job: Job, code: Exit = Exit.INPUT_ERROR
) -> Outcome:
    """A file that could not be assessed: exit 2 (its input), 3 (a bug of ours)."""
    text = None
    if job.want_json:
        from balance_cli.render.machine import dumps

        text = dumps({"file": file, "error": BalanceError(problems).to_dict(job.lang)})
    return Outcome(file, int(code), None, text, tuple(problems))


def _assess_one(path: Path, job: Job) -> Outcome:
    from balance_cli.core.assess import assess
    from balance_cli.workbook import load_table

    file = str(path)
    rules = _rules(job.rules)
    result = assess(load_table(path, rules, job.sheets), rules, job.inputs)
    text = None
    if job.want_json:
        from balance_cli.render.machine import render_json

        buffer = io.StringIO()
        render_json(result, job.lang, buffer)
        text = buffer.getvalue().rstrip("\n")
    return Outcome(
        file, int(Exit.of(result.passed)), summarise(result), text, (), len(result.warnings)
    )


def run_many(files: list[Path], job: Job, workers: int | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of ``files``; forked workers when it pays.

    Every file gets an outcome: in a worker, an exception becomes that file's error, and a
    worker that dies (a native abort, the kernel's out-of-memory killer) is replaced, its
    file reported as one the reader could not finish.
    """
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1
    if workers <= 1 or len(files) < 2 or not hasattr(os, "fork"):
        for path in files:
            yield run_one(path, job)
        return
    # Load what every worker needs before forking, so no worker imports pandas again.
    import balance_cli.core.assess
    import balance_cli.render.machine
    import balance_cli.workbook  # noqa: F401

    with contextlib.suppress(BalanceError):
        _rules(job.rules)
    yield from _Supervisor(files, job, workers).run()


def _worker(conn: Any, job: Job) -> None:
    # Workers print nothing (outcomes go back through the pipe); a native abort would print
    # its backtrace on stderr, which is not the user's to read.
    import faulthandler

    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        conn.send((index, run_one(path, job)))


class _Supervisor:
    """Forked workers fed one file at a time; a dead worker's file becomes its error."""

    def __init__(self, files: list[Path], job: Job, workers: int):
        import multiprocessing

        self.files = files
        self.job = job
        self.size = workers
        self.context = multiprocessing.get_context("fork")
        self.pending = list(range(len(files)))[::-1]  # popped from the end: input order
        self.results: dict[int, Outcome] = {}
        self.busy: dict[Any, int | None] = {}  # connection → index of the file it holds
        self.procs: dict[Any, Any] = {}  # connection → process

    def _spawn(self) -> None:
        parent, child = self.context.Pipe()
        proc = self.context.Process(target=_worker, args=(child, self.job), daemon=True)
        proc.start()
        child.close()
        self.procs[parent] = proc
        self.busy[parent] = None
        self._feed(parent)

    def _feed(self, conn: Any) -> None:
        if self.pending:
            index = self.pending.pop()
            self.busy[conn] = index
            try:
                conn.send((index, self.files[index]))
            except (OSError, ValueError):
                self._dead(conn)
        else:
            self.busy[conn] = None
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)

    def _dead(self, conn: Any) -> None:
        """The worker behind ``conn`` ended: its file (if any) gets the crash as its error."""
        index = self.busy.pop(conn, None)
        proc = self.procs.pop(conn, None)
        conn.close()
        if proc is not None:
            proc.join(timeout=5)
        if index is not None and index not in self.results:
            file = str(self.files[index])
            self.results[index] = error_outcome(
                file, [Problem("reader_crashed", file=file)], self.job
            )
        if self.pending:
            self._spawn()

    def run(self) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        try:
            for _ in range(min(self.size, len(self.files))):
                self._spawn()
            following = 0
            while following < len(self.files):
                while following in self.results:
                    yield self.results.pop(following)
                    following += 1
                if following >= len(self.files):
                    break
                by_sentinel = {p.sentinel: c for c, p in self.procs.items()}
                if not by_sentinel:  # no worker left yet files missing: cannot happen
                    for index in range(following, len(self.files)):
                        self.results.setdefault(index, run_one(self.files[index], self.job))
                    continue
                for ready in wait([*self.procs, *by_sentinel]):
                    conn = by_sentinel.get(ready, ready)
                    if conn not in self.procs:
                        continue  # already handled through its other handle
                    if ready is conn:
                        try:
                            index, outcome = conn.recv()
                        except (EOFError, OSError):
                            self._dead(conn)
                            continue
                        self.results[index] = outcome
                        self._feed(conn)
                    else:  # the worker ended: take what it sent, then report the rest
                        with contextlib.suppress(EOFError, OSError):
                            while conn.poll():
                                index, outcome = conn.recv()
                                self.results[index] = outcome
                        self._dead(conn)
        finally:
            for conn, proc in list(self.procs.items()):
                with contextlib.suppress(OSError, ValueError):
                    conn.send(None)
                proc.join(timeout=1)
                if proc.is_alive():
                    proc.terminate()
                    proc.join(timeout=1)
                conn.close()
