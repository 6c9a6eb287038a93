"""The result of ``balance plan``: what to add, where, what it costs, and how close to the
cheapest possible plan it is (a proven lower bound and the gap)."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from balance_cli.errors import Problem
from balance_cli.model.results import Assessment
from balance_cli.model.table import SchoolTable
from balance_cli.record import record


@record
class Addition:
    """Add ``amount`` of ``column`` (rules unit) to school ``index``, for ``reason``."""

    index: int
    column: str
    amount: float
    reason: str  # "standard" | "balance" | "subset"
    because: str  # the standard or indicator key (for "subset": the subset column)


@record(eq=False)
class Plan:
    before: Assessment
    after: Assessment
    table_after: SchoolTable
    additions: tuple[Addition, ...]
    targets: dict[str, dict[str, float]]  # level → indicator (or "composite") → target CV
    notes: tuple[Problem, ...] = field(default_factory=tuple)
    cost: float = 0.0  # Σ price × units added ("subset" lines are part of their hire)
    lower_bound: float | None = 0.0  # no plan that passes costs less (same prices)
    gap: float | None = 0.0  # (cost − lower_bound) / cost; None with no bound
    objective: str = "units"  # "cost" (--prices) | "example_cost" (example table) | "units"
    budget: float | None = None  # 元: the plan is the best within it
    margin: float = 0.0
    prices: dict[str, float] | None = None  # the price table the cost is counted in

    def totals(self) -> dict[str, dict[str, float]]:
        """level → column → amount added."""
        tbl, rules = self.before.schools.table, self.before.rules
        out: dict[str, dict[str, float]] = {}
        for add in self.additions:
            level = rules.levels[tbl.level[add.index]].key
            bucket = out.setdefault(level, {})
            bucket[add.column] = bucket.get(add.column, 0.0) + add.amount
        return out

    def to_dict(self) -> dict[str, Any]:
        """THE JSON shape of ``balance plan`` (stable English keys)."""
        rules, tbl = self.before.rules, self.before.schools.table
        levels = {}
        for key, before in self.before.levels.items():
            after = self.after.levels[key]
            levels[key] = {
                "before": {k: v.cv for k, v in before.indicators.items()}
                | {"composite": before.composite_cv},
                "after": {k: v.cv for k, v in after.indicators.items()}
                | {"composite": after.composite_cv},
                "targets": self.targets.get(key, {}),
                "passed_before": before.passed,
                "passed_after": after.passed,
            }
        keys = [lv.key for lv in rules.levels]
        return {
            "file": self.before.file,
            "rules": rules.id,
            "margin": self.margin,
            "prices": self.prices if self.objective == "cost" else None,
            "objective": self.objective,
            "price_table": self.prices,
            "cost": self.cost,
            "lower_bound": self.lower_bound,
            "gap": self.gap,
            "budget": self.budget,
            "passed_before": self.before.passed,
            "passed_after": self.after.passed,
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
                for a in self.additions
            ],
            "totals": self.totals(),
            "notes": [n.message("en") for n in self.notes],
        }
