"""``balance template``: a blank survey workbook for a rule set."""

from __future__ import annotations

from pathlib import Path

from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit


def write_template_file(out: Path, opts: Options, rules_name: str, force: bool = False) -> Exit:
    from balance_cli.messages import label
    from balance_cli.render.safe_write import check_kind, check_target, run_inputs
    from balance_cli.render.xlsx_template import write_template
    from balance_cli.rules import load_rules

    check_kind(out)  # a folder or a device is said as such, before its extension
    if out.suffix.lower() != ".xlsx":
        raise UsageError(Problem("output_not_xlsx", {"option": "OUT", "file": str(out)}))
    # the write rule: a template may hold survey data, so replacing one needs --force
    target = check_target(out, inputs=run_inputs(rules_name), suffixes=(".xlsx",), force=force)
    write_template(target, load_rules(rules_name))
    opts.say(label("template_written", opts.lang, file=str(out)))
    return Exit.PASSED
