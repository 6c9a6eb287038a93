"""Rule sets: the YAML files that hold every threshold, indicator and header alias.

``catalog`` finds the built-in files (cheap); ``load`` validates and builds them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["builtin_names", "load_rules", "parse_rules"]


def __getattr__(name: str) -> Any:  # lazy: `balance rules list` needs no rules model
    if name == "builtin_names":
        from balance_cli.rules.catalog import builtin_names

        return builtin_names
    if name in ("load_rules", "parse_rules"):
        from balance_cli.rules import load

        return getattr(load, name)
    raise AttributeError(name)
