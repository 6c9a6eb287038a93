"""``balance plan``: what to add, and where, so that a survey file passes."""

from __future__ import annotations

from pathlib import Path

from balance_cli.commands import Options
from balance_cli.exit_codes import Exit


def plan_file(
    file: Path,
    opts: Options,
    rules_name: str,
    sheets: tuple[str, ...] = (),
    margin: float = 0.0,
    prices: Path | None = None,
    apply_to: Path | None = None,
    force: bool = False,
) -> Exit:
    from balance_cli.core.plan import make_plan
    from balance_cli.render.emit import emit
    from balance_cli.rules import load_rules
    from balance_cli.workbook import load_table

    target = None
    if apply_to is not None:  # refused before any work, not after the plan is printed
        from balance_cli.render.apply import check_copy_target
        from balance_cli.render.safe_write import run_inputs

        target = check_copy_target(file, apply_to, run_inputs(file, rules_name, prices), force)
    rules = load_rules(rules_name)
    price_map = None
    if prices is not None:
        from balance_cli.workbook.prices import load_prices

        price_map = load_prices(prices, rules)
    table = load_table(file, rules, sheets)
    result = make_plan(table, rules, margin=margin, prices=price_map)
    emit(result, opts, margin=margin, prices=price_map)
    if apply_to is not None:
        from balance_cli.messages import label
        from balance_cli.render.apply import write_applied

        for note in write_applied(result, file, target):  # e.g. formulas now out of date
            opts.say(label("severity_warning", opts.lang) + note.format(opts.lang))
        opts.say(label("applied_written", opts.lang, file=str(apply_to)))
    return Exit.of(result.after.passed)
