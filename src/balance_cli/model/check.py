"""The result of ``balance check``: every problem of every file, like a linter."""

from __future__ import annotations

from typing import Any

from balance_cli.errors import Problem
from balance_cli.record import record


@record
class CheckReport:
    files: tuple[str, ...]
    problems: tuple[Problem, ...]  # errors, warnings and rows left out or merged

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def passed(self) -> bool:
        return self.errors == 0

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "files": list(self.files),
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [p.to_dict(lang) for p in self.problems],
        }
