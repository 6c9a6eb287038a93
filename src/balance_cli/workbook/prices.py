"""Unit prices for ``balance plan``: a ``--prices FILE`` or the example table.

A prices file is a YAML mapping from a column (its key, canonical name or alias) to the
cost of one unit in 元, e.g. ``books: 30`` or ``计算机台数: 4500`` (or the same mapping
under a ``prices:`` key, as in the example table). The example table ships in
``rules/prices/example.yaml``: example figures, not sourced, used when no file is given
and for the columns a file leaves out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from balance_cli.errors import Problem, UsageError, WorkbookError
from balance_cli.model import Rules
from balance_cli.workbook.headers import alias_table, normalise

EXAMPLE = Path("prices") / "example.yaml"


def example_prices_path() -> Path:
    from balance_cli.rules.catalog import builtin_dir

    return Path(builtin_dir()) / EXAMPLE


def _read(path: Path) -> Any:
    import yaml

    from balance_cli.rules.safe_yaml import safe_load
    from balance_cli.workbook.sniff import unreadable

    file = str(path)
    try:
        if not path.is_file():
            raise WorkbookError(Problem("file_not_found", file=file))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:  # a name too long, a file that may not be read…
        error = exc.strerror or type(exc).__name__
        raise WorkbookError(unreadable(file, "unreadable_os", error=error)) from None
    try:
        data = safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(
            Problem("prices_invalid", {"item": file, "detail": str(exc)[:200]}, file=file)
        ) from None
    if isinstance(data, dict) and isinstance(data.get("prices"), dict):
        data = data["prices"]
    if not isinstance(data, dict):
        raise UsageError(
            Problem("prices_invalid", {"item": file, "detail": "expected a mapping"}, file=file)
        )
    return data


def load_prices(path: Path, rules: Rules, strict: bool = True) -> dict[str, float]:
    """column key → 元 per unit. ``strict``: a column unknown to ``rules`` is an error
    (the example table names every column of every built-in rule set: not strict)."""
    file = str(path)
    data = _read(path)
    aliases = alias_table(rules)
    prices: dict[str, float] = {}
    problems = []
    for name, price in data.items():
        key = aliases.get(normalise(name))
        if key is None and not strict:
            continue
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


def example_prices(rules: Rules) -> dict[str, float]:
    """The example price table (not real prices), for the columns ``rules`` knows."""
    return load_prices(example_prices_path(), rules, strict=False)


def plan_columns(rules: Rules) -> list[str]:
    """The columns a plan may add to: indicator columns and the fixable side of standards."""
    cols = [i.column for i in rules.indicators]
    for st in rules.standards:
        den = getattr(st, "denominator", None)
        col = st.numerator if st.min else den
        if col is not None and col != "students":
            cols.append(col)
    return list(dict.fromkeys(cols))
