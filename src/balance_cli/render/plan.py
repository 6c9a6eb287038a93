"""Output of ``balance plan`` and of ``assess --explain``."""

from __future__ import annotations

import csv
from typing import Any, TextIO

import numpy as np

from balance_cli.messages import label
from balance_cli.model import Assessment, SchoolTable
from balance_cli.model.cells import Cell, Column, Kind, Table, csv_value
from balance_cli.model.plan import Plan

CSV_FIELDS = [
    "code",
    "name",
    "level",
    "column",
    "column_name",
    "unit",
    "amount",
    "reason",
    "because",
]


def _reason(plan: Plan, reason: str, because: str, lang: str) -> str:
    rules = plan.before.rules
    if reason == "standard":
        st = next(s for s in rules.standards if s.key == because)
        return label("reason_standard", lang, name=st.label(lang))
    if reason == "balance":
        ind = next(i for i in rules.indicators if i.key == because)
        return label("reason_balance", lang, name=ind.label(lang))
    if reason == "quality" and rules.quality is not None:  # a high-quality item (rooms)
        item = next(i for i in rules.quality.items if i.key == because)
        return label("reason_quality", lang, name=item.label(lang))
    teachers = rules.column(rules.column(because).subset_of or "teachers").label(lang)
    return label("reason_subset", lang, name=rules.column(because).label(lang), set=teachers)


def plan_blocks(plan: Plan, lang: str) -> list[Table]:
    rules, tbl = plan.before.rules, plan.before.schools.table
    blocks = []
    for lv in rules.levels:
        before, after = plan.before.levels.get(lv.key), plan.after.levels.get(lv.key)
        if before is None or after is None:
            continue
        targets = plan.targets.get(lv.key, {})
        rows, status = [], []
        for ind in rules.indicators:
            rows.append(
                [
                    Cell(ind.label(lang)),
                    Cell(before.indicators[ind.key].cv, Kind.CV),
                    Cell(after.indicators[ind.key].cv, Kind.CV),
                    Cell(targets.get(ind.key), Kind.CV) if ind.key in targets else Cell(""),
                ]
            )
            status.append(None)
        if rules.balance.test == "composite":
            t = targets.get("composite")
            rows.append(
                [
                    Cell(label("composite", lang)),
                    Cell(before.composite_cv, Kind.CV),
                    Cell(after.composite_cv, Kind.CV),
                    Cell("") if t is None else Cell(t, Kind.CV, op="≤"),
                ]
            )
            status.append(after.passed)
        columns = [Column(label("item", lang), key=True)] + [
            Column(label(k, lang), kind=Kind.CV) for k in ("cv_before", "cv_after", "target")
        ]
        title = label("plan_level_heading", lang, level=lv.label(lang))
        blocks.append(Table(title, columns, rows, status, lang))
    rows = []
    for a in plan.additions:
        col = rules.column(a.column)
        rows.append(
            [
                Cell(tbl.names[a.index] or tbl.codes[a.index], Kind.NAME),
                Cell(tbl.codes[a.index], Kind.CODE),
                Cell(rules.levels[tbl.level[a.index]].label(lang)),
                Cell(col.label(lang), Kind.LABEL, col.unit),
                Cell(a.amount, Kind.AMOUNT, col.unit, countable=col.countable),
                Cell(_reason(plan, a.reason, a.because, lang)),
            ]
        )
    if rows:
        keys = ("school", "code", "level", "resource", "amount", "reason")
        kinds = (Kind.NAME, Kind.CODE, Kind.TEXT, Kind.LABEL, Kind.AMOUNT, Kind.TEXT)
        columns = [
            Column(label(k, lang), kind=kind, key=k in ("school", "code"))
            for k, kind in zip(keys, kinds, strict=True)
        ]
        title = label("plan_additions_heading", lang, count=len(rows))
        blocks.append(Table(title, columns, rows, lang=lang))
    totals = []
    for level, columns_added in plan.totals().items():
        for column, amount in columns_added.items():
            col = rules.column(column)
            totals.append(
                [
                    Cell(rules.level(level).label(lang)),
                    Cell(col.label(lang), Kind.LABEL, col.unit),
                    Cell(amount, Kind.AMOUNT, col.unit, countable=col.countable),
                ]
            )
    if totals:
        columns = [
            Column(label("level", lang), key=True),
            Column(label("resource", lang), kind=Kind.LABEL),
            Column(label("amount", lang), kind=Kind.AMOUNT),
        ]
        blocks.append(Table(label("plan_totals_heading", lang), columns, totals, lang=lang))
    return blocks


