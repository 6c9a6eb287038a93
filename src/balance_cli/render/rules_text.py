"""A readable summary of a rule set (``balance rules show``)."""

from __future__ import annotations

from balance_cli.messages import label
from balance_cli.model import Rules, Standard
from balance_cli.model.cells import unit_label
from balance_cli.render.quality_rows import quality_lines


def _per_level(rules: Rules, values: dict[str, float], lang: str) -> str:
    sep = label("item_sep", lang)
    return sep.join(f"{rules.level(k).label(lang)} {v:g}" for k, v in values.items())


def _measure(rules: Rules, st: Standard, lang: str) -> str:
    """``名称 = [scale ×] 分子 [/ 分母] [(only where … > 0)]``."""
    scale = "" if st.scale == 1 else f"{st.scale:g} × "
    text = f"{st.label(lang)} = {scale}{rules.column(st.numerator).label(lang)}"
    if st.denominator is not None:
        text += f" / {rules.column(st.denominator).label(lang)}"
    if st.only_if_positive is not None:
        column = rules.column(st.only_if_positive).label(lang)
        text += label("standard_only_if", lang, column=column)
    return text


def describe_rules(rules: Rules, lang: str, limit: int | None = None) -> str:
    """The rule set as text; lines wrapped to ``limit`` columns (None: not wrapped)."""
    lines = _lines(rules, lang)
    if limit is None:
        return "\n".join(lines)
    from balance_cli.render.layout import wrap

    out = []
    for line in lines:
        indent = " " * (len(line) - len(line.lstrip()) + 4)
        out += wrap(line, limit, indent[: max(0, limit // 3)])
    return "\n".join(out)


def _lines(rules: Rules, lang: str) -> list[str]:
    students = rules.column("students").label(lang)
    lines = [f"{rules.label(lang)} ({rules.id})"]
    if rules.source:
        lines.append(f"  {label('source', lang)}: {rules.source}")
    if rules.path:
        lines.append(f"  {label('rules_file', lang)}: {rules.path}")
    lines.append("")
    lines.append(label("indicators_heading", lang, count=len(rules.indicators)))
    for ind in rules.indicators:
        col = rules.column(ind.column)
        scale = "" if ind.scale == 1 else f"{ind.scale:g} × "
        unit = unit_label(ind.unit, lang)
        lines.append(
            f"  {ind.key:<20} {ind.label(lang)} ({unit}) = {scale}{col.label(lang)} / {students}"
        )
    bal = rules.balance
    lines.append("")
    test = label(f"balance_test_{bal.test}", lang)
    lines.append(
        f"{label('balance_heading', lang)}: {test} ≤ {_per_level(rules, bal.limits, lang)}"
    )
    if bal.source:
        lines.append(f"  {label('source', lang)}: {bal.source}")
    lines.append("")
    lines.append(label("standards_heading", lang, count=len(rules.standards)))
    for st in rules.standards:
        bound, values = ("≥", st.min) if st.min else ("≤", st.max)
        lines.append(f"  {st.key:<20} {_measure(rules, st, lang)}")
        for other in st.fallback:
            lines.append(f"    {label('standard_fallback', lang)}: {_measure(rules, other, lang)}")
        lines.append(f"    {bound} {_per_level(rules, values, lang)} {unit_label(st.unit, lang)}")
        lines.append(f"    {label('source', lang)}: {st.source}")
    scope = rules.scope
    if scope.teaching_points or scope.exclude:
        lines.append("")
        lines.append(label("scope_heading", lang))
        tp = scope.teaching_points
        if tp is not None:
            values = label("item_sep", lang).join(tp.values)
            lines.append(f"  {'teaching_points':<20} {tp.action}: {values}")
            lines.append(f"    {label('source', lang)}: {tp.source}")
        for rule in scope.exclude:
            out = ", ".join(rule.left_out_of)
            values = label("item_sep", lang).join(rule.values)
            lines.append(f"  {rule.key:<20} {rule.label(lang)}: {values} → {out}")
            lines.append(f"    {label('source', lang)}: {rule.source}")
    if rules.criteria:
        lines.append("")
        lines.append(label("inputs_heading", lang))
        for c in rules.criteria:
            unit = unit_label(c.unit, lang)
            unit = unit if unit == "%" or lang != "en" else f" {unit}"
            lines.append(f"  {c.key:<20} {c.label(lang)} ≥ {c.min:g}{unit}")
            lines.append(f"    {label('source', lang)}: {c.source}")
    lines += quality_lines(rules, lang)  # high-quality balance: parts 2–4, precondition
    return lines
