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

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import field, replace

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import CriterionResult, Rules, SchoolTable
from balance_cli.model.results import SchoolMiss
from balance_cli.model.rules import QualityItem, SchoolFilter
from balance_cli.record import record

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
        failing_codes = tuple(  # a nine-year school's two sections name it once
            dict.fromkeys(
                str(table.codes[i] or table.names[i]) for i in np.flatnonzero(~school_passed)
            )
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
    ctx = _Context(table.all_rows if table.all_rows is not None else table, rules, inputs)
    items = [_TESTS[item.test](item, ctx) for item in q.items]
    return criteria, items, ctx.warnings


@record(frozen=False)
class _Context:
    """What every item test reads (the rows before scope, the rules, the county inputs)
    and what they share: the warnings they add, the distinct texts of filter columns."""

    rows: SchoolTable
    rules: Rules
    inputs: Mapping[str, float | None]
    warnings: list[Problem] = field(default_factory=list)
    cache: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)


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


def _misses_mask(value: np.ndarray, limit: np.ndarray | float, bound: str) -> np.ndarray:
    """Vectorised negation of :func:`meets` (NaN limits: no miss)."""
    slack = _REL_TOL * np.abs(limit)
    with np.errstate(invalid="ignore"):
        if bound == "min":
            return value < limit - slack
        return value > limit + slack


def _input(item: QualityItem, ctx: _Context) -> CriterionResult:
    limit, bound = _limit(item)
    value = ctx.inputs.get(item.input or item.key)
    if value is None:
        return _result(item, "not_supplied", limit=limit, bound=bound)
    status = "passed" if meets(float(value), limit, bound) else "failed"
    return _result(item, status, value=float(value), limit=limit, bound=bound)


def _years_between(item: QualityItem, ctx: _Context) -> CriterionResult:
    start, end = ctx.inputs.get(item.from_input or ""), ctx.inputs.get(item.to_input or "")
    assert item.min is not None
    if start is None or end is None:
        return _result(item, "not_supplied", limit=item.min, bound="min")
    years = float(end) - float(start)
    status = "passed" if meets(years, item.min, "min") else "failed"
    return _result(item, status, value=years, limit=item.min, bound="min")


# --- school items -------------------------------------------------------------------------


def _norm(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).lower()


def _factorize(values: list) -> tuple[list, np.ndarray, np.ndarray]:
    """(distinct values in order of appearance, each value's code, first row of each);
    a dict pass, faster than sorting strings (np.unique) on a province's rows."""
    codes: dict = {}
    inverse = np.fromiter(
        (codes.setdefault(v, len(codes)) for v in values), dtype=np.intp, count=len(values)
    )
    first = np.full(len(codes), len(values), dtype=np.intp)
    np.minimum.at(first, inverse, np.arange(len(values)))
    return list(codes), inverse, first


def matches_filter(rows: SchoolTable, flt: SchoolFilter, cache: dict) -> np.ndarray:
    """Rows whose text in ``flt.column`` is one of ``flt.values`` (normalised); the
    column's distinct texts are found once per assessment (``cache``)."""
    if flt.column not in cache:
        uniq, inverse, _ = _factorize(rows.texts[flt.column].tolist())
        cache[flt.column] = ([_norm(u) for u in uniq], inverse)
    normalised, inverse = cache[flt.column]
    wanted = {_norm(v) for v in flt.values}
    hit = np.array([u in wanted for u in normalised], dtype=bool)
    return hit[inverse] if len(inverse) else np.zeros(0, dtype=bool)


def _not_checked(item: QualityItem, ctx: _Context, column: str | None = None) -> CriterionResult:
    """Not checked, with its warning: the workbook lacks ``column`` (None: no school in
    the file is one the item applies to)."""
    params = {"item": item.name, "item_en": item.name_en}
    if column is not None:
        known = next((c for c in ctx.rules.columns if c.key == column), None)
        name, name_en = (known.name, known.name_en) if known else (column, column)
        params |= {"column": name, "column_en": name_en}
    kind = "quality_no_schools" if column is None else "quality_not_checked"
    ctx.warnings.append(Problem(kind, params, file=ctx.rows.file, severity="warning"))
    return _result(item, "not_checked")


def _scope(item: QualityItem, ctx: _Context, needs: list[str]) -> np.ndarray | CriterionResult:
    """The rows the item applies to, or a not-checked result when a column is absent."""
    rows = ctx.rows
    for column in needs:
        if column not in rows.values:
            return _not_checked(item, ctx, column)
    applies = np.ones(len(rows), dtype=bool)
    if item.only is not None:
        if item.only.column not in rows.texts:
            return _not_checked(item, ctx, item.only.column)
        applies &= matches_filter(rows, item.only, ctx.cache)
    if item.exclude is not None and item.exclude.column in rows.texts:
        applies &= ~matches_filter(rows, item.exclude, ctx.cache)
    if not applies.any():
        return _not_checked(item, ctx)
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
    ctx: _Context, i: int, measure: str, value: float, limit: float, bound: str
) -> SchoolMiss:
    rows = ctx.rows
    return SchoolMiss(
        str(rows.codes[i]),
        str(rows.names[i]),
        ctx.rules.levels[int(rows.level[i])].key,
        measure,
        float(value),
        float(limit),
        bound,
    )


