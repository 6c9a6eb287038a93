"""``balance diff``: compare two survey years of one county."""

from __future__ import annotations

from pathlib import Path

from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit


def diff_files(
    old: Path,
    new: Path,
    opts: Options,
    rules_name: str,
    old_rules_name: str | None = None,
    sheets: tuple[str, ...] = (),
) -> Exit:
    from balance_cli.core.assess import assess
    from balance_cli.core.diff import diff
    from balance_cli.render.emit import emit
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    new_rules = load_rules(rules_name)
    old_rules = load_rules(old_rules_name) if old_rules_name else new_rules
    if old_rules.id != new_rules.id:
        raise UsageError(Problem("rules_differ", {"old": old_rules.id, "new": new_rules.id}))
    before = assess(load_table(old, old_rules, sheets), old_rules)
    after = assess(load_table(new, new_rules, sheets), new_rules)
    emit(diff(before, after), opts)
    return Exit.of(after.passed)
