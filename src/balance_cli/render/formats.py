"""The output formats: one Enum for every command. Each command offers a subset."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    TABLE = "table"  # rich tables for a terminal
    MARKDOWN = "markdown"
    PLAIN = "plain"  # tabulate, or one problem per line for `check`
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"  # one JSON object per line (a batch, or one file as one line)

    def __str__(self) -> str:
        return self.value

    @property
    def is_machine(self) -> bool:
        """Stable English keys, full precision: for scripts."""
        return self in (Format.CSV, Format.JSON, Format.JSONL)

    @property
    def is_json(self) -> bool:
        return self in (Format.JSON, Format.JSONL)


# The formats each command offers (the first is the default).
TABLES = (Format.TABLE, Format.MARKDOWN, Format.PLAIN, Format.CSV, Format.JSON)
ASSESS = (*TABLES, Format.JSONL)
CHECK = (Format.PLAIN, Format.JSON, Format.JSONL)
