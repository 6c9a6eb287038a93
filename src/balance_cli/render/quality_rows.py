"""The high-quality assessment (教督〔2017〕6号) as display blocks, grouped by part.

One block per part (申报条件, 资源配置, 政府保障程度, 教育质量, 社会认可度): every item with
its number, name, requirement, value and status; then one block of the schools that miss a
school-level item, with value and limit. Shared by the terminal, the text formats and the
report workbook; only already-computed figures are turned into strings here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from balance_cli.messages import label
from balance_cli.model import Assessment, CriterionResult, Rules
from balance_cli.model.cells import Cell, Column, Kind, Table
from balance_cli.render.rows import fmt_cv

if TYPE_CHECKING:  # a run imports only the types it produces
    from balance_cli.model.diff import Diff
    from balance_cli.model.quality import Quality, QualityItem

T, C, N, K = Kind.TEXT, Kind.CODE, Kind.COUNT, Kind.NAME  # the kinds of these tables' columns


def _table(
    title: str,
    headers: list[str],
    kinds: tuple[Kind, ...],
    rows: list[list],
    status: list[bool | None],
    lang: str,
    keys: tuple[int, ...] = (),
) -> Table:
    """A table of already-worded cells (the item tables mix units and yes/no: their values
    are text as the terminal shows them; counts stay numbers)."""
    columns = [
        Column(h, kind=k, key=j in keys)
        for j, (h, k) in enumerate(zip(headers, kinds, strict=True))
    ]
    cells = [[Cell(v, col.kind) for v, col in zip(row, columns, strict=True)] for row in rows]
    return Table(title, columns, cells, status, lang)


_OP = {"min": "≥", "max": "≤", "below": "<"}
_SCHOOL_TESTS = {"special_rooms", "school_size", "class_size", "funding_floor", "per_student"}


def _num(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x) >= 1000 else f"{x:.4g}"


def _unit(unit: str, lang: str) -> str:
    if not unit or unit == "%":
        return unit
    return f" {unit}" if lang == "en" else unit


def _kind(q: Quality, item: QualityItem) -> str:
    inp = q.input(item.input) if item.input else None
    return inp.kind if inp is not None else ""


def requirement(q: Quality, item: QualityItem, lang: str, long: bool = False) -> str:
    """The item's requirement as people read it (from the rules: nothing computed)."""
    unit = _unit(item.unit_label(lang), lang)
    if item.test == "input":
        if _kind(q, item) == "yes_no":
            return label("yes", lang)
        limit = (
            item.min if item.min is not None else item.max if item.max is not None else item.below
        )
        bound = "min" if item.min is not None else "max" if item.max is not None else "below"
        return f"{_OP[bound]} {_num(limit or 0)}{unit}"
    if item.test == "years_between":
        start = q.input(item.from_input or "")
        end = q.input(item.to_input or "")
        names = f"{end.label(lang)} − {start.label(lang)} " if start and end and long else ""
        return f"{names}≥ {_num(item.min or 0)}{unit}"
    if item.test == "special_rooms":
        rooms = label("item_sep", lang).join(r.label(lang) for r in item.rooms)
        areas = " / ".join(f"{_num(r.min_area)}" for r in item.rooms)
        n = _num(item.classes_per_room)
        if lang == "en":
            return f"{rooms}: 1 per {n} classes (at least 1), ≥ {areas} m² each"
        return f"每{n}班{rooms}各1间（至少1间），每间≥{areas.replace(' ', '')}m²"
    if item.test == "school_size":
        return f"≤ {_num(item.max or 0)} / {_num(item.combined_max or 0)}{unit}"
    if item.test == "class_size" and item.per_level:
        return "≤ " + " / ".join(_num(v) for v in item.per_level.values()) + unit
    if item.test == "funding_floor":
        n = _num(item.students or 0)
        return f"≥ {n} × 基准定额" if lang != "en" else f"≥ {n} × the per-student norm"
    if item.test == "per_student":
        return f"≥ {_num(item.min or 0)}{unit}"
    return ""


