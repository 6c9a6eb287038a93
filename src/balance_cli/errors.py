"""Located problems and the one exception family the CLI catches.

A :class:`Problem` says where (file, sheet, Excel row, column), what kind of problem it is
(a stable English ``kind`` that scripts can match) and the parameters of its message. The
message text itself is rendered in the user's language by :mod:`balance_cli.messages`, so
the same problem serves the Chinese table, the English table and JSON.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from balance_cli.record import record


@record
class Problem:
    """One located finding: an error that stops the run or a warning that does not."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "error"

    def message(self, lang: str = "zh") -> str:
        from balance_cli.messages import render_message  # the catalogue, when a text is due

        return render_message(self.kind, self.params, lang)

    def location(self) -> str:
        """``file:sheet:row:column`` with the parts that are known, linter style."""
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)

    def format(self, lang: str = "zh") -> str:
        where = self.location()
        return f"{where}: {self.message(lang)}" if where else self.message(lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message(lang),
            "params": {k: _plain(v) for k, v in self.params.items()},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


class BalanceError(Exception):
    """Base of every error the CLI reports as a message (exit status 2)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(p.format("en") for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled across a forked reader or worker
        return (type(self), (self.problems,))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "type": type(self).__name__,
            "problems": [p.to_dict(lang) for p in self.problems],
        }


class RulesError(BalanceError):
    """The rules file is missing, not YAML, or does not follow the schema."""


class WorkbookError(BalanceError):
    """The survey file cannot be read or its cells are not usable."""


class UsageError(BalanceError):
    """The command line asks for something impossible (e.g. an unknown format)."""


class WriteError(UsageError):
    """An output cannot or may not be written (its problems name the output, not an input)."""
