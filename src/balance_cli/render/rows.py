"""The display content shared by the table renderers: headers, rows and verdict lines.

Everything here is already-computed figures turned into strings (rounding for display:
CVs to 3 decimals); no figure is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from balance_cli.messages import LABELS, label, render_message
from balance_cli.model import Assessment, CriterionResult, Standard

_CRITERION_OPTIONS = {"gov_score": "--gov-score", "satisfaction": "--satisfaction"}


@dataclass(frozen=True)
class Block:
    """A titled table: what every renderer lays out."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    status: list[bool | None]  # per row: True passed, False failed, None neutral
    wrap: tuple[int, ...] = (0,)  # columns of text that may wrap; the others never fold


def transpose(block: Block) -> Block:
    """The same table turned a quarter: one row per column of the original."""
    headers = [block.headers[0]] + [row[0] for row in block.rows]
    rows = [
        [header] + [row[j] for row in block.rows] for j, header in enumerate(block.headers) if j
    ]
    return Block(block.title, headers, rows, [None] * len(rows))


def fmt_cv(cv: float | None, lang: str) -> str:
    return label("undefined", lang) if cv is None else f"{cv:.3f}"


def fmt_value(x: float | None) -> str:
    if x is None:
        return ""
    ax = abs(x)
    if ax == 0:
        return "0"
    if ax < 1:
        return f"{x:.4f}"
    if ax < 1000:
        return f"{x:.2f}"
    return f"{x:,.0f}"


def fmt_count(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def level_blocks(a: Assessment, lang: str) -> list[Block]:
    """Per level: rows 全县平均值 and 差异系数, the indicators, 综合, the limit, the verdict."""
    blocks = []
    rules = a.rules
    each = rules.balance.test == "each"
    for key, res in a.levels.items():
        lv = rules.level(key)
        headers = [label("item", lang)]
        headers += [f"{ind.label(lang)}({ind.unit})" for ind in rules.indicators]
        means = [label("county_mean", lang)]
        cvs = [label("cv", lang)]
        for ind in rules.indicators:
            r = res.indicators[ind.key]
            means.append(fmt_value(r.mean))
            cvs.append(fmt_cv(r.cv, lang) + ("" if r.passed is not False else " ✘"))
        limit = rules.balance.limits.get(key)
        verdict = label("passed" if res.passed else "failed", lang)
        if not each:
            headers.append(label("composite", lang))
            means.append("")
            cvs.append(fmt_cv(res.composite_cv, lang))
        headers += [label("limit", lang), label("verdict", lang)]
        means += ["", ""]
        cvs += ["" if limit is None else f"≤ {limit:g}", verdict]
        title = label(
            "level_heading",
            lang,
            level=lv.label(lang),
            schools=res.schools,
            students=fmt_count(res.students),
        )
        blocks.append(Block(title, headers, [means, cvs], [None, res.passed]))
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
    unit = crit.unit if crit.unit == "%" or lang != "en" else f" {crit.unit}"
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


def failing_block(a: Assessment, lang: str) -> Block | None:
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
                    tbl.names[i] or tbl.codes[i],
                    tbl.codes[i],
                    rules.levels[tbl.level[i]].label(lang),
                    st.label(lang),
                    fmt_value(sf.value),
                    f"{op} {sf.limit:g} {st.unit}".strip(),
                    fmt_value(sf.gap),
                ]
            )
    headers = [
        label(k, lang) for k in ("school", "code", "level", "standard", "value", "required", "gap")
    ]
    return Block(label("failing_heading", lang), headers, rows, [False] * len(rows), (0, 3))


def schools_block(a: Assessment, lang: str) -> Block | None:
    """Every school checked against the standards: its value for each (✘ when missed),
    the number missed and its verdict (under an "at least k" rule, a tolerated miss)."""
    rules, res, tbl = a.rules, a.schools, a.schools.table
    used = _used_standards(a)
    standards = [used.get(st.key, st) for st in rules.standards if st.key in res.standard_values]
    if not standards or not len(tbl):
        return None
    headers = [label(k, lang) for k in ("school", "code", "level")]
    headers += [f"{st.label(lang)}({st.unit})" for st in standards]
    headers += [label("missed", lang), label("verdict", lang)]
    in_standards = tbl.in_standards
    rows, status = [], []
    for i in range(len(tbl)):
        if in_standards is not None and not in_standards[i]:
            continue
        cells = [tbl.names[i] or tbl.codes[i], tbl.codes[i], rules.levels[tbl.level[i]].label(lang)]
        missed = 0
        for st in standards:
            value = res.standard_values[st.key][i]
            failed = bool(res.standard_failed[st.key][i])
            missed += failed
            cells.append(
                ("" if value != value else fmt_value(float(value))) + (" ✘" if failed else "")
            )
        passed = bool(res.passed[i])
        cells.append(str(missed))
        cells.append(label("passed" if passed else "failed", lang))
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
    return Block(title, headers, rows, status, (0,))


def excluded_block(a: Assessment, lang: str) -> Block | None:
    if not a.excluded:
        return None
    rows = [
        [e.sheet or "", str(e.row), e.code, e.name, render_message(e.reason, {}, lang)]
        for e in a.excluded
    ]
    headers = [label(k, lang) for k in ("sheet", "row", "code", "school", "reason")]
    return Block(label("excluded_heading", lang), headers, rows, [None] * len(rows), (3, 4))
