"""The rules as typed data: levels, columns, indicators, standards, tests and scope.

Built by :mod:`balance_cli.rules.load` from the YAML rule sets; read by every layer.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from balance_cli.record import record

if TYPE_CHECKING:
    from balance_cli.model.quality import Quality

# The 2017 high-quality section has types of its own (model/quality.py), created
# only when a rule set has that section: still importable from here by name.
_QUALITY_NAMES = (
    "CountyInput",
    "SchoolFilter",
    "RoomSpec",
    "QualityItem",
    "QualityPart",
    "Quality",
)


def __getattr__(name: str) -> Any:
    if name in _QUALITY_NAMES:
        from balance_cli.model import quality

        return getattr(quality, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@record
class Level:
    """A school level (小学, 初中): its key, names and the aliases a workbook uses."""

    key: str
    name: str
    name_en: str
    aliases: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@record
class Column:
    """A workbook column: key, names, type, unit and the header aliases it is found by."""

    key: str
    name: str
    name_en: str
    type: str  # "text" | "level" | "number"
    unit: str | None
    aliases: tuple[str, ...]
    help: str = ""  # what the column holds and where it comes from (template 说明 sheet)
    countable: bool = False  # whole units (books, computers, teachers): plans round up
    subset_of: str | None = None  # e.g. qualified teachers are also 专任教师 (teachers)
    merge: str = "sum"  # a teaching point into its school: "sum", or "max" (largest class)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@record
class Indicator:
    """An indicator whose CV is tested: ``scale × column / students`` per school."""

    key: str
    name: str
    name_en: str
    column: str
    scale: float
    unit: str
    plausible_min: float | None = None
    plausible_max: float | None = None

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@record
class Standard:
    """A per-school threshold on ``scale × numerator / denominator``.

    ``denominator`` None: the value is ``scale × numerator`` (an absolute figure, e.g. a
    track length). ``only_if_positive``: the standard applies only to schools whose column
    is > 0 (e.g. boarders); the others are not checked and not warned about. ``basis`` names
    how the value is measured (e.g. ``largest_class``); ``fallback`` holds other measures of
    the same threshold, used in order when the workbook lacks this one's columns (e.g. the
    average class, students / classes, when there is no 最大班额 column).
    """

    key: str
    name: str
    name_en: str
    numerator: str
    denominator: str | None
    scale: float
    unit: str
    min: dict[str, float]
    max: dict[str, float]
    source: str
    only_if_positive: str | None = None
    basis: str | None = None
    fallback: tuple[Standard, ...] = ()

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    @property
    def bound(self) -> str:
        """ "min" (the value must reach the limit) or "max" (must not exceed it)."""
        return "min" if self.min else "max"

    @property
    def columns(self) -> tuple[str, ...]:
        """The workbook columns this measure needs."""
        keys = (self.numerator, self.denominator, self.only_if_positive)
        return tuple(dict.fromkeys(k for k in keys if k is not None))

    def for_columns(self, present: Collection[str]) -> Standard | None:
        """The first measure (this one, then each fallback) whose columns are all present;
        None when the workbook has the columns of none (the standard is not checked)."""
        for measure in (self, *self.fallback):
            if all(c in present for c in measure.columns):
                return measure
        return None

    def missing(self, present: Collection[str]) -> tuple[str, ...]:
        """The columns of the main measure that are not present."""
        return tuple(c for c in self.columns if c not in present)


class BalanceKind(str, Enum):
    """How the CVs of a level are tested (a str, so ``== "each"`` keeps working)."""

    COMPOSITE = "composite"  # the mean of the CVs ≤ the limit (basic balance, 2012)
    EACH = "each"  # every CV ≤ the limit (high-quality balance, 2017)

    def __str__(self) -> str:  # in f-strings and labels, the plain key
        return self.value

    def __format__(self, spec: str) -> str:
        return self.value.__format__(spec)


@record
class BalanceTest:
    """How the CVs of a level pass: their mean (composite) or each one, per limit."""

    test: BalanceKind
    limits: dict[str, float]
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", BalanceKind(self.test))

    @property
    def each(self) -> bool:
        return self.test is BalanceKind.EACH


@record
class InputCriterion:
    """A criterion that is an input of the assessment (expert score, survey result)."""

    key: str
    name: str
    name_en: str
    min: float
    unit: str
    source: str
    aliases: tuple[str, ...] = ()  # labels accepted in a 县情 sheet

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@record
class SchoolPass:
    """When a school meets the standards: all of them, or at least ``at_least`` of them
    with each missed one at ``others_min_fraction`` of its limit or better."""

    rule: str = "all"  # "all" | "at_least"
    at_least: int = 0
    others_min_fraction: float = 1.0
    source: str = ""


@record
class ScopeRule:
    """Schools whose ``column`` holds one of ``values`` are left out of some computations."""

    key: str
    name: str
    name_en: str
    column: str
    values: tuple[str, ...]
    left_out_of: tuple[str, ...]  # "standards" and/or "balance"
    source: str
    students_below: float | None = None  # only schools with fewer students (e.g. 50)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@record
class TeachingPoints:
    """How teaching points (教学点) are handled: merged into their parent school or left out."""

    column: str
    values: tuple[str, ...]
    action: str  # "merge" | "exclude"
    parent: str  # the column naming the parent school (code or name)
    source: str


@record
class Scope:
    """Which rows count: teaching points merged or left out, and exclusion rules."""

    teaching_points: TeachingPoints | None = None
    exclude: tuple[ScopeRule, ...] = ()


@record
class Rules:
    """A whole rule set, as built from its YAML (``extends`` merged)."""

    id: str
    name: str
    name_en: str
    source: str
    levels: tuple[Level, ...]
    columns: tuple[Column, ...]
    indicators: tuple[Indicator, ...]
    balance: BalanceTest
    standards: tuple[Standard, ...]
    criteria: tuple[InputCriterion, ...]
    scope: Scope = Scope()
    school_pass: SchoolPass = SchoolPass()
    inputs_sheets: tuple[str, ...] = ()
    notes_sheets: tuple[str, ...] = ()
    path: str | None = None
    quality: Quality | None = None  # parts 2–4 of 教督〔2017〕6号, when the rules define them

    def level(self, key: str) -> Level:
        return self._levels[key]

    def column(self, key: str) -> Column:
        return self._columns[key]

    def indicator(self, key: str) -> Indicator:
        return self._indicators[key]

    def standard(self, key: str) -> Standard:
        return self._standards[key]

    # Lookups by key, built once (cached_property writes the instance dict directly, so
    # it works on a frozen dataclass).
    @cached_property
    def _levels(self) -> dict[str, Level]:
        return {lv.key: lv for lv in self.levels}

    @cached_property
    def _columns(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    @cached_property
    def _indicators(self) -> dict[str, Indicator]:
        return {i.key: i for i in self.indicators}

    @cached_property
    def _standards(self) -> dict[str, Standard]:
        return {s.key: s for s in self.standards}

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    def needed_columns(self) -> tuple[str, ...]:
        """Numeric columns that every workbook must have (students + indicator columns)."""
        keys = ["students"] + [i.column for i in self.indicators]
        return tuple(dict.fromkeys(keys))
