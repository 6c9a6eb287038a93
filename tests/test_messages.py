"""Every message kind and label used in the code has a Chinese and an English text."""

from __future__ import annotations

import re
from pathlib import Path

from balance_cli.messages import LABELS, MESSAGES

SRC = Path(__file__).resolve().parent.parent / "src" / "balance_cli"


def used(pattern: str) -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_problem_kind_has_both_languages():
    kinds = used(r'Problem\(\s*"([a-z_]+)"') | used(r'Exclusion\(\s*"([a-z_]+)"')
    assert kinds, "the pattern must find the kinds in use"
    assert kinds <= set(MESSAGES), kinds - set(MESSAGES)
    for zh, en in MESSAGES.values():
        assert zh and en and zh != en


def test_every_label_used_exists():
    keys = used(r'label\(\s*"([a-z_]+)"')
    assert keys, "the pattern must find the labels in use"
    assert keys <= set(LABELS), keys - set(LABELS)
