"""The result of ``balance plan``: what to add, where, and the assessment after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from balance_cli.model.results import Assessment
from balance_cli.model.table import SchoolTable


@dataclass(frozen=True)
class Addition:
    """Add ``amount`` of ``column`` (rules unit) to school ``index``, for ``reason``."""

    index: int
    column: str
    amount: float
    reason: str  # "standard" | "balance" | "subset"
    because: str  # the standard or indicator key (for "subset": the subset column)


@dataclass(frozen=True, eq=False)
class Plan:
    before: Assessment
    after: Assessment
    table_after: SchoolTable
    additions: tuple[Addition, ...]
    targets: dict[str, dict[str, float]]  # level → indicator (or "composite") → target CV
    notes: tuple[str, ...] = field(default_factory=tuple)

    def totals(self) -> dict[str, dict[str, float]]:
        """level → column → amount added."""
        tbl, rules = self.before.schools.table, self.before.rules
        out: dict[str, dict[str, float]] = {}
        for add in self.additions:
            level = rules.levels[tbl.level[add.index]].key
            bucket = out.setdefault(level, {})
            bucket[add.column] = bucket.get(add.column, 0.0) + add.amount
        return out
