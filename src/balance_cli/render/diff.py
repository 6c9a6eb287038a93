"""Output of ``balance diff``: per level the CVs before and after, the schools that came,
went or changed most."""

from __future__ import annotations

import csv
from typing import TextIO

from balance_cli.messages import label
from balance_cli.model.cells import CV_DECIMALS, Cell, Column, Kind, Table, csv_value, rounded, text
from balance_cli.model.diff import Diff
from balance_cli.render.quality_rows import criteria_changes_blocks

TOP_SCHOOLS = 10


def shown_delta(old: float | None, new: float | None) -> float | None:
    """The change between two CVs as shown: the difference of the rounded values, so
    that 0.213 → 0.210 reads −0.003 (the unrounded difference may read −0.002)."""
    if old is None or new is None:
        return None
    return round(rounded(new, Kind.CV) - rounded(old, Kind.CV), CV_DECIMALS)


def _trend(delta: float | None, lang: str) -> str:
    if delta is None:
        return ""
    if delta == 0:
        return label("trend_same", lang)
    return label("trend_better" if delta < 0 else "trend_worse", lang)


def _row(name: str, old: float | None, new: float | None, lang: str) -> list[Cell]:
    delta = shown_delta(old, new)
    return [
        Cell(name),
        Cell(old, Kind.CV),
        Cell(new, Kind.CV),
        Cell(delta, Kind.DELTA),
        Cell(_trend(delta, lang)),
    ]


def diff_blocks(d: Diff, lang: str) -> list[Table]:
    rules = d.new.rules
    blocks = []
    kinds = (Kind.TEXT, Kind.CV, Kind.CV, Kind.DELTA, Kind.TEXT)
    keys = ("item", "old_cv", "new_cv", "change", "trend")
    columns = [
        Column(label(k, lang), kind=kind, key=k == "item")
        for k, kind in zip(keys, kinds, strict=True)
    ]
    for key, lc in d.levels.items():
        rows, status = [], []
        pairs = [
            (ind.label(lang), lc.indicators[ind.key].old_cv, lc.indicators[ind.key].new_cv)
            for ind in rules.indicators
        ]
        if rules.balance.test == "composite":
            pairs.append((label("composite", lang), lc.old_composite, lc.new_composite))
        for name, old, new in pairs:
            row = _row(name, old, new, lang)
            rows.append(row)
            delta = row[3].value
            status.append(None if delta is None or delta == 0 else delta < 0)
        rows.append(
            [
                Cell(label("verdict", lang)),
                Cell(lc.old_passed, Kind.VERDICT),
                Cell(lc.new_passed, Kind.VERDICT),
                Cell(""),
                Cell(""),
            ]
        )
        status.append(lc.new_passed)
        title = label(
            "diff_level_heading",
            lang,
            level=rules.level(key).label(lang),
            old=lc.old_schools,
            new=lc.new_schools,
        )
        blocks.append(Table(title, columns, rows, status, lang))
    moved = [
        [
            Cell(s["name"] or s["code"], Kind.NAME),
            Cell(s["code"], Kind.CODE),
            Cell(rules.level(s["level"]).label(lang)),
            Cell(label(kind, lang)),
        ]
        for kind, schools in (
            ("school_added", d.schools_added),
            ("school_removed", d.schools_removed),
        )
        for s in schools
    ]
    if moved:
        columns = [
            Column(label("school", lang), kind=Kind.NAME, key=True),
            Column(label("code", lang), kind=Kind.CODE, key=True),
            Column(label("level", lang)),
            Column(label("change", lang)),
        ]
        blocks.append(Table(label("diff_schools_heading", lang), columns, moved, lang=lang))
    top = [s for s in d.schools_changed if s.largest() is not None][:TOP_SCHOOLS]
    if top:
        indicators = {ind.key: ind for ind in rules.indicators}
        rows = []
        for s in top:
            key, old, new = s.largest()  # type: ignore[misc]
            ind = indicators[key]
            rows.append(
                [
                    Cell(s.name or s.code, Kind.NAME),
                    Cell(rules.level(s.level).label(lang)),
                    Cell(ind.label(lang), Kind.LABEL, ind.unit),
                    Cell(old, Kind.VALUE, ind.unit),
                    Cell(new, Kind.VALUE, ind.unit),
                    Cell(None if old == 0 else (new - old) / abs(old), Kind.CHANGE),
                ]
            )
        keys = ("school", "level", "indicator", "old", "new", "change")
        kinds = (Kind.NAME, Kind.TEXT, Kind.LABEL, Kind.VALUE, Kind.VALUE, Kind.CHANGE)
        columns = [
            Column(label(k, lang), kind=kind, key=k == "school")
            for k, kind in zip(keys, kinds, strict=True)
        ]
        title = label("diff_changed_heading", lang, shown=len(top), total=len(d.schools_changed))
        blocks.append(Table(title, columns, rows, lang=lang))
    blocks += criteria_changes_blocks(d, lang)  # items that changed status
    return blocks


def _verdict(passed: bool | None, lang: str) -> str:
    return text(Cell(passed, Kind.VERDICT), lang)


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
                    "level": csv_value(key),
                    "indicator": csv_value(ind_key),
                    "old_cv": _num(c.old_cv),
                    "new_cv": _num(c.new_cv),
                    "delta": _num(c.delta),
                }
            )
        if d.new.rules.balance.test == "composite":
            delta = lc.to_dict()["composite_delta"]
            writer.writerow(
                {
                    "level": csv_value(key),
                    "indicator": "composite",
                    "old_cv": _num(lc.old_composite),
                    "new_cv": _num(lc.new_composite),
                    "delta": _num(delta),
                }
            )


def _num(v: float | None) -> object:
    return csv_value(v)
