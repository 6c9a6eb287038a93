"""The catalogue's part for the per-school standards (checked, not checked, the measure
used, the units of their columns): merged into :data:`balance_cli.messages.MESSAGES`,
``LABELS`` and ``UNITS``, the one place every caller reads them from."""

from __future__ import annotations

STANDARD_MESSAGES: dict[str, tuple[str, str]] = {
    "standard_fallback": (
        "{count} 所学校的“{column}”为空或 0，标准“{standard}”对这些学校改按“{fallback}”检查"
        "（如 {schools}）",
        "{count} schools have no '{column_en}' (blank or 0): '{standard_en}' is checked on "
        "'{fallback_en}' for them (e.g. {schools})",
    ),
}

STANDARD_LABELS: dict[str, tuple[str, str]] = {
    "standard_fallback": ("没有所需列时改用", "without its columns, instead"),
    "standard_only_if": ("（仅“{column}”大于 0 的学校）", " (only schools with {column} > 0)"),
    "standards_checked_line": ("已检查的标准：{items}", "standards checked: {items}"),
    "standards_not_checked_line": (
        "未检查的标准（缺少列）：{items}",
        "standards not checked (columns missing): {items}",
    ),
    "standard_missing_item": ("{name}（缺少“{columns}”）", "{name} (no '{columns}')"),
    # the measure a standard used (its `basis` in the rules), after the standard's name
    "basis_largest_class": ("逐班检查", "every class checked"),
    "basis_average_class": (
        "无“最大班额”列，按平均数检查，可能掩盖个别大班",
        "no largest-class column: on the average, which can hide one large class",
    ),
}

# Units of the standards' columns and values: (Chinese, English), merged into UNITS.
STANDARD_UNITS: dict[str, tuple[str, str]] = {
    "台/人": ("台/人", "computers per pupil"),
    "米": ("米", "m"),
    "张": ("张", "beds"),
    "张/人": ("张/人", "beds per boarder"),
}
