"""The message catalogue: one stable ``kind`` → a Chinese and an English template.

Templates use ``str.format`` fields filled from a problem's params; Chinese by default,
English with ``--lang en``. The catalogue's parts live in this package, one job each —
general problems, reading, writing, the per-school standards, the 2017 items, the plan,
and the labels and units of tables — and are merged here: one place to look up, one test.
"""

from __future__ import annotations

from typing import Any

from balance_cli.messages.labels import GENERAL_LABELS, UNITS
from balance_cli.messages.plan import PLAN_LABELS, PLAN_MESSAGES
from balance_cli.messages.problems import GENERAL_MESSAGES
from balance_cli.messages.quality import QUALITY_LABELS, QUALITY_MESSAGES
from balance_cli.messages.read import READ_MESSAGES, with_labels
from balance_cli.messages.standards import STANDARD_LABELS, STANDARD_MESSAGES, STANDARD_UNITS
from balance_cli.messages.write import WRITE_MESSAGES

__all__ = ["LABELS", "MESSAGES", "UNITS", "label", "render_message", "unit_label"]

MESSAGES: dict[str, tuple[str, str]] = (
    GENERAL_MESSAGES
    | STANDARD_MESSAGES
    | WRITE_MESSAGES
    | QUALITY_MESSAGES
    | READ_MESSAGES
    | PLAN_MESSAGES
)
# Labels of tables and verdicts (not problems): key → (Chinese, English).
LABELS: dict[str, tuple[str, str]] = GENERAL_LABELS | QUALITY_LABELS | STANDARD_LABELS | PLAN_LABELS


class _English(dict):
    """Params whose English form ("level_en") falls back to the plain one when absent."""

    def __missing__(self, key: str) -> Any:
        if key.endswith("_en") and key[:-3] in self:
            return self[key[:-3]]
        raise KeyError(key)


def render_message(kind: str, params: dict[str, Any], lang: str = "zh") -> str:
    """The message of ``kind`` in ``lang`` ("zh" or "en"), its fields filled from params."""
    templates = MESSAGES.get(kind)
    if templates is None:
        return f"{kind}: {params}"
    template = templates[1] if lang == "en" else templates[0]
    params = with_labels(params, lang)  # "detail_label": "unreadable_word" → "detail"
    try:
        return template.format_map(_English(params))
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"


def unit_label(unit: str | None, lang: str = "zh") -> str:
    """A unit in ``lang``: "" when there is none to show."""
    if not unit:
        return ""
    zh, en = UNITS.get(unit) or STANDARD_UNITS.get(unit, (unit, unit))
    return en if lang == "en" else zh


report_unit = unit_label  # the report's name for it


def label(key: str, lang: str = "zh", **params: Any) -> str:
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text