def value_text(q: Quality, item: QualityItem, c: CriterionResult, lang: str) -> str:
    if c.status in ("not_supplied", "not_checked"):
        return label(c.status, lang)
    if item.test in _SCHOOL_TESTS:
        if not c.misses:
            text = label("quality_schools_none", lang)
        else:
            schools = label("item_sep", lang).join(
                dict.fromkeys(m.name or m.code for m in c.misses)
            )
            text = label("quality_schools_failing", lang, count=len(c.schools), schools=schools)
        if c.note == "area_average":
            text += label("quality_area_average", lang)
        return text
    if c.value is None:
        return ""
    if _kind(q, item) == "yes_no":
        return label("yes" if c.value >= 1 else "no", lang)
    return f"{_num(c.value)}{_unit(item.unit_label(lang), lang)}"


def _resources_rows(
    a: Assessment, part_criteria: list[CriterionResult], lang: str
) -> list[tuple[str, str, str, CriterionResult]]:
    """(name, requirement, value, criterion) of the resources part: standards, balance."""
    rows = []
    for c in part_criteria:
        if c.key == "standards":
            name = label("criterion_standards", lang)
            required = label("quality_schools_none", lang)
            value = label("standards_detail", lang, failing=int(c.value or 0))
        else:
            name = label("criterion_balance", lang)
            required = "≤ " + " / ".join(f"{v:g}" for v in a.rules.balance.limits.values())
            worst = [
                max((r.cv for r in lv.indicators.values() if r.cv is not None), default=None)
                for lv in a.levels.values()
            ]
            value = label("worst_cv", lang) + " " + " / ".join(fmt_cv(w, lang) for w in worst)
        rows.append((name, required, value, c))
    return rows


def quality_blocks(a: Assessment, lang: str) -> list[Table]:
    """One block per part, then the schools that miss a school item (none: no blocks)."""
    q = a.rules.quality
    if q is None:
        return []
    items = {it.key: it for it in q.items}
    blocks = [summary_block(a, lang)]
    for part in q.parts:
        rows, status, statuses = [], [], []
        part_criteria = [c for c in a.criteria if c.part == part.key]
        for name, req, value, c in _resources_rows(a, part_criteria, lang):
            rows.append([None, name, req, value, label(c.status, lang)])
            status.append(_status(c))
            statuses.append(c.status)
        for c in a.quality:
            if c.part != part.key:
                continue
            it = items[c.key]
            rows.append(
                [
                    c.item,
                    it.label(lang),
                    requirement(q, it, lang),
                    value_text(q, it, c, lang),
                    label(c.status, lang),
                ]
            )
            status.append(_status(c))
            statuses.append(c.status)
        if not rows:
            continue
        verdict = _part_status(statuses)
        title = label(
            "quality_part_heading",
            lang,
            part=part.label(lang),
            items=part.indicators or len(rows),
            status=label(verdict, lang),
        )
        headers = [
            label(k, lang) for k in ("quality_item_no", "item", "required", "value", "status")
        ]
        blocks.append(_table(title, headers, (N, T, T, T, C), rows, status, lang, (1,)))
    misses = misses_block(a, lang)
    if misses is not None:
        blocks.append(misses)
    return blocks


def _status(c: CriterionResult) -> bool | None:
    return {"passed": True, "failed": False}.get(c.status)


def _part_status(statuses: list[str]) -> str:
    for status in ("failed", "not_supplied", "not_checked"):
        if status in statuses:
            return status
    return "passed"


def misses_block(a: Assessment, lang: str) -> Table | None:
    """Schools that miss a school item of the high-quality assessment."""
    q = a.rules.quality
    if q is None:
        return None
    items = {it.key: it for it in q.items}
    columns = {c.key: c for c in a.rules.columns}
    rows = []
    for c in a.quality:
        it = items[c.key]
        for m in c.misses:
            level = a.rules.level(m.level).label(lang) if m.level else ""
            base = m.measure.removesuffix("_per_room").removesuffix("_per_student")
            measure = columns[base].label(lang) if base in columns else m.measure
            if m.measure.endswith("_per_room"):
                measure += "（每间平均）" if lang != "en" else " (per room, average)"
            elif m.measure.endswith("_per_student"):
                measure += "（生均）" if lang != "en" else " (per student)"
            rows.append(
                [
                    m.name or m.code,
                    m.code,
                    level,
                    it.label(lang),
                    measure,
                    _num(m.value),
                    f"{_OP[m.bound]} {_num(m.limit)}",
                ]
            )
    if not rows:
        return None
    headers = [
        label(k, lang)
        for k in ("school", "code", "level", "item", "quality_measure", "value", "required")
    ]
    title = label("quality_misses_heading", lang)
    kinds = (K, C, C, T, T, C, C)
    return _table(title, headers, kinds, rows, [False] * len(rows), lang, (0, 1))


