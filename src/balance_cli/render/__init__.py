"""Output formats: one Enum, one renderer each. Only renderers use rich and tabulate."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from balance_cli.model import Assessment


class Format(str, Enum):
    TABLE = "table"
    MARKDOWN = "markdown"
    PLAIN = "plain"
    CSV = "csv"
    JSON = "json"


def render(
    assessment: Assessment, fmt: Format, lang: str, out: TextIO, schools: bool | None = None
) -> None:
    """Write ``assessment`` to ``out`` in ``fmt`` (labels in ``lang``; JSON/CSV keys English).

    ``schools``: show the per-school table in table formats (default: when the rules pass
    a school on "at least k of n" standards, where the table is the point).
    """
    if schools is None:
        schools = assessment.rules.school_pass.rule == "at_least"
    if fmt is Format.TABLE:
        from balance_cli.render.rich_table import render_rich

        render_rich(assessment, lang, out, schools)
    elif fmt in (Format.MARKDOWN, Format.PLAIN):
        from balance_cli.render.text import render_text

        render_text(assessment, lang, out, markdown=fmt is Format.MARKDOWN, schools=schools)
    elif fmt is Format.CSV:
        from balance_cli.render.machine import render_csv

        render_csv(assessment, out)
    else:
        from balance_cli.render.machine import render_json

        render_json(assessment, lang, out)
