"""Where the built-in rule sets are, and their titles, without building them.

Kept apart from :mod:`balance_cli.rules.load` so that ``balance rules list`` reads a few
YAML headers and imports nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

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


# Nodes after alias expansion and nesting depth a YAML file of this package may have. A
# rules file has a few thousand nodes; "billion laughs" (aliases of aliases) has billions,
# and ``yaml.safe_load`` builds it (shared, so small) only for every later walk over it
# (merging, validation, JSON) to take forever.
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64


class YAMLTooBig(yaml.YAMLError):
    """The document expands (through aliases) or nests beyond the budget."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason  # "nodes", "depth" or "cycle"


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` (libyaml's C loader when present) with a budget on the document.

    The document is composed first (aliases stay references), its expanded size counted,
    and only then constructed; a document past :data:`MAX_YAML_NODES` expanded nodes or
    :data:`MAX_YAML_DEPTH` levels, or with a recursive alias, raises :class:`YAMLTooBig`.
    """
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)  # a safe loader, never yaml.Loader
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Expanded size of every node (memoised: linear in the composed graph), iteratively."""
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            size[key] = total
            if total > MAX_YAML_NODES:
                raise YAMLTooBig(node.start_mark.line + 1, "nodes")
            continue
        if key in size:
            continue
        if key in on_path:
            raise YAMLTooBig(node.start_mark.line + 1, "cycle")
        if depth > MAX_YAML_DEPTH:
            raise YAMLTooBig(node.start_mark.line + 1, "depth")
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in on_path:
                raise YAMLTooBig(child.start_mark.line + 1, "cycle")
            if id(child) not in size:
                stack.append((child, depth + 1, False))


def builtin_titles(lang: str = "zh") -> list[tuple[str, str]]:
    """(name, title) of every built-in rule set."""
    out = []
    for name in builtin_names():
        data = safe_load((builtin_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
        title = data.get("name_en" if lang == "en" else "name") or data.get("name", "")
        out.append((name, title))
    return out
