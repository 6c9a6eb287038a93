"""Drift checks: every command has help text and is documented in the README."""

from __future__ import annotations

import click
import pytest

from balance_cli.cli import cli
from support import ROOT, balance

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out += commands(command, f"{full} ")
    return out


@pytest.mark.parametrize(("name", "command"), commands(cli), ids=lambda x: str(x))
def test_every_command_has_help_and_is_in_the_readme(name, command):
    assert command.help and len(command.help) > 20
    result = balance(*name.split(), "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout
    assert f"balance {name}" in README or f"`{name.split()[-1]}" in README


def test_readme_documents_every_assess_option():
    assess = cli.commands["assess"]
    for param in assess.params:
        if isinstance(param, click.Option):
            assert any(opt in README for opt in param.opts), param.opts
