"""The summary of a batch run: one row per file, in every table format."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from balance_cli.messages import label
from balance_cli.model import Rules
from balance_cli.render.rows import Block, fmt_cv

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
]


def summary_block(outcomes: Sequence[Outcome], rules: Rules, lang: str) -> Block:
    each = rules.balance.test == "each"
    measure = label("worst_cv" if each else "composite", lang)
    headers = [label("file", lang), label("rules_short", lang)]
    headers += [
        label("level_measure", lang, level=lv.label(lang), measure=measure) for lv in rules.levels
    ]
    headers += [label("failing_schools", lang), label("verdict", lang)]
    rows, status = [], []
    for o in outcomes:
        if o.summary is None:
            problem = o.problems[0].message(lang) if o.problems else ""
            rows.append(
                [o.file, "", *([""] * len(rules.levels)), "", label("error", lang) + problem]
            )
            status.append(False)
            continue
        s = o.summary
        cells = [o.file, s["rules"]]
        for lv in rules.levels:
            lvl = s["levels"].get(lv.key)
            if lvl is None:
                cells.append("—")
                continue
            value = lvl["worst_cv"] if each else lvl["composite_cv"]
            cells.append(fmt_cv(value, lang) + ("" if lvl["passed"] else " ✘"))
        cells.append(str(s["schools_failing_standards"]))
        cells.append(label("verdict_passed" if s["passed"] else "verdict_failed", lang))
        rows.append(cells)
        status.append(bool(s["passed"]))
    title = label("batch_heading", lang, files=len(outcomes))
    return Block(title, headers, rows, status, (0, 1, len(headers) - 1))


def render_batch_csv(outcomes: Sequence[Outcome], out: TextIO) -> None:
    """One row per file and level (a file that failed to load: one row with its error)."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for o in outcomes:
        base = {"file": o.file, "exit_code": o.exit_code}
        if o.summary is None:
            error = o.problems[0].kind if o.problems else ""
            writer.writerow({**base, "passed": "false", "error": error})
            continue
        s = o.summary
        for level, lvl in s["levels"].items():
            writer.writerow(
                {
                    **base,
                    "rules": s["rules"],
                    "level": level,
                    "composite_cv": _cell(lvl["composite_cv"]),
                    "worst_cv": _cell(lvl["worst_cv"]),
                    "level_passed": _cell(lvl["passed"]),
                    "schools_failing_standards": s["schools_failing_standards"],
                    "passed": _cell(s["passed"]),
                }
            )


def _cell(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v) if isinstance(v, float) else v
