"""The result of one file of a batch: its exit code and its summary, JSON or error."""

from __future__ import annotations

from typing import Any

from balance_cli.errors import Problem
from balance_cli.record import record


@record
class Outcome:
    file: str
    exit_code: int  # 0 passed, 1 failed, 2 could not be assessed
    summary: dict[str, Any] | None = None
    json: str | None = None  # the single-file JSON object, compact
    problems: tuple[Problem, ...] = ()
    warnings: int = 0


@record
class BatchSummary:
    """The outcomes of a batch, in input order (for the summary table and CSV)."""

    rules: Any  # model.Rules
    outcomes: tuple[Outcome, ...]

    @property
    def exit_code(self) -> int:
        """The worst of all files: 2 > 1 > 0."""
        return max((o.exit_code for o in self.outcomes), default=0)
