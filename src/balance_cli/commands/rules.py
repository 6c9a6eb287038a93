"""``balance rules list|show|check``: the rule sets."""

from __future__ import annotations

from balance_cli.commands import Options
from balance_cli.exit_codes import Exit


def list_rules(opts: Options) -> Exit:
    from balance_cli.rules.catalog import builtin_titles

    for name, title in builtin_titles(opts.lang):
        opts.out.write(f"{name}\t{title}\n")
    return Exit.PASSED


def show_rules(name: str, opts: Options) -> Exit:
    from balance_cli.render.layout import terminal_width
    from balance_cli.render.rules_text import describe_rules
    from balance_cli.rules import load_rules

    text = describe_rules(load_rules(name), opts.lang, terminal_width(opts.out))
    opts.out.write(text + "\n")
    return Exit.PASSED


def check_rules(file: str, opts: Options) -> Exit:
    from balance_cli.messages import label
    from balance_cli.rules import load_rules

    rules = load_rules(file)
    opts.out.write(label("rules_valid", opts.lang, file=file, id=rules.id) + "\n")
    return Exit.PASSED
