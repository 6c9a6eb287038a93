"""The result of one file of a batch: its exit code and its summary, JSON or error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balance_cli.errors import Problem


@dataclass(frozen=True)
class Outcome:
    file: str
    exit_code: int  # 0 passed, 1 failed, 2 could not be assessed
    summary: dict[str, Any] | None = None
    json: str | None = None  # the single-file JSON object, compact
    problems: tuple[Problem, ...] = ()
    warnings: int = 0
