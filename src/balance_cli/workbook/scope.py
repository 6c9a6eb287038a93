"""Which rows count (DOMAIN.md §5), as the rules' ``scope`` says.

Teaching points (教学点) are merged into their parent school (students and resources
added) or left out; schools matching an ``exclude`` rule (private, special education,
not run by the county …) are left out of the standards check and/or the CVs. Every row
left out or merged becomes an :class:`Exclusion` with its reason: nothing disappears.
Rows left out of both computations leave the table.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import Exclusion, Rules, SchoolTable
from balance_cli.workbook.cells import unique_inverse
from balance_cli.workbook.headers import normalise

_OUT_KIND = {
    ("balance", "standards"): "scope_out_both",
    ("standards",): "scope_out_standards",
    ("balance",): "scope_out_balance",
}


def matches(texts: np.ndarray, values: tuple[str, ...]) -> np.ndarray:
    """Cells whose normalised text is one of ``values`` (normalised once per distinct text)."""
    if not len(texts):
        return np.zeros(0, dtype=bool)
    wanted = {normalise(v) for v in values}
    uniq, inverse = unique_inverse(texts)
    hit = np.array([normalise(u) in wanted for u in uniq], dtype=bool)
    return hit[inverse]


def apply_scope(table: SchoolTable, rules: Rules, errors: list[Problem]) -> SchoolTable:
    n = len(table)
    drop = np.zeros(n, dtype=bool)
    in_balance = np.ones(n, dtype=bool)
    in_standards = np.ones(n, dtype=bool)
    values = table.values
    excluded = list(table.excluded)

    tp = rules.scope.teaching_points
    if tp is not None and tp.column in table.texts:
        is_tp = matches(table.texts[tp.column], tp.values)
        if is_tp.any():
            if tp.action == "exclude":
                drop |= is_tp
                excluded += [_exclusion(table, i, "teaching_point_excluded") for i in _idx(is_tp)]
            else:
                values = {k: v.copy() for k, v in values.items()}
                merged = _merge_teaching_points(table, rules, is_tp, values, errors)
                drop |= is_tp
                excluded += merged

    for rule in rules.scope.exclude:
        if rule.column not in table.texts:
            continue
        hit = matches(table.texts[rule.column], rule.values) & ~drop
        if rule.students_below is not None:
            hit &= values["students"] < rule.students_below
        parts = tuple(sorted(rule.left_out_of))
        for i in _idx(hit):
            excluded.append(
                _exclusion(
                    table,
                    i,
                    _OUT_KIND[parts],
                    {"name": rule.name, "name_en": rule.name_en},
                    parts,
                )
            )
        if "balance" in parts:
            in_balance &= ~hit
        if "standards" in parts:
            in_standards &= ~hit

    drop |= ~in_balance & ~in_standards
    own = table.values  # as in the file, before teaching points were added in
    if not drop.any() and in_balance.all() and in_standards.all():
        return replace(table, values=values, excluded=tuple(excluded), own_values=own)
    keep = ~drop
    return replace(
        table,
        codes=table.codes[keep],
        names=table.names[keep],
        level=table.level[keep],
        values={k: v[keep] for k, v in values.items()},
        texts={k: v[keep] for k, v in table.texts.items()},
        sheets=table.sheets[keep],
        rows=table.rows[keep],
        excluded=tuple(excluded),
        in_balance=in_balance[keep],
        in_standards=in_standards[keep],
        own_values={k: v[keep] for k, v in own.items()},
    )


def _idx(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()


def _exclusion(
    table: SchoolTable,
    i: int,
    reason: str,
    params: dict | None = None,
    left_out_of: tuple[str, ...] = ("balance", "standards"),
) -> Exclusion:
    return Exclusion(
        reason,
        table.file,
        table.sheets[i] or None,
        int(table.rows[i]),
        str(table.codes[i]),
        str(table.names[i]),
        params or {},
        left_out_of,
    )


def _merge_teaching_points(
    table: SchoolTable,
    rules: Rules,
    is_tp: np.ndarray,
    values: dict[str, np.ndarray],
    errors: list[Problem],
) -> list[Exclusion]:
    """Add each teaching point's students and resources to its parent (same level)."""
    tp = rules.scope.teaching_points
    assert tp is not None
    parents = table.texts.get(tp.parent)
    lookup: dict[tuple[str, int], int] = {}
    for j in _idx(~is_tp):
        for ident in (table.codes[j], table.names[j]):
            if ident:
                lookup.setdefault((normalise(ident), int(table.level[j])), j)
    merged = []
    for i in _idx(is_tp):
        loc = {"file": table.file, "sheet": table.sheets[i] or None, "row": int(table.rows[i])}
        parent = str(parents[i]) if parents is not None else ""
        if not parent:
            errors.append(Problem("parent_missing", {"school": table.label(i)}, **loc))
            continue
        j = lookup.get((normalise(parent), int(table.level[i])))
        if j is None:
            errors.append(
                Problem("parent_not_found", {"school": table.label(i), "parent": parent}, **loc)
            )
            continue
        for key, column in values.items():  # a largest class is the larger one, not a sum
            if rules.column(key).merge == "max":
                column[j] = max(column[j], column[i])
            else:
                column[j] += column[i]
        merged.append(_exclusion(table, i, "teaching_point_merged", {"parent": table.label(j)}))
    return merged