def quality_summary(a: Assessment, lang: str) -> str | None:
    """One line: how many of the indicators passed, failed, were not supplied or checked."""
    indicators = a.indicator_statuses()
    if not indicators:
        return None
    counts = {s: 0 for s in ("passed", "failed", "not_supplied", "not_checked")}
    for ind in indicators:
        counts[ind["status"]] += 1
    return label("quality_summary", lang, total=len(indicators), **counts)


def summary_block(a: Assessment, lang: str) -> Table:
    """Per part: its indicators passed, failed, not supplied, not checked."""
    q = a.rules.quality
    assert q is not None
    keys = ("passed", "failed", "not_supplied", "not_checked")
    indicators = a.indicator_statuses()
    rows, status = [], []
    for part in q.parts:
        mine = [i["status"] for i in indicators if i["part"] == part.key]
        if not mine:
            continue
        rows.append([part.label(lang), len(mine), *(mine.count(k) for k in keys)])
        status.append(_status_of(_part_status(mine)))
    headers = [label("quality_part", lang), label("indicator", lang)]
    headers += [label(k, lang) for k in keys]
    title = quality_summary(a, lang) or ""
    return _table(title, headers, (T, N, N, N, N, N), rows, status, lang, (0,))


def _status_of(status: str) -> bool | None:
    return {"passed": True, "failed": False}.get(status)


def template_rows(rules: Rules) -> list[list[str | None]]:
    """Rows of the template's 县情 sheet for the county inputs: name, value (blank), unit,
    requirement, source — from the items that use each input."""
    q = rules.quality
    if q is None:
        return []
    rows: list[list[str | None]] = []
    for inp in q.inputs:
        users = [
            it
            for it in q.items
            if inp.key in (it.input, it.from_input, it.to_input, *(it.norms or {}).values())
        ]
        required = "；".join(
            requirement(q, it, "zh", long=True)
            for it in users
            if it.test in ("input", "years_between")
        )
        required = required or "；".join(f"用于“{it.name}”" for it in users)
        if inp.kind == "yes_no":
            unit = "是/否"
        elif inp.kind == "percent":
            unit = "%"
        else:
            unit = inp.unit
        sources = "；".join(dict.fromkeys(it.source for it in users))
        rows.append([inp.name, None, unit, required, sources])
    return rows


def criteria_changes_blocks(d: Diff, lang: str) -> list[Table]:
    """``balance diff``: the criteria and items whose status changed (none: no block)."""
    if not d.criteria_changed:
        return []
    q = d.new.rules.quality
    names = {it.key: it.label(lang) for it in q.items} if q is not None else {}
    names |= {c.key: c.label(lang) for c in d.new.rules.criteria}
    names |= {"standards": label("criterion_standards", lang)}
    names |= {"balance": label("criterion_balance", lang)}
    rows, status = [], []
    for c in d.criteria_changed:
        part = q.part(c.part) if q is not None and c.part else None
        rows.append(
            [
                part.label(lang) if part else "",
                names.get(c.key, c.key),
                label(c.old_status, lang) if c.old_status else "—",
                label(c.new_status, lang) if c.new_status else "—",
            ]
        )
        status.append({"passed": True, "failed": False}.get(c.new_status or ""))
    headers = [label(k, lang) for k in ("quality_part", "criterion", "old", "new")]
    title = label("diff_criteria_heading", lang)
    return [_table(title, headers, (T, T, C, C), rows, status, lang, (1,))]


def quality_lines(rules: Rules, lang: str) -> list[str]:
    """``balance rules show``: every part and item with its requirement and source."""
    q = rules.quality
    if q is None:
        return []
    lines = []
    for part in q.parts:
        items = [it for it in q.items if it.part == part.key]
        if not items:
            continue
        lines += ["", label("quality_part_rules", lang, part=part.label(lang), count=len(items))]
        for it in items:
            lines.append(f"  {it.key:<24} {it.item}. {it.label(lang)}: {requirement(q, it, lang)}")
            # A source is "document article：the words quoted"; English shows the reference.
            source = it.source.split("：")[0] if lang == "en" else it.source
            lines.append(f"    {label('source', lang)}: {source}")
    return lines
