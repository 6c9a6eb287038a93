"""Where the built-in rule sets are, and their titles, without building them.

Kept apart from :mod:`balance_cli.rules.load` so that ``balance rules list`` reads the
titles from the rules cache (or, on a miss, the YAML files through
:mod:`balance_cli.rules.safe_yaml`) and builds nothing.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_RULES = "henan-199"


def builtin_dir() -> Path:
    """Where the built-in rule sets are: inside the installed wheel, else the repo's rules/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "builtin_rules"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "rules"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


def builtin_titles(lang: str = "zh") -> list[tuple[str, str]]:
    """(name, title) of every built-in rule set: from the rules cache when it holds the
    set (no YAML imported or parsed), else from its YAML file."""
    from balance_cli.rules import cache

    out = []
    for name in builtin_names():
        data = cache.load(name)
        if not isinstance(data, dict):
            from balance_cli.rules.safe_yaml import safe_load

            data = safe_load((builtin_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
        title = data.get("name_en" if lang == "en" else "name") or data.get("name", "")
        out.append((name, title))
    return out


def is_builtin(name: str) -> bool:
    """A built-in rule set's name (not a path), e.g. ``henan-199``."""
    return "/" not in name and "\\" not in name and (builtin_dir() / f"{name}.yaml").is_file()