def _special_rooms(item: QualityItem, ctx: _Context) -> CriterionResult:
    needs = ["classes"] + [c for r in item.rooms for c in (r.count, r.area)]
    applies = _scope(item, ctx, needs)
    if isinstance(applies, CriterionResult):
        return applies
    rows = ctx.rows
    classes = rows.values["classes"]
    needed = np.maximum(1.0, np.ceil(classes / item.classes_per_room))
    found: list[tuple[int, int, SchoolMiss]] = []  # (row, order, miss): by school, then kind
    for k, room in enumerate(item.rooms):
        count, area = rows.values[room.count], rows.values[room.area]
        few = applies & (count < needed)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_room = np.where(count > 0, area / np.where(count > 0, count, 1.0), np.nan)
        small = applies & (count > 0) & _misses_mask(per_room, room.min_area, "min")
        for i in np.flatnonzero(few).tolist():
            found.append((i, 2 * k, _miss(ctx, i, room.count, count[i], needed[i], "min")))
        for i in np.flatnonzero(small).tolist():
            measure = f"{room.area}_per_room"
            miss = _miss(ctx, i, measure, per_room[i], room.min_area, "min")
            found.append((i, 2 * k + 1, miss))
    misses = [m for _, _, m in sorted(found, key=lambda t: (t[0], t[1]))]
    result = _school_result(item, misses)
    # Only the total area of the rooms is known: the area test is on the average room.
    return replace(result, note="area_average")


def _school_size(item: QualityItem, ctx: _Context) -> CriterionResult:
    applies = _scope(item, ctx, ["students"])
    if isinstance(applies, CriterionResult):
        return applies
    rows = ctx.rows
    assert item.max is not None and item.combined_max is not None
    combined_type = np.zeros(len(rows), dtype=bool)
    if item.combined_values and "school_type" in rows.texts:
        combined_type = matches_filter(
            rows, SchoolFilter("school_type", item.combined_values), ctx.cache
        )
    # One school = the rows sharing a code (else a name): sections of a 9-/12-year school.
    idx = np.flatnonzero(applies)
    codes, names = rows.codes[idx].tolist(), rows.names[idx].tolist()
    _, group, first = _factorize([c or f"name:{n}" for c, n in zip(codes, names, strict=True)])
    n_groups = len(first)
    total = np.bincount(group, weights=rows.values["students"][idx], minlength=n_groups)
    level = rows.level[idx].astype(np.intp)
    levels_in_group = sum(
        (np.bincount(group[level == li], minlength=n_groups) > 0).astype(np.int64)
        for li in range(len(ctx.rules.levels))
    )
    combined = (levels_in_group > 1) | (
        np.bincount(group, weights=combined_type[idx].astype(float), minlength=n_groups) > 0
    )
    limit = np.where(combined, item.combined_max, item.max)
    over = np.flatnonzero(_misses_mask(total, limit, "max"))
    misses = []
    for g in over.tolist():  # groups are numbered in the order of the file
        i = int(idx[first[g]])
        misses.append(
            SchoolMiss(
                str(rows.codes[i]),
                str(rows.names[i]),
                None,
                "students",
                float(total[g]),
                float(limit[g]),
                "max",
            )
        )
    return _school_result(item, misses)


def _class_size(item: QualityItem, ctx: _Context) -> CriterionResult:
    assert item.column is not None and item.per_level is not None
    applies = _scope(item, ctx, [item.column])
    if isinstance(applies, CriterionResult):
        return applies
    limits = np.array([item.per_level.get(lv.key, np.nan) for lv in ctx.rules.levels])
    per_school = limits[ctx.rows.level.astype(np.intp)]
    value = ctx.rows.values[item.column]
    over = applies & ~np.isnan(per_school) & _misses_mask(value, per_school, "max")
    misses = [
        _miss(ctx, i, item.column, value[i], per_school[i], "max")
        for i in np.flatnonzero(over).tolist()
    ]
    return _school_result(item, misses)


def _funding_floor(item: QualityItem, ctx: _Context) -> CriterionResult:
    assert item.column is not None and item.students is not None and item.norms is not None
    applies = _scope(item, ctx, [item.column, "students"])
    if isinstance(applies, CriterionResult):
        return applies
    rows, rules = ctx.rows, ctx.rules
    small = applies & (rows.values["students"] < item.students)
    if not small.any():
        return _not_checked(item, ctx)
    norms = {lv: ctx.inputs.get(key) for lv, key in item.norms.items()}
    levels_needed = {rules.levels[int(rows.level[i])].key for i in np.flatnonzero(small)}
    if any(norms.get(lv) is None for lv in levels_needed):
        return _result(item, "not_supplied")
    value = rows.values[item.column]
    misses = []
    for i in np.flatnonzero(small).tolist():
        norm = norms[rules.levels[int(rows.level[i])].key]
        limit = item.students * float(norm)  # type: ignore[arg-type]
        if not meets(float(value[i]), limit, "min"):
            misses.append(_miss(ctx, i, item.column, value[i], limit, "min"))
    return _school_result(item, misses)


def _per_student(item: QualityItem, ctx: _Context) -> CriterionResult:
    assert item.column is not None and item.min is not None
    applies = _scope(item, ctx, [item.column, "students"])
    if isinstance(applies, CriterionResult):
        return applies
    value = ctx.rows.values[item.column] / ctx.rows.values["students"]
    low = applies & _misses_mask(value, item.min, "min")
    misses = [
        _miss(ctx, i, f"{item.column}_per_student", value[i], item.min, "min")
        for i in np.flatnonzero(low).tolist()
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
