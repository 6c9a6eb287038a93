"""The tables of an assessment as typed cells (value, kind, unit), and its verdict lines.

Built from the result object only; no figure is computed here and no number is turned
into text here (each renderer formats the cells, :mod:`balance_cli.model.cells`), so
the terminal, the text formats and the xlsx report draw the same tables.
"""

from __future__ import annotations

from balance_cli.messages import LABELS, label, render_message
from balance_cli.model import Assessment, CriterionResult, Standard
from balance_cli.model.cells import Cell, Column, Kind, Table, text, unit_label

_CRITERION_OPTIONS = {"gov_score": "--gov-score", "satisfaction": "--satisfaction"}


Block = Table  # the former name of a titled table


def fmt_cv(cv: float | None, lang: str) -> str:
    return text(Cell(cv, Kind.CV), lang)


def fmt_value(x: float | None, unit: str | None = None) -> str:
    return text(Cell(x, Kind.VALUE, unit))


def level_blocks(a: Assessment, lang: str) -> list[Table]:
    """Per level: rows 全县平均值 and 差异系数, the indicators, 综合, the limit, the verdict
    (the published layout; a renderer turns it when the width asks)."""
    blocks = []
    rules = a.rules
    each = rules.balance.test == "each"
    for key, res in a.levels.items():
        lv = rules.level(key)
        columns = [Column(label("item", lang), kind=Kind.TEXT, key=True)]
        columns += [Column(ind.label(lang), ind.unit, Kind.VALUE) for ind in rules.indicators]
        means: list[Cell] = [Cell(label("county_mean", lang))]
        cvs: list[Cell] = [Cell(label("cv", lang))]
        for ind in rules.indicators:
            r = res.indicators[ind.key]
            means.append(Cell(r.mean, Kind.VALUE, ind.unit))
            cvs.append(Cell(r.cv, Kind.CV, mark=r.passed is False))
        limit = rules.balance.limits.get(key)
        if not each:
            columns.append(Column(label("composite", lang), kind=Kind.CV))
            means.append(Cell(None, Kind.VALUE))
            cvs.append(Cell(res.composite_cv, Kind.CV))
        columns += [Column(label("limit", lang), kind=Kind.LIMIT), Column(label("verdict", lang))]
        means += [Cell(None), Cell(None)]
        cvs += [Cell(limit, Kind.LIMIT, op="≤"), Cell(res.passed, Kind.VERDICT)]
        title = label(
            "level_heading",
            lang,
            level=lv.label(lang),
            schools=res.schools,
            students=text(Cell(res.students, Kind.COUNT)),
        )
        blocks.append(Table(title, columns, [means, cvs], [None, res.passed], lang))
    return blocks


def criterion_text(a: Assessment, c: CriterionResult, lang: str) -> tuple[str, str]:
    """(name, detail) of one criterion."""
    rules = a.rules
    if c.key == "standards":
        return label("criterion_standards", lang), label(
            "standards_detail", lang, failing=int(c.value or 0)
        )
    if c.key == "balance":
        details = []
        for key, res in a.levels.items():
            lv = rules.level(key).label(lang)
            limit = rules.balance.limits.get(key)
            if limit is None:
                continue
            if rules.balance.test == "each":
                failing = sum(1 for r in res.indicators.values() if r.passed is False)
                details.append(
                    label(
                        "balance_detail_each", lang, level=lv, failing=failing, limit=f"{limit:g}"
                    )
                )
            else:
                op = "≤" if res.passed else ">"
                details.append(
                    label(
                        "balance_detail_composite",
                        lang,
                        level=lv,
                        cv=fmt_cv(res.composite_cv, lang),
                        op=op,
                        limit=f"{limit:g}",
                    )
                )
        return label("criterion_balance", lang), "；".join(details) if lang != "en" else "; ".join(
            details
        )
    crit = next(x for x in rules.criteria if x.key == c.key)
    unit = unit_label(crit.unit, lang)
    unit = unit if unit == "%" or lang != "en" else f" {unit}"
    if c.status == "not_supplied":
        detail = label(
            "input_missing",
            lang,
            limit=f"{crit.min:g}",
            unit=unit,
            option=_CRITERION_OPTIONS.get(c.key, c.key),
        )
    else:
        detail = label("input_detail", lang, value=f"{c.value:g}", limit=f"{crit.min:g}", unit=unit)
    return crit.label(lang), detail


def verdict_lines(a: Assessment, lang: str) -> list[tuple[str | None, str]]:
    """(status, text) lines: the overall verdict first, then the four criteria."""
    lines: list[tuple[str | None, str]] = [
        (
            "passed" if a.passed else "failed",
            label("overall_passed" if a.passed else "overall_failed", lang),
        )
    ]
    missing = [str(i + 1) for i, c in enumerate(a.criteria) if c.status == "not_supplied"]
    for i, c in enumerate(a.criteria):
        name, detail = criterion_text(a, c, lang)
        text = label(
            "criterion_line", lang, n=i + 1, name=name, status=label(c.status, lang), detail=detail
        )
        lines.append((c.status, text))
        if c.key == "standards":
            lines += [(None, "   " + line) for line in standards_lines(a, lang)]
    if missing and a.passed:
        items = label("item_sep", lang).join(missing)
        lines.append((None, label("overall_partial", lang, items=items)))
    return lines


def standard_label(st: Standard, lang: str) -> str:
    """A standard's name, with the measure used when the rules name it (e.g. 逐班检查)."""
    key = f"basis_{st.basis}"
    if key not in LABELS:  # no basis, or one the rules name without a label here
        return st.label(lang)
    basis = label(key, lang)
    return f"{st.label(lang)} ({basis})" if lang == "en" else f"{st.label(lang)}（{basis}）"


