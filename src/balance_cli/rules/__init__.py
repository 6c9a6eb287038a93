"""Rule sets: the YAML files that hold every threshold, indicator and header alias."""

from balance_cli.rules.load import builtin_names, load_rules, parse_rules

__all__ = ["builtin_names", "load_rules", "parse_rules"]
