"""Output of ``balance plan`` and of ``assess --explain``."""

from __future__ import annotations

import csv
from typing import Any, TextIO

import numpy as np

from balance_cli.messages import label
from balance_cli.model import Assessment, SchoolTable
from balance_cli.model.plan import Plan
from balance_cli.render.rows import Block, fmt_cv

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
    return label("reason_subset", lang, name=rules.column(because).label(lang))


def _amount(value: float, countable: bool) -> str:
    return f"{value:,.0f}" if countable else f"{value:,.2f}"


def plan_blocks(plan: Plan, lang: str) -> list[Block]:
    rules, tbl = plan.before.rules, plan.before.schools.table
    blocks = []
    for lv in rules.levels:
        before, after = plan.before.levels.get(lv.key), plan.after.levels.get(lv.key)
        if before is None or after is None:
            continue
        targets = plan.targets.get(lv.key, {})
        rows, status = [], []
        for ind in rules.indicators:
            t = targets.get(ind.key)
            rows.append(
                [
                    ind.label(lang),
                    fmt_cv(before.indicators[ind.key].cv, lang),
                    fmt_cv(after.indicators[ind.key].cv, lang),
                    "" if t is None else f"{t:.3f}",
                ]
            )
            status.append(None)
        if rules.balance.test == "composite":
            t = targets.get("composite")
            rows.append(
                [
                    label("composite", lang),
                    fmt_cv(before.composite_cv, lang),
                    fmt_cv(after.composite_cv, lang),
                    "" if t is None else f"≤ {t:.3f}",
                ]
            )
            status.append(after.passed)
        headers = [label(k, lang) for k in ("item", "cv_before", "cv_after", "target")]
        blocks.append(
            Block(
                label("plan_level_heading", lang, level=lv.label(lang)), headers, rows, status, (0,)
            )
        )
    rows = []
    for a in plan.additions:
        col = rules.column(a.column)
        rows.append(
            [
                tbl.names[a.index] or tbl.codes[a.index],
                tbl.codes[a.index],
                rules.levels[tbl.level[a.index]].label(lang),
                f"{col.label(lang)}({col.unit or ''})",
                _amount(a.amount, col.countable),
                _reason(plan, a.reason, a.because, lang),
            ]
        )
    if rows:
        headers = [
            label(k, lang) for k in ("school", "code", "level", "resource", "amount", "reason")
        ]
        blocks.append(
            Block(
                label("plan_additions_heading", lang, count=len(rows)),
                headers,
                rows,
                [None] * len(rows),
                (0, 3, 5),
            )
        )
    totals = []
    for level, columns in plan.totals().items():
        for column, amount in columns.items():
            col = rules.column(column)
            totals.append(
                [
                    rules.level(level).label(lang),
                    f"{col.label(lang)}({col.unit or ''})",
                    _amount(amount, col.countable),
                ]
            )
    if totals:
        headers = [label(k, lang) for k in ("level", "resource", "amount")]
        blocks.append(
            Block(label("plan_totals_heading", lang), headers, totals, [None] * len(totals), (0, 1))
        )
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
        writer.writerow(
            {
                "code": tbl.codes[a.index],
                "name": tbl.names[a.index],
                "level": keys[tbl.level[a.index]],
                "column": a.column,
                "column_name": col.label(lang),
                "unit": col.unit or "",
                "amount": repr(a.amount),
                "reason": a.reason,
                "because": a.because,
            }
        )


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


def explain_blocks(a: Assessment, contrib: dict, lang: str, top: int = 3) -> list[Block]:
    """Per level and indicator, the schools that make most of its weighted variance."""
    rules, tbl = a.rules, a.schools.table
    blocks = []
    for level, by_indicator in contrib.items():
        rows = []
        for ind in rules.indicators:
            idx, share = by_indicator[ind.key]
            order = np.argsort(-np.abs(share), kind="stable")[:top]
            names = [
                f"{tbl.names[idx[j]] or tbl.codes[idx[j]]} {abs(share[j]):.0%}"
                f"{label('above' if share[j] > 0 else 'below', lang)}"
                for j in order.tolist()
            ]
            rows.append([ind.label(lang), label("item_sep", lang).join(names)])
        title = label("explain_heading", lang, level=rules.level(level).label(lang), top=top)
        headers = [label("indicator", lang), label("top_contributors", lang)]
        blocks.append(Block(title, headers, rows, [None] * len(rows), (0, 1)))
    return blocks
