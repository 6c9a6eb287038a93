"""YAML read safely: a safe loader with a budget on what the document expands to."""

from __future__ import annotations

from typing import Any

import yaml

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
