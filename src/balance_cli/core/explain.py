"""Where the imbalance comes from: each school's share of each indicator's variance. Pure."""

from __future__ import annotations

import numpy as np

from balance_cli.model import Rules, SchoolTable


def contributions(
    table: SchoolTable, rules: Rules
) -> dict[str, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """level → indicator → (indices of its schools, signed share of the weighted variance).

    share_i = (P_i / P)(X_i − X̄)² / S², with the sign of X_i − X̄; shares sum to 1.
    """
    out: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
    students = table.values["students"]
    in_balance = np.ones(len(table), bool) if table.in_balance is None else table.in_balance
    for li, lv in enumerate(rules.levels):
        idx = np.flatnonzero((table.level == li) & in_balance)
        if not len(idx):
            continue
        p = students[idx]
        out[lv.key] = {}
        for ind in rules.indicators:
            x = ind.scale * table.values[ind.column][idx] / p
            mean = ind.scale * table.values[ind.column][idx].sum() / p.sum()
            part = p / p.sum() * (x - mean) ** 2
            total = part.sum()
            share = part / total if total > 0 else np.zeros(len(idx))
            out[lv.key][ind.key] = (idx, np.sign(x - mean) * share)
    return out
