"""The high-quality assessment beyond resources (教督〔2017〕6号 parts 2–4, precondition).

``assess_quality`` turns the rules' ``quality`` items into :class:`CriterionResult` s, pure:

- county items compare an input (县情 sheet or ``--county``) with the item's limit; an
  input that is absent makes the item ``not_supplied``;
- school items are computed from the rows of the survey *before* the scope rules
  (``table.all_rows``): special-education schools and teaching points are left out of the
  CVs, not out of these items. A column the item needs that the workbook lacks makes it
  ``not_checked``, with a warning; so does a file without any school the item applies to.
  Every school that misses the item is listed with its value and its limit.

Neither ``not_supplied`` nor ``not_checked`` fails the county; they are listed.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import CriterionResult, Rules, SchoolTable
from balance_cli.model.results import SchoolMiss
from balance_cli.model.rules import QualityItem, SchoolFilter

# A value exactly at a limit meets it; this relative slack absorbs float rounding only.
_REL_TOL = 1e-9


def assess_quality(
    table: SchoolTable,
    rules: Rules,
    criteria: list[CriterionResult],
    inputs: Mapping[str, float | None],
    school_passed: np.ndarray | None = None,
) -> tuple[list[CriterionResult], list[CriterionResult], list[Problem]]:
    """(the assessment's own criteria with their part, the quality items, warnings).

    ``school_passed``: the per-school verdict on the standards, to name the schools that
    fail the resources part.
    """
    q = rules.quality
    assert q is not None
    failing_codes: tuple[str, ...] = ()
    if school_passed is not None:
        failing_codes = tuple(
            str(table.codes[i] or table.names[i]) for i in np.flatnonzero(~school_passed)
        )
    part_of = {c: p.key for p in q.parts for c in p.criteria}
    criteria = [
        replace(
            c,
            part=part_of.get(c.key, c.part),
            schools=failing_codes if c.key == "standards" and c.key in part_of else c.schools,
        )
        for c in criteria
    ]
    rows = table.all_rows if table.all_rows is not None else table
    warnings: list[Problem] = []
    items = [_TESTS[item.test](item, rows, rules, inputs, warnings) for item in q.items]
    return criteria, items, warnings


def _result(item: QualityItem, status: str, **kw: object) -> CriterionResult:
    return CriterionResult(item.key, status, part=item.part, item=item.item, **kw)  # type: ignore[arg-type]


# --- county items -------------------------------------------------------------------------


def _limit(item: QualityItem) -> tuple[float, str]:
    if item.min is not None:
        return item.min, "min"
    if item.max is not None:
        return item.max, "max"
    assert item.below is not None
    return item.below, "below"


def meets(value: float, limit: float, bound: str) -> bool:
    slack = _REL_TOL * abs(limit)
    if bound == "min":
        return value >= limit - slack
    if bound == "max":
        return value <= limit + slack
    return value < limit


def _input(item, rows, rules, inputs, warnings) -> CriterionResult:
    limit, bound = _limit(item)
    value = inputs.get(item.input or item.key)
    if value is None:
        return _result(item, "not_supplied", limit=limit, bound=bound)
    status = "passed" if meets(float(value), limit, bound) else "failed"
    return _result(item, status, value=float(value), limit=limit, bound=bound)


def _years_between(item, rows, rules, inputs, warnings) -> CriterionResult:
    start, end = inputs.get(item.from_input or ""), inputs.get(item.to_input or "")
    assert item.min is not None
    if start is None or end is None:
        return _result(item, "not_supplied", limit=item.min, bound="min")
    years = float(end) - float(start)
    status = "passed" if meets(years, item.min, "min") else "failed"
    return _result(item, status, value=years, limit=item.min, bound="min")


# --- school items -------------------------------------------------------------------------


def _norm(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def _matches(rows: SchoolTable, flt: SchoolFilter) -> np.ndarray:
    texts = rows.texts[flt.column]
    wanted = {_norm(v) for v in flt.values}
    uniq, inverse = np.unique(texts.astype(str), return_inverse=True)
    hit = np.array([_norm(u) in wanted for u in uniq], dtype=bool)
    return hit[inverse] if len(texts) else np.zeros(0, dtype=bool)


def _not_checked(
    item: QualityItem, rows: SchoolTable, rules: Rules, column: str, warnings: list[Problem]
) -> CriterionResult:
    name = rules.column(column).name if any(c.key == column for c in rules.columns) else column
    warnings.append(
        Problem(
            "quality_not_checked",
            {"item": item.name, "column": name},
            file=rows.file,
            severity="warning",
        )
    )
    return _result(item, "not_checked")


def _scope(
    item: QualityItem, rows: SchoolTable, rules: Rules, needs: list[str], warnings: list[Problem]
) -> np.ndarray | CriterionResult:
    """The rows the item applies to, or a not-checked result when a column is absent."""
    for column in needs:
        if column not in rows.values:
            return _not_checked(item, rows, rules, column, warnings)
    applies = np.ones(len(rows), dtype=bool)
    if item.only is not None:
        if item.only.column not in rows.texts:
            return _not_checked(item, rows, rules, item.only.column, warnings)
        applies &= _matches(rows, item.only)
    if item.exclude is not None and item.exclude.column in rows.texts:
        applies &= ~_matches(rows, item.exclude)
    if not applies.any():
        warnings.append(
            Problem("quality_no_schools", {"item": item.name}, file=rows.file, severity="warning")
        )
        return _result(item, "not_checked")
    return applies


def _school_result(item: QualityItem, misses: list[SchoolMiss]) -> CriterionResult:
    schools = tuple(dict.fromkeys(m.code or m.name for m in misses))
    return _result(
        item,
        "failed" if misses else "passed",
        value=float(len(schools)),
        limit=0.0,
        bound="max",
        schools=schools,
        misses=tuple(misses),
    )


def _miss(
    rows: SchoolTable, rules: Rules, i: int, measure: str, value: float, limit: float, bound: str
) -> SchoolMiss:
    return SchoolMiss(
        str(rows.codes[i]),
        str(rows.names[i]),
        rules.levels[int(rows.level[i])].key,
        measure,
        float(value),
        float(limit),
        bound,
    )


def _special_rooms(item, rows, rules, inputs, warnings) -> CriterionResult:
    needs = ["classes"] + [c for r in item.rooms for c in (r.count, r.area)]
    applies = _scope(item, rows, rules, needs, warnings)
    if isinstance(applies, CriterionResult):
        return applies
    classes = rows.values["classes"]
    needed = np.maximum(1.0, np.ceil(classes / item.classes_per_room))
    misses: list[SchoolMiss] = []
    for i in np.flatnonzero(applies).tolist():
        for room in item.rooms:
            count, area = rows.values[room.count][i], rows.values[room.area][i]
            if count < needed[i]:
                misses.append(_miss(rows, rules, i, room.count, count, needed[i], "min"))
            if count > 0 and not meets(area / count, room.min_area, "min"):
                measure = f"{room.area}_per_room"
                misses.append(_miss(rows, rules, i, measure, area / count, room.min_area, "min"))
    result = _school_result(item, misses)
    # Only the total area of the rooms is known: the area test is on the average room.
    return replace(result, note="area_average")


def _school_size(item, rows, rules, inputs, warnings) -> CriterionResult:
    applies = _scope(item, rows, rules, ["students"], warnings)
    if isinstance(applies, CriterionResult):
        return applies
    assert item.max is not None and item.combined_max is not None
    combined_type = np.zeros(len(rows), dtype=bool)
    if item.combined_values and "school_type" in rows.texts:
        combined_type = _matches(rows, SchoolFilter("school_type", item.combined_values))
    groups: dict[str, list[int]] = {}
    for i in np.flatnonzero(applies).tolist():
        ident = str(rows.codes[i]) or f"name:{rows.names[i]}"
        groups.setdefault(ident, []).append(i)
    students = rows.values["students"]
    misses = []
    for members in groups.values():
        total = math.fsum(float(students[i]) for i in members)
        several = len({int(rows.level[i]) for i in members}) > 1
        limit = item.combined_max if several or combined_type[members].any() else item.max
        if not meets(total, limit, "max"):
            i = members[0]
            misses.append(
                SchoolMiss(
                    str(rows.codes[i]), str(rows.names[i]), None, "students", total, limit, "max"
                )
            )
    return _school_result(item, misses)


def _class_size(item, rows, rules, inputs, warnings) -> CriterionResult:
    assert item.column is not None and item.per_level is not None
    applies = _scope(item, rows, rules, [item.column], warnings)
    if isinstance(applies, CriterionResult):
        return applies
    limits = np.array([item.per_level.get(lv.key, np.nan) for lv in rules.levels])
    per_school = limits[rows.level.astype(np.intp)]
    value = rows.values[item.column]
    misses = [
        _miss(rows, rules, i, item.column, value[i], per_school[i], "max")
        for i in np.flatnonzero(applies & ~np.isnan(per_school)).tolist()
        if not meets(float(value[i]), float(per_school[i]), "max")
    ]
    return _school_result(item, misses)


def _funding_floor(item, rows, rules, inputs, warnings) -> CriterionResult:
    assert item.column is not None and item.students is not None and item.norms is not None
    applies = _scope(item, rows, rules, [item.column, "students"], warnings)
    if isinstance(applies, CriterionResult):
        return applies
    students = rows.values["students"]
    small = applies & (students < item.students)
    if not small.any():
        warnings.append(
            Problem("quality_no_schools", {"item": item.name}, file=rows.file, severity="warning")
        )
        return _result(item, "not_checked")
    norms = {lv: inputs.get(key) for lv, key in item.norms.items()}
    levels_needed = {rules.levels[int(rows.level[i])].key for i in np.flatnonzero(small)}
    if any(norms.get(lv) is None for lv in levels_needed):
        return _result(item, "not_supplied")
    value = rows.values[item.column]
    misses = []
    for i in np.flatnonzero(small).tolist():
        norm = norms[rules.levels[int(rows.level[i])].key]
        limit = item.students * float(norm)  # type: ignore[arg-type]
        if not meets(float(value[i]), limit, "min"):
            misses.append(_miss(rows, rules, i, item.column, value[i], limit, "min"))
    return _school_result(item, misses)


def _per_student(item, rows, rules, inputs, warnings) -> CriterionResult:
    assert item.column is not None and item.min is not None
    applies = _scope(item, rows, rules, [item.column, "students"], warnings)
    if isinstance(applies, CriterionResult):
        return applies
    value = rows.values[item.column] / rows.values["students"]
    misses = [
        _miss(rows, rules, i, f"{item.column}_per_student", value[i], item.min, "min")
        for i in np.flatnonzero(applies).tolist()
        if not meets(float(value[i]), item.min, "min")
    ]
    return _school_result(item, misses)


_Test = Callable[..., CriterionResult]
_TESTS: dict[str, _Test] = {
    "input": _input,
    "years_between": _years_between,
    "special_rooms": _special_rooms,
    "school_size": _school_size,
    "class_size": _class_size,
    "funding_floor": _funding_floor,
    "per_student": _per_student,
}
