"""The standards step of a plan: what each school lacks, and the cheapest way to pass.

Under "all", each school gets exactly what every standard it misses needs (forced). Under
"at least m of K, the others at ≥ f" (national-2017), each failing school fixes every missed
standard except the ones whose full fix costs most beyond their f-floor, raised to the floor
only. Pure numpy on plain data.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from balance_cli.core.assess import school_limits
from balance_cli.errors import Problem
from balance_cli.model import Rules, SchoolTable, Standard
from balance_cli.model.plan import Addition
from balance_cli.record import record


class _Ledger:
    """Values being planned, the additions made to them and their cost."""

    def __init__(self, values: Mapping[str, np.ndarray], rules: Rules, prices) -> None:
        self.values = {k: v.copy() for k, v in values.items()}
        self.rules = rules
        self.prices = prices
        self.additions: list[Addition] = []
        self.cost = 0.0

    def add(self, column: str, amounts: np.ndarray, idx: np.ndarray, reason: str, why: str):
        col = self.rules.column(column)
        for i, amount in zip(idx.tolist(), amounts.tolist(), strict=True):
            if amount <= 0:
                continue
            self.values[column][i] += amount
            self.cost += self.prices(column) * amount
            self.additions.append(Addition(i, column, amount, reason, why))
            if col.subset_of and col.subset_of in self.values:
                self.values[col.subset_of][i] += amount
                self.additions.append(Addition(i, col.subset_of, amount, "subset", column))


# ------------------------------------------------------------------ standards


@record(frozen=False)
class _Need:
    standard: Standard
    column: str | None  # None: additions cannot meet it
    why: str  # "enrolments" | "absolute" | ""
    full: np.ndarray  # units to meet the limit (0 where met or not checked)
    floor: np.ndarray  # units to reach the tolerated fraction of it
    failed: np.ndarray  # misses it now (checked schools only)
    far: np.ndarray  # misses it by more than the tolerated fraction


def _needs(table: SchoolTable, rules: Rules, values: Mapping[str, np.ndarray]) -> list[_Need]:
    """Per standard whose columns are present: what each school lacks."""
    n = len(table)
    fraction = rules.school_pass.others_min_fraction if rules.school_pass.rule == "at_least" else 1
    in_std = np.ones(n, bool) if table.in_standards is None else table.in_standards
    out = []
    for rule_st in rules.standards:
        # the measure the assessment uses: e.g. the average class (students / classes)
        # when the workbook has no 最大班额 column
        st = rule_st.for_columns(values)
        if st is None:
            continue  # not checked (the assessment warns), so nothing to add
        den_key = st.denominator
        limits = school_limits(st, rules, table.level)
        num = values[st.numerator]
        den = values[den_key] if den_key is not None else np.ones(n)
        checked = ~np.isnan(limits) & in_std & (den > 0)
        positive = getattr(st, "only_if_positive", None)
        if positive:
            checked &= values[positive] > 0 if positive in values else False
        bound = "min" if st.min else "max"
        with np.errstate(divide="ignore", invalid="ignore"):
            value = st.scale * num / np.where(den > 0, den, 1.0)
            slack = 1e-9 * np.abs(limits)
            if bound == "min":
                failed = checked & (value < limits - slack)
                far = failed & (value < fraction * limits - slack)
                full = limits * den / st.scale - num
                floor = fraction * limits * den / st.scale - num
                column = st.numerator
            else:
                failed = checked & (value > limits + slack)
                far = failed & (value > limits / fraction + slack)
                full = st.scale * num / limits - den
                floor = st.scale * num * fraction / limits - den
                column = den_key
        why = ""
        if column == "students":
            column, why = None, "enrolments"
        elif den_key is None or column is None:
            column, why = None, "absolute"
        countable = column is not None and rules.column(column).countable

        def clean(need, countable=countable, checked=checked, num=num) -> np.ndarray:
            need = np.where(checked & np.isfinite(need), need, 0.0)
            need = np.where(need > 1e-9 * np.maximum(1.0, np.abs(num)), need, 0.0)
            return np.ceil(need - 1e-9) if countable else need

        full_n, floor_n = clean(full), clean(floor)
        out.append(_Need(st, column, why, full_n * failed, floor_n * far, failed, far))
    return out


def _apply_needs(ledger: _Ledger, chosen: dict[tuple[str, str], np.ndarray]) -> None:
    """Add, per column, the largest need of the standards on it (they share the column)."""
    by_column: dict[str, list[tuple[str, np.ndarray]]] = {}
    for (column, key), amounts in chosen.items():
        by_column.setdefault(column, []).append((key, amounts))
    for column, items in by_column.items():
        stack = np.vstack([a for _, a in items])
        best = stack.argmax(axis=0)
        amount = stack.max(axis=0)
        for k, (key, _) in enumerate(items):
            idx = np.flatnonzero((best == k) & (amount > 0))
            ledger.add(column, amount[idx], idx, "standard", key)


def _standards(
    table: SchoolTable, rules: Rules, ledger: _Ledger, passed: np.ndarray, notes: list[Problem]
) -> tuple[dict[int, dict[tuple[str, str], float]], dict[tuple[str, str], np.ndarray]]:
    """What the standards need (see the module doc): per failing school what it is given,
    and the same per (column, standard) as arrays."""
    needs = _needs(table, rules, ledger.values)
    price = ledger.prices
    at_least = rules.school_pass.rule == "at_least"
    allowed = len(rules.standards) - rules.school_pass.at_least if at_least else 0
    for nd in needs:
        if nd.column is None and nd.failed.any():
            kind = f"plan_unfixable_{nd.why}"
            notes.append(
                Problem(
                    kind,
                    {"standard": nd.standard.name, "schools": int(nd.failed.sum())},
                    severity="note",
                )
            )
    chosen: dict[tuple[str, str], np.ndarray] = {}
    per_school: dict[int, dict[tuple[str, str], float]] = {}
    fixable = [nd for nd in needs if nd.column is not None]
    for i in np.flatnonzero(~passed).tolist():
        give: dict[tuple[str, str], float] = {}
        misses = [nd for nd in fixable if nd.failed[i]]
        stuck = [nd for nd in needs if nd.column is None and nd.failed[i]]
        slots = allowed - len(stuck)
        if slots > 0 and not any(nd.far[i] for nd in stuck):
            saving = sorted(
                misses,
                key=lambda nd: -price(nd.column) * (nd.full[i] - nd.floor[i]),
            )
            floor_only = {id(nd) for nd in saving[:slots]}
        else:
            floor_only = set()
        for nd in misses:
            amount = nd.floor[i] if id(nd) in floor_only else nd.full[i]
            if amount > 0:
                give[(nd.column, nd.standard.key)] = float(amount)
        if give:
            per_school[i] = give
    for i, give in per_school.items():
        for key, amount in give.items():
            chosen.setdefault(key, np.zeros(len(table)))[i] = amount
    return per_school, chosen


def _floored_values(table: SchoolTable, rules: Rules, price):
    """Under "at least m of K": the data with every standard at its floor (every plan
    reaches them), and their cost. None under "all"."""
    if rules.school_pass.rule != "at_least":
        return None
    ledger = _Ledger(table.values, rules, price)
    floors = {
        (nd.column, nd.standard.key): nd.floor
        for nd in _needs(table, rules, table.values)
        if nd.column is not None
    }
    _apply_needs(ledger, floors)
    return ledger.values, ledger.cost
