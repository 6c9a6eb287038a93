"""Unit prices for a cost-minimising plan (``plan --prices FILE``).

A YAML mapping from a column (its key, canonical name or alias) to the cost of one unit
in 元, e.g. ``books: 30`` or ``计算机台数: 4500``. Only the columns a plan may add to
matter; a column without a price costs 1 per unit.
"""

from __future__ import annotations

from pathlib import Path

from balance_cli.errors import Problem, UsageError, WorkbookError
from balance_cli.model import Rules
from balance_cli.workbook.headers import alias_table, normalise


def load_prices(path: Path, rules: Rules) -> dict[str, float]:
    import yaml

    from balance_cli.rules.safe_yaml import safe_load

    file = str(path)
    if not path.is_file():
        raise WorkbookError(Problem("file_not_found", file=file))
    try:
        data = safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(
            Problem("prices_invalid", {"item": file, "detail": str(exc)[:200]}, file=file)
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            Problem("prices_invalid", {"item": file, "detail": "expected a mapping"}, file=file)
        )
    aliases = alias_table(rules)
    prices: dict[str, float] = {}
    problems = []
    for name, price in data.items():
        key = aliases.get(normalise(name))
        if (
            key is None
            or isinstance(price, bool)
            or not isinstance(price, (int, float))
            or price <= 0
        ):
            detail = "unknown column" if key is None else "expected a number > 0"
            problems.append(
                Problem("prices_invalid", {"item": str(name), "detail": detail}, file=file)
            )
            continue
        prices[key] = float(price)
    if problems:
        raise UsageError(problems)
    return prices
