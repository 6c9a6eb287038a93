"""Shared fixtures. Paths, ``make_table`` and the one way to run the command live in
``support.py`` (importing it also gives the session its own rules cache)."""

from __future__ import annotations

import pytest

import support  # noqa: F401  (the session's BALANCE_CACHE_DIR, before any rules load)
from balance_cli.model import Rules
from balance_cli.rules import load_rules


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules("henan-199")
