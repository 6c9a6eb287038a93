"""Where the built-in rule sets are, and their titles, without building them.

Kept apart from :mod:`balance_cli.rules.load` so that ``balance rules list`` reads the
titles from the rules cache (or, on a miss, the YAML files through
:mod:`balance_cli.rules.safe_yaml`) and builds nothing.
"""

from __future__ import annotations

import os

from balance_cli import paths

DEFAULT_RULES = "henan-199"


def builtin_dir() -> str:
    """Where the built-in rule sets are: inside the installed wheel, else the repo's rules/.

    Text, not a pathlib.Path: a run with a warm rules cache imports no pathlib."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(here, "builtin_rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "rules")


def builtin_file(name: str) -> str:
    """The YAML file of the built-in rule set ``name`` (which may not exist)."""
    return os.path.join(builtin_dir(), f"{name}.yaml")


def builtin_names() -> list[str]:
    """The built-in rule sets, sorted: the ``*.yaml`` files of :func:`builtin_dir` (no
    glob: its pattern costs more to compile than the folder takes to list)."""
    names = os.listdir(builtin_dir())
    return sorted(n[:-5] for n in names if n.endswith(".yaml") and not n.startswith("."))


def builtin_titles(lang: str = "zh") -> list[tuple[str, str]]:
    """(name, title) of every built-in rule set: from the rules cache when it holds the
    set (no YAML imported or parsed), else from its YAML file."""
    from balance_cli.rules import cache

    out = []
    for name in builtin_names():
        data = cache.load(name)
        if not isinstance(data, dict):
            from balance_cli.rules.safe_yaml import safe_load

            with open(builtin_file(name), encoding="utf-8") as fh:
                data = safe_load(fh.read())
        title = data.get("name_en" if lang == "en" else "name") or data.get("name", "")
        out.append((name, title))
    return out


def is_builtin(name: str) -> bool:
    """A built-in rule set's name (not a path), e.g. ``henan-199``."""
    return "/" not in name and "\\" not in name and paths.is_file(builtin_file(name))
