"""The architecture, checked: layers import only downwards; modules stay small.

Layers, bottom up: messages/errors/exit_codes/helptext → model → rules, workbook, core →
render → batch → commands → cli. core is pure (no click, rich, tabulate, openpyxl, I/O
libraries); render imports results from model, never from core; only cli imports click.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "balance_cli"

LAYER = {
    "messages": 0,
    "errors": 0,
    "exit_codes": 0,
    "paths": 0,
    "record": 0,
    "helptext": 0,
    "model": 1,
    "rules": 2,
    "workbook": 2,
    "core": 2,
    "render": 3,
    "batch": 4,
    "commands": 5,
    "cli": 6,
    "cli_help": 6,
    "__main__": 7,
    "__init__": 7,
}
# Beside the layer order, what each layer may not import at all.
FORBIDDEN = {
    "core": {"click", "rich", "tabulate", "openpyxl", "python_calamine", "pandas", "yaml"},
    "model": {"click", "rich", "tabulate", "openpyxl"},
    "workbook": {"click", "rich", "tabulate"},
    "rules": {"click", "rich", "tabulate"},
    "render": {"click"},
    "commands": {"click"},
    "cli_help": set(),
    "batch": {"click"},
}
# Layers at the same level that must not import each other.
SIBLINGS_APART = {("core", "workbook"), ("core", "rules"), ("workbook", "core")}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_go_down_only(path):
    here = layer_of(path)
    for name in imports(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN.get(here, set()), f"{here} imports {name}"
        if top != "balance_cli" or name == "balance_cli":
            continue
        there = name.split(".")[1]
        if there == "__init__" or here == there:
            continue
        assert LAYER[there] <= LAYER[here], f"{path.name} ({here}) imports upward: {name}"
        assert (here, there) not in SIBLINGS_APART, f"{here} imports its sibling {there}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{path.name}: {lines} lines; split it by job"


def test_the_layer_table_covers_every_module():
    assert {layer_of(p) for p in modules()} <= set(LAYER)
