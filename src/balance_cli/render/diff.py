"""Output of ``balance diff``: per level the CVs before and after, the schools that came,
went or changed most."""

from __future__ import annotations

import csv
from typing import TextIO

from balance_cli.messages import label
from balance_cli.model.diff import Diff
from balance_cli.render.quality_rows import criteria_changes_blocks
from balance_cli.render.rows import Block, fmt_cv, fmt_value

TOP_SCHOOLS = 10


def _delta(value: float | None) -> str:
    return "" if value is None else f"{value:+.3f}"


def _trend(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    if abs(value) < 0.0005:
        return label("trend_same", lang)
    return label("trend_better" if value < 0 else "trend_worse", lang)


def diff_blocks(d: Diff, lang: str) -> list[Block]:
    rules = d.new.rules
    blocks = []
    headers = [label(k, lang) for k in ("item", "old_cv", "new_cv", "change", "trend")]
    for key, lc in d.levels.items():
        rows, status = [], []
        for ind in rules.indicators:
            c = lc.indicators[ind.key]
            rows.append(
                [
                    ind.label(lang),
                    fmt_cv(c.old_cv, lang),
                    fmt_cv(c.new_cv, lang),
                    _delta(c.delta),
                    _trend(c.delta, lang),
                ]
            )
            status.append(None if c.delta is None or abs(c.delta) < 0.0005 else c.delta < 0)
        if rules.balance.test == "composite":
            delta = None
            if lc.old_composite is not None and lc.new_composite is not None:
                delta = lc.new_composite - lc.old_composite
            rows.append(
                [
                    label("composite", lang),
                    fmt_cv(lc.old_composite, lang),
                    fmt_cv(lc.new_composite, lang),
                    _delta(delta),
                    _trend(delta, lang),
                ]
            )
            status.append(None if delta is None or abs(delta) < 0.0005 else delta < 0)
        verdicts = [
            label("verdict", lang),
            _verdict(lc.old_passed, lang),
            _verdict(lc.new_passed, lang),
            "",
            "",
        ]
        rows.append(verdicts)
        status.append(lc.new_passed)
        title = label(
            "diff_level_heading",
            lang,
            level=rules.level(key).label(lang),
            old=lc.old_schools,
            new=lc.new_schools,
        )
        blocks.append(Block(title, headers, rows, status, (0, 4)))
    moved = [
        [s["name"] or s["code"], s["code"], rules.level(s["level"]).label(lang), label(kind, lang)]
        for kind, schools in (
            ("school_added", d.schools_added),
            ("school_removed", d.schools_removed),
        )
        for s in schools
    ]
    if moved:
        headers = [label(k, lang) for k in ("school", "code", "level", "change")]
        blocks.append(
            Block(label("diff_schools_heading", lang), headers, moved, [None] * len(moved), (0, 3))
        )
    top = [s for s in d.schools_changed if s.largest() is not None][:TOP_SCHOOLS]
    if top:
        names = {ind.key: ind.label(lang) for ind in rules.indicators}
        rows = []
        for s in top:
            key, old, new = s.largest()  # type: ignore[misc]
            rel = "" if old == 0 else f"{(new - old) / abs(old):+.1%}"
            rows.append(
                [
                    s.name or s.code,
                    rules.level(s.level).label(lang),
                    names[key],
                    fmt_value(old),
                    fmt_value(new),
                    rel,
                ]
            )
        headers = [label(k, lang) for k in ("school", "level", "indicator", "old", "new", "change")]
        title = label("diff_changed_heading", lang, shown=len(top), total=len(d.schools_changed))
        blocks.append(Block(title, headers, rows, [None] * len(rows), (0, 2)))
    blocks += criteria_changes_blocks(d, lang)  # items that changed status
    return blocks


def _verdict(passed: bool | None, lang: str) -> str:
    if passed is None:
        return "—"
    return label("passed" if passed else "failed", lang)


def verdict_line(d: Diff, lang: str) -> str:
    return label(
        "diff_verdict", lang, old=_verdict(d.old.passed, lang), new=_verdict(d.new.passed, lang)
    )


def render_diff_csv(d: Diff, out: TextIO) -> None:
    fields = ["level", "indicator", "old_cv", "new_cv", "delta"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for key, lc in d.levels.items():
        for ind_key, c in lc.indicators.items():
            writer.writerow(
                {
                    "level": key,
                    "indicator": ind_key,
                    "old_cv": _num(c.old_cv),
                    "new_cv": _num(c.new_cv),
                    "delta": _num(c.delta),
                }
            )
        if d.new.rules.balance.test == "composite":
            delta = lc.to_dict()["composite_delta"]
            writer.writerow(
                {
                    "level": key,
                    "indicator": "composite",
                    "old_cv": _num(lc.old_composite),
                    "new_cv": _num(lc.new_composite),
                    "delta": _num(delta),
                }
            )


def _num(v: float | None) -> str:
    return "" if v is None else repr(v)
