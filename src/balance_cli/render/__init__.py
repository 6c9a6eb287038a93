"""Output: renderers (rich, tabulate, JSON/CSV) and writers (xlsx report, template, copies).

Only this package uses rich, tabulate and openpyxl; it imports results from ``model``,
never from ``core``. :func:`balance_cli.render.emit.emit` is the one way out for results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from balance_cli.render.formats import Format

if TYPE_CHECKING:
    from balance_cli.model import Assessment

__all__ = ["Format", "render"]


def render(
    assessment: Assessment, fmt: Format, lang: str, out: TextIO, schools: bool | None = None
) -> None:
    """Write ``assessment`` to ``out`` in ``fmt`` (labels in ``lang``; JSON/CSV keys English).

    ``schools``: show the per-school table in table formats (default: when the rules pass
    a school on "at least k of n" standards, where the table is the point); with csv, when
    asked for (``--schools``), one row per school instead of one per indicator.
    """
    if fmt is Format.CSV and schools:  # asked for: one row per school instead
        from balance_cli.render.schools_csv import render_schools_csv

        render_schools_csv(assessment, out)
        return
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
