"""Typed table cells: a value, its kind and its unit, kept until the last moment.

Every table shown to people (terminal, markdown, plain text, the xlsx report) is a
:class:`Table` of :class:`Cell`\\ s built from a result object. A renderer decides the
layout; :func:`text` turns one cell into the text shown, with ONE precision per unit
(:data:`DECIMALS`), the same in every renderer. A spreadsheet writer takes ``cell.value``
(a number stays a number) and :func:`decimals` for its number format.

Pure data and string formatting: no rich, no tabulate, no numpy.
"""

from __future__ import annotations

import numbers
from dataclasses import field
from enum import Enum
from typing import Any

from balance_cli.record import record


class Kind(str, Enum):
    TEXT = "text"  # words that may wrap (reasons, notes)
    LABEL = "label"  # a row label, with an optional unit that is never split from it
    NAME = "name"  # a school's name: shortened with an ellipsis when tight
    FILE = "file"  # a file's path: shortened from the left when tight
    CODE = "code"  # an identifier: never split, never shortened
    CV = "cv"  # a difference coefficient (None: undefined)
    DELTA = "delta"  # a signed change of a CV
    VALUE = "value"  # a measured value in its unit (a mean, a school's value, a gap)
    AMOUNT = "amount"  # a quantity to add in its unit (whole units when countable)
    COUNT = "count"  # a number of schools, students …: a whole number
    PERCENT = "percent"  # a fraction shown as a percentage (0.25 → 25.0%)
    CHANGE = "change"  # a signed relative change shown as a percentage
    LIMIT = "limit"  # a threshold as the rules state it, with its operator (≤, ≥)
    VERDICT = "verdict"  # True passed, False failed, None: not applicable


# The one table of precisions: decimals shown for a value in each unit. Ratios of
# teachers keep 4 decimals (a standard such as ≥ 0.9 per 100 students is decided in the
# third decimal); areas, books, computers and rooms 2; money whole yuan.
DECIMALS: dict[str | None, int] = {
    "m²": 2,
    "元": 0,
    "万元": 2,
    "台": 2,
    "册": 2,
    "间": 2,
    "人/生": 4,
    "人": 4,
    "人/班": 1,
    "个": 0,
    "分": 1,
    "%": 1,
    None: 2,
}
CV_DECIMALS = 3
PERCENT_DECIMALS = 1  # PERCENT and CHANGE cells, like the unit "%"


def decimals(kind: Kind, unit: str | None = None, countable: bool = False) -> int:
    """How many decimals a number of ``kind`` in ``unit`` shows, everywhere."""
    if kind in (Kind.CV, Kind.DELTA):
        return CV_DECIMALS
    if kind is Kind.COUNT or (kind is Kind.AMOUNT and countable):
        return 0
    if kind in (Kind.PERCENT, Kind.CHANGE):
        return PERCENT_DECIMALS
    return DECIMALS.get(unit, DECIMALS[None])


def fixed(x: float, places: int, sign: bool = False) -> str:
    """``x`` with ``places`` decimals and thousands separators (−0 shown as 0)."""
    text = f"{x:{'+' if sign else ''},.{places}f}"
    if float(text.replace(",", "")) == 0:  # no "-0.000" nor "+0.000": nothing changed
        text = text.replace("-", "").replace("+", "")
    return text


def excel_format(kind: Kind, unit: str | None = None, countable: bool = False) -> str:
    """The spreadsheet number format that shows a cell as the text renderers do."""
    places = decimals(kind, unit, countable)
    if kind in (Kind.PERCENT, Kind.CHANGE):
        return "0." + "0" * places + "%" if places else "0%"
    if kind in (Kind.CV, Kind.DELTA):
        return "0." + "0" * places
    return "#,##0" + ("." + "0" * places if places else "")


def rounded(x: float, kind: Kind, unit: str | None = None, countable: bool = False) -> float:
    """The value as shown (rounded to its precision): a shown difference is computed
    from shown values, so that 0.213 → 0.210 reads −0.003."""
    return round(x, decimals(kind, unit, countable))


@record
class Cell:
    """One table cell. ``value`` is a number, a string, a bool (verdicts) or None (blank).

    ``op`` is the operator of a LIMIT or a target ("≤" or "≥"); ``mark`` flags a value that misses
    its standard (shown with ✘); ``countable`` makes an AMOUNT whole units.
    """

    value: Any
    kind: Kind = Kind.TEXT
    unit: str | None = None
    op: str = ""
    mark: bool = False
    countable: bool = False

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, (int, float)) and not isinstance(self.value, bool)


@record
class Column:
    """A column: its header label and unit (the unit is shown after the label, whole).

    ``key``: a key column (school, file …), repeated when a wide table is split.
    """

    label: str
    unit: str | None = None
    kind: Kind = Kind.TEXT
    key: bool = False


@record
class Table:
    """A titled table: what every renderer lays out. ``status`` per row: True passed,
    False failed, None neutral (a colour in the terminal)."""

    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    status: list[bool | None] = field(default_factory=list)
    lang: str = "zh"  # the language of the labels, and of the words cells turn into

    def __post_init__(self) -> None:
        if not self.status:
            self.status.extend([None] * len(self.rows))


def text(cell: Cell, lang: str = "zh") -> str:
    """The text of ``cell`` as people read it (units are in the header, not repeated)."""
    from balance_cli.messages import label

    v, kind = cell.value, cell.kind
    if v is None or v == "":
        if kind is Kind.CV and v is None:
            return label("undefined", lang)
        return "—" if kind is Kind.VERDICT and v is None else ""
    mark = " ✘" if cell.mark else ""
    if kind is Kind.VERDICT:
        return label("passed" if v else "failed", lang)
    if kind is Kind.FILE:
        return str(v)
    if kind is Kind.LABEL:
        unit = unit_label(cell.unit, lang)
        return f"{v}({unit})" if unit and lang != "en" else f"{v} ({unit})" if unit else str(v)
    if not cell.numeric:
        return str(v) + mark
    x = float(v)
    if kind is Kind.LIMIT:
        unit = unit_label(cell.unit, lang)
        return f"{cell.op} {x:g} {unit}".strip()
    places = decimals(kind, cell.unit, cell.countable)
    op = f"{cell.op} " if cell.op else ""
    if kind in (Kind.PERCENT, Kind.CHANGE):
        return op + fixed(100 * x, places, sign=kind is Kind.CHANGE) + "%" + mark
    return op + fixed(x, places, sign=kind is Kind.DELTA) + mark


def unit_label(unit: str | None, lang: str) -> str:
    from balance_cli.messages import unit_label as shown

    return shown(unit, lang)


def header(column: Column, lang: str) -> tuple[str, str]:
    """(label, unit part) of a header: the unit part, e.g. "(m²)", is never split."""
    unit = unit_label(column.unit, lang)
    if not unit:
        return column.label, ""
    return column.label, f" ({unit})" if lang == "en" else f"({unit})"


def csv_value(v: Any) -> Any:
    """A cell of a CSV file: numbers as numbers (full precision), booleans true/false, and
    text made safe for spreadsheets: text that starts with = + - @, a tab or a carriage
    return gets a leading apostrophe (the OWASP convention against formula injection), so
    a spreadsheet shows it as text instead of running it. Negative numbers stay numbers.
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        return repr(float(v))
    return formula_safe(str(v))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(s: str) -> str:
    """Text that no spreadsheet takes for a formula: an apostrophe before a leading
    = + - @, tab or carriage return (OWASP, "CSV injection")."""
    return "'" + s if s.startswith(FORMULA_STARTS) else s