def plan_verdict(plan: Plan, lang: str) -> str:
    def word(passed: bool) -> str:
        return label("verdict_passed" if passed else "verdict_failed", lang)

    return label(
        "plan_verdict", lang, before=word(plan.before.passed), after=word(plan.after.passed)
    )


def plan_dict(plan: Plan, margin: float, prices: dict[str, float] | None) -> dict[str, Any]:
    rules, tbl = plan.before.rules, plan.before.schools.table
    levels = {}
    for key, before in plan.before.levels.items():
        after = plan.after.levels[key]
        levels[key] = {
            "before": {k: v.cv for k, v in before.indicators.items()}
            | {"composite": before.composite_cv},
            "after": {k: v.cv for k, v in after.indicators.items()}
            | {"composite": after.composite_cv},
            "targets": plan.targets.get(key, {}),
            "passed_before": before.passed,
            "passed_after": after.passed,
        }
    keys = [lv.key for lv in rules.levels]
    return {
        "file": plan.before.file,
        "rules": rules.id,
        "margin": margin,
        "prices": prices,
        "passed_before": plan.before.passed,
        "passed_after": plan.after.passed,
        "levels": levels,
        "additions": [
            {
                "code": tbl.codes[a.index],
                "name": tbl.names[a.index],
                "level": keys[tbl.level[a.index]],
                "sheet": tbl.sheets[a.index],
                "row": int(tbl.rows[a.index]),
                "column": a.column,
                "amount": a.amount,
                "unit": rules.column(a.column).unit,
                "reason": a.reason,
                "because": a.because,
            }
            for a in plan.additions
        ],
        "totals": plan.totals(),
        "notes": list(plan.notes),
    }


def render_plan_csv(plan: Plan, out: TextIO, lang: str) -> None:
    """The purchasing and hiring list: one row per school, resource and reason."""
    rules, tbl = plan.before.rules, plan.before.schools.table
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    keys = [lv.key for lv in rules.levels]
    for a in plan.additions:
        col = rules.column(a.column)
        row = {
            "code": tbl.codes[a.index],
            "name": tbl.names[a.index],
            "level": keys[tbl.level[a.index]],
            "column": a.column,
            "column_name": col.label(lang),
            "unit": col.unit or "",
            "amount": a.amount,
            "reason": a.reason,
            "because": a.because,
        }
        writer.writerow({k: csv_value(v) for k, v in row.items()})


# ----------------------------------------------------------------- --explain


def contributions_dict(table: SchoolTable, contrib: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for level, by_indicator in contrib.items():
        out[level] = {}
        for key, (idx, share) in by_indicator.items():
            order = np.argsort(-np.abs(share), kind="stable")
            out[level][key] = [
                {
                    "code": table.codes[idx[j]],
                    "name": table.names[idx[j]],
                    "share": float(abs(share[j])),
                    "sign": int(np.sign(share[j])),
                }
                for j in order.tolist()
            ]
    return out


def explain_blocks(a: Assessment, contrib: dict, lang: str, top: int = 3) -> list[Table]:
    """Per level and indicator, the schools that make most of its weighted variance: one
    row per school, its share beside it (so a share is never read against another)."""
    rules, tbl = a.rules, a.schools.table
    blocks = []
    for level, by_indicator in contrib.items():
        rows = []
        for ind in rules.indicators:
            idx, share = by_indicator[ind.key]
            order = np.argsort(-np.abs(share), kind="stable")[:top]
            for k, j in enumerate(order.tolist()):
                rows.append(
                    [
                        Cell(ind.label(lang) if k == 0 else ""),
                        Cell(tbl.names[idx[j]] or tbl.codes[idx[j]], Kind.NAME),
                        Cell(float(abs(share[j])), Kind.PERCENT),
                        Cell(label("above" if share[j] > 0 else "below", lang)),
                    ]
                )
        title = label("explain_heading", lang, level=rules.level(level).label(lang), top=top)
        columns = [
            Column(label("indicator", lang), key=True),
            Column(label("school", lang), kind=Kind.NAME, key=True),
            Column(label("share", lang), kind=Kind.PERCENT),
            Column(label("direction", lang)),
        ]
        blocks.append(Table(title, columns, rows, lang=lang))
    return blocks
