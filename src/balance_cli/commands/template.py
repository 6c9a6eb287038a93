"""``balance template``: a blank survey workbook for a rule set."""

from __future__ import annotations

from pathlib import Path

from balance_cli.commands import Options
from balance_cli.errors import Problem, UsageError
from balance_cli.exit_codes import Exit


def write_template_file(out: Path, opts: Options, rules_name: str, force: bool = False) -> Exit:
    from balance_cli.messages import label
    from balance_cli.render.xlsx_template import write_template
    from balance_cli.rules import load_rules

    if out.suffix.lower() != ".xlsx":
        raise UsageError(Problem("output_not_xlsx", {"option": "OUT", "file": str(out)}))
    if out.exists() and not force:
        raise UsageError(Problem("file_exists", file=str(out)))
    write_template(out, load_rules(rules_name))
    opts.say(label("template_written", opts.lang, file=str(out)))
    return Exit.PASSED
