"""The summary of a batch run: one row per file, in every table format."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from balance_cli.messages import label
from balance_cli.model import Rules
from balance_cli.model.cells import Cell, Column, Kind, Table, csv_value

if TYPE_CHECKING:
    from balance_cli.model.batch import Outcome

CSV_FIELDS = [
    "file",
    "rules",
    "level",
    "composite_cv",
    "worst_cv",
    "level_passed",
    "schools_failing_standards",
    "passed",
    "exit_code",
    "error",
    "failed",
]


def summary_block(outcomes: Sequence[Outcome], rules: Rules, lang: str) -> Table:
    each = rules.balance.test == "each"
    measure = label("worst_cv" if each else "composite", lang)
    columns = [
        Column(label("file", lang), kind=Kind.FILE, key=True),
        Column(label("rules_short", lang)),
    ]
    columns += [
        Column(label("level_measure", lang, level=lv.label(lang), measure=measure), kind=Kind.CV)
        for lv in rules.levels
    ]
    columns += [
        Column(label("failing_schools", lang), kind=Kind.COUNT),
        Column(label("verdict", lang)),
    ]
    rows, status = [], []
    for o in outcomes:
        if o.summary is None:
            problem = o.problems[0].message(lang) if o.problems else ""
            rows.append(
                [
                    Cell(o.file, Kind.FILE),
                    Cell(""),
                    *(Cell(None, Kind.VALUE) for _ in rules.levels),
                    Cell(None, Kind.COUNT),
                    Cell(label("error", lang) + problem),
                ]
            )
            status.append(False)
            continue
        s = o.summary
        cells = [Cell(o.file, Kind.FILE), Cell(s["rules"])]
        for lv in rules.levels:
            lvl = s["levels"].get(lv.key)
            if lvl is None:
                cells.append(Cell("—"))
                continue
            value = lvl["worst_cv"] if each else lvl["composite_cv"]
            cells.append(Cell(value, Kind.CV, mark=not lvl["passed"]))
        cells.append(Cell(s["schools_failing_standards"], Kind.COUNT))
        cells.append(Cell(label("verdict_passed" if s["passed"] else "verdict_failed", lang)))
        rows.append(cells)
        status.append(bool(s["passed"]))
    title = label("batch_heading", lang, files=len(outcomes))
    return Table(title, columns, rows, status, lang)


def render_batch_csv(outcomes: Sequence[Outcome], out: TextIO) -> None:
    """One row per file and level (a file that failed to load: one row with its error);
    ``failed`` lists the keys of the criteria and 2017 items that fail, ";"-separated."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for o in outcomes:
        base = {"file": csv_value(o.file), "exit_code": o.exit_code}
        if o.summary is None:
            error = csv_value(o.problems[0].kind) if o.problems else ""
            writer.writerow({**base, "passed": "false", "error": error})
            continue
        s = o.summary
        for level, lvl in s["levels"].items():
            writer.writerow(
                {
                    **base,
                    "rules": csv_value(s["rules"]),
                    "level": csv_value(level),
                    "composite_cv": _cell(lvl["composite_cv"]),
                    "worst_cv": _cell(lvl["worst_cv"]),
                    "level_passed": _cell(lvl["passed"]),
                    "schools_failing_standards": s["schools_failing_standards"],
                    "passed": _cell(s["passed"]),
                    "failed": csv_value(";".join(s["failed"])),
                }
            )


def _cell(v: object) -> object:
    return csv_value(v)
