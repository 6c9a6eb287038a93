"""The rules as typed data: levels, columns, indicators, standards, tests and scope.

Built by :mod:`balance_cli.rules.load` from the YAML rule sets; read by every layer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from functools import cached_property


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    name_en: str
    aliases: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Column:
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


@dataclass(frozen=True)
class Indicator:
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


@dataclass(frozen=True)
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
        """"min" (the value must reach the limit) or "max" (must not exceed it)."""
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


@dataclass(frozen=True)
class BalanceTest:
    test: BalanceKind
    limits: dict[str, float]
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", BalanceKind(self.test))

    @property
    def each(self) -> bool:
        return self.test is BalanceKind.EACH


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class SchoolPass:
    """When a school meets the standards: all of them, or at least ``at_least`` of them
    with each missed one at ``others_min_fraction`` of its limit or better."""

    rule: str = "all"  # "all" | "at_least"
    at_least: int = 0
    others_min_fraction: float = 1.0
    source: str = ""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TeachingPoints:
    """How teaching points (教学点) are handled: merged into their parent school or left out."""

    column: str
    values: tuple[str, ...]
    action: str  # "merge" | "exclude"
    parent: str  # the column naming the parent school (code or name)
    source: str


@dataclass(frozen=True)
class Scope:
    teaching_points: TeachingPoints | None = None
    exclude: tuple[ScopeRule, ...] = ()


# --- high-quality balance (教督〔2017〕6号): parts 2–4 and the precondition -------------


@dataclass(frozen=True)
class CountyInput:
    """A figure of the county (县情 sheet or ``--county KEY=VALUE``): a rate, a yes/no…"""

    key: str
    name: str
    name_en: str
    kind: str  # "percent" | "yes_no" | "ratio" | "number" | "year" | "grade"
    unit: str = ""
    aliases: tuple[str, ...] = ()
    range_min: float | None = None
    range_max: float | None = None
    unit_en: str = ""

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class SchoolFilter:
    """Rows whose ``column`` holds one of ``values`` (normalised text)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class RoomSpec:
    """A kind of special room: its count and total-area columns and the least area per room."""

    key: str
    name: str
    name_en: str
    count: str
    area: str
    min_area: float

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class QualityItem:
    """One item of the high-quality assessment. ``test`` says how it is computed:

    - ``input``: a county input against ``min`` / ``max`` / ``below`` (strictly less);
    - ``years_between``: ``to`` − ``from`` (two year inputs) ≥ ``min``;
    - ``special_rooms``: per school, rooms ≥ ⌈classes / classes_per_room⌉ (at least 1) and
      area ÷ rooms ≥ the room's ``min_area``;
    - ``school_size``: students of a school (rows sharing a code summed) ≤ ``max``, or
      ≤ ``combined_max`` for a school of several sections / a ``combined_values`` type;
    - ``class_size``: the largest class (``column``) ≤ ``per_level`` max;
    - ``funding_floor``: ``column`` ≥ ``students`` × the level's norm (a county input);
    - ``per_student``: ``column`` ÷ students ≥ ``min``.
    """

    key: str
    name: str
    name_en: str
    part: str
    item: int
    test: str
    source: str
    unit: str = ""
    input: str | None = None
    min: float | None = None
    max: float | None = None
    below: float | None = None
    per_level: dict[str, float] | None = None
    column: str | None = None
    from_input: str | None = None
    to_input: str | None = None
    classes_per_room: float = 12.0
    rooms: tuple[RoomSpec, ...] = ()
    combined_max: float | None = None
    combined_values: tuple[str, ...] = ()
    students: float | None = None
    norms: dict[str, str] | None = None
    only: SchoolFilter | None = None
    exclude: SchoolFilter | None = None
    unit_en: str = ""

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name

    def unit_label(self, lang: str) -> str:
        return (self.unit_en or self.unit) if lang == "en" else self.unit


@dataclass(frozen=True)
class QualityPart:
    key: str
    name: str
    name_en: str
    indicators: int = 0  # how many of the 32 indicators the part has (0: a precondition)
    criteria: tuple[str, ...] = ()  # the assessment's own criteria in this part (resources)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True)
class Quality:
    parts: tuple[QualityPart, ...]
    inputs: tuple[CountyInput, ...]
    items: tuple[QualityItem, ...]
    class_sheets: tuple[str, ...] = ()
    source: str = ""
    class_students: tuple[str, ...] = ()  # headers of a class's students in a 班级 sheet

    def part(self, key: str) -> QualityPart | None:
        return next((p for p in self.parts if p.key == key), None)

    def input(self, key: str) -> CountyInput | None:
        return next((i for i in self.inputs if i.key == key), None)


@dataclass(frozen=True)
class Rules:
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
