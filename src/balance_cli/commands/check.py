"""``balance check``: validate survey files without assessing them, like a linter."""

from __future__ import annotations

from pathlib import Path

from balance_cli.commands import Options
from balance_cli.errors import BalanceError, Problem
from balance_cli.exit_codes import Exit


def check_files(
    files: tuple[Path, ...], opts: Options, rules_name: str, sheets: tuple[str, ...] = ()
) -> Exit:
    from balance_cli.batch import discover
    from balance_cli.core.assess import assess
    from balance_cli.messages import label
    from balance_cli.model.check import CheckReport
    from balance_cli.render.emit import emit
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    rules = load_rules(rules_name)
    paths = discover(files)  # folders are searched like a batch
    found: list[Problem] = []
    for file in paths:
        try:
            table = load_table(file, rules, sheets)
        except BalanceError as exc:
            found += [_located(p, file) for p in exc.problems]
            continue
        result = assess(table, rules)
        found += [
            Problem(e.reason, e.params, e.file, e.sheet, e.row, None, "excluded")
            for e in result.excluded
        ]
        found += [_located(w, file) for w in result.warnings]
    report = CheckReport(tuple(str(p) for p in paths), tuple(found))
    emit(report, opts)
    summary = label(
        "check_summary",
        opts.lang,
        files=len(paths),
        errors=report.errors,
        warnings=report.warnings,
    )
    opts.say(summary)
    return Exit.PASSED if report.passed else Exit.INPUT_ERROR


def _located(problem: Problem, file: Path) -> Problem:
    """Every problem of a check names its file (a warning about a level names none)."""
    if problem.file:
        return problem
    from dataclasses import replace

    return replace(problem, file=str(file))