def standards_lines(a: Assessment, lang: str) -> list[str]:
    """Which standards were checked (and on which measure), and which were not."""
    sep = label("item_sep", lang)
    checked = [standard_label(c.standard, lang) for c in a.standards if c.checked]
    lines = [label("standards_checked_line", lang, items=sep.join(checked))] if checked else []
    not_checked = [
        label(
            "standard_missing_item",
            lang,
            name=c.standard.label(lang),
            columns=sep.join(a.rules.column(k).label(lang) for k in c.missing),
        )
        for c in a.standards
        if not c.checked
    ]
    if not_checked:
        lines.append(label("standards_not_checked_line", lang, items=sep.join(not_checked)))
    return lines


def _used_standards(a: Assessment) -> dict[str, Standard]:
    """The measure each checked standard used (e.g. 平均班额 without a 最大班额 column)."""
    return {c.key: c.standard for c in a.standards if c.checked}


def failing_block(a: Assessment, lang: str) -> Table | None:
    """Schools below a standard: which one, the value, the limit, the gap."""
    idx = a.schools.failing_indices()
    if not len(idx):
        return None
    tbl, rules = a.schools.table, a.rules
    standards = {s.key: s for s in rules.standards} | _used_standards(a)
    rows = []
    for i in idx.tolist():
        for sf in a.schools.shortfalls(i, rules.standards):
            st = standards[sf.standard]
            op = "≥" if sf.bound == "min" else "≤"
            rows.append(
                [
                    Cell(tbl.names[i] or tbl.codes[i], Kind.NAME),
                    Cell(tbl.codes[i], Kind.CODE),
                    Cell(rules.levels[tbl.level[i]].label(lang)),
                    Cell(st.label(lang)),
                    Cell(sf.value, Kind.VALUE, st.unit),
                    Cell(sf.limit, Kind.LIMIT, st.unit, op=op),
                    Cell(sf.gap, Kind.VALUE, st.unit),
                ]
            )
    keys = ("school", "code", "level", "standard", "value", "required", "gap")
    kinds = (Kind.NAME, Kind.CODE, Kind.TEXT, Kind.TEXT, Kind.VALUE, Kind.LIMIT, Kind.VALUE)
    columns = [
        Column(label(k, lang), kind=kind, key=k in ("school", "code"))
        for k, kind in zip(keys, kinds, strict=True)
    ]
    return Table(label("failing_heading", lang), columns, rows, [False] * len(rows), lang)


def schools_block(a: Assessment, lang: str) -> Table | None:
    """Every school checked against the standards: its value for each (✘ when missed),
    the number missed and its verdict (under an "at least k" rule, a tolerated miss)."""
    rules, res, tbl = a.rules, a.schools, a.schools.table
    used = _used_standards(a)
    standards = [used.get(st.key, st) for st in rules.standards if st.key in res.standard_values]
    if not standards or not len(tbl):
        return None
    columns = [
        Column(label("school", lang), kind=Kind.NAME, key=True),
        Column(label("code", lang), kind=Kind.CODE, key=True),
        Column(label("level", lang)),
    ]
    columns += [Column(st.label(lang), st.unit, Kind.VALUE) for st in standards]
    columns += [Column(label("missed", lang), kind=Kind.COUNT), Column(label("verdict", lang))]
    in_standards = tbl.in_standards
    values = {st.key: res.standard_values[st.key].tolist() for st in standards}
    failed = {st.key: res.standard_failed[st.key].tolist() for st in standards}
    rows, status = [], []
    for i in range(len(tbl)):
        if in_standards is not None and not in_standards[i]:
            continue
        cells = [
            Cell(tbl.names[i] or tbl.codes[i], Kind.NAME),
            Cell(tbl.codes[i], Kind.CODE),
            Cell(rules.levels[tbl.level[i]].label(lang)),
        ]
        missed = 0
        for st in standards:
            value, miss = values[st.key][i], bool(failed[st.key][i])
            missed += miss
            shown = None if value != value else float(value)  # NaN: not checked
            cells.append(Cell(shown, Kind.VALUE, st.unit, mark=miss))
        passed = bool(res.passed[i])
        cells.append(Cell(missed, Kind.COUNT))
        cells.append(Cell(passed, Kind.VERDICT))
        rows.append(cells)
        status.append(passed if missed else None)
    title = label("schools_heading", lang, count=len(rows))
    if rules.school_pass.rule == "at_least":
        title += label(
            "school_pass_rule",
            lang,
            k=rules.school_pass.at_least,
            n=len(rules.standards),
            pct=f"{rules.school_pass.others_min_fraction:.0%}",
        )
    return Table(title, columns, rows, status, lang)


def excluded_block(a: Assessment, lang: str) -> Table | None:
    if not a.excluded:
        return None
    rows = [
        [
            Cell(e.sheet or ""),
            Cell(str(e.row), Kind.CODE),
            Cell(e.code, Kind.CODE),
            Cell(e.name, Kind.NAME),
            Cell(render_message(e.reason, e.params, lang)),
        ]
        for e in a.excluded
    ]
    keys = ("sheet", "row", "code", "school", "reason")
    kinds = (Kind.TEXT, Kind.CODE, Kind.CODE, Kind.NAME, Kind.TEXT)
    columns = [
        Column(label(k, lang), kind=kind, key=k == "school")
        for k, kind in zip(keys, kinds, strict=True)
    ]
    return Table(label("excluded_heading", lang), columns, rows, lang=lang)
