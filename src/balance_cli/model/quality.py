"""The types of the high-quality balance (教督〔2017〕6号): the ``quality`` section of a
rule set (parts 2–4 and the precondition) and a school that misses one of its items.

Imported only when a rule set has a ``quality`` section, so that a basic-balance run never
creates these types (each frozen dataclass costs about a millisecond at start-up).
:mod:`balance_cli.model.rules` and :mod:`balance_cli.model.results` still export them by
name.
"""

from __future__ import annotations

from typing import Any

from balance_cli.record import record


@record
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


@record
class SchoolFilter:
    """Rows whose ``column`` holds one of ``values`` (normalised text)."""

    column: str
    values: tuple[str, ...]


@record
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


@record
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


@record
class QualityPart:
    key: str
    name: str
    name_en: str
    indicators: int = 0  # how many of the 32 indicators the part has (0: a precondition)
    criteria: tuple[str, ...] = ()  # the assessment's own criteria in this part (resources)

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@record
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


@record
class SchoolMiss:
    """A school that misses a school-level item of the high-quality assessment."""

    code: str
    name: str
    level: str | None  # None when the item is about the whole school (sections summed)
    measure: str  # what was compared, e.g. "music_rooms", "students", "max_class_size"
    value: float
    limit: float
    bound: str  # "min" | "max"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "measure": self.measure,
            "value": self.value,
            "limit": self.limit,
            "bound": self.bound,
        }
