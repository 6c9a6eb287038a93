"""Messages and labels of the high-quality assessment (教督〔2017〕6号: county inputs, the
班级 sheet, the school items, the four parts' tables). Merged into
:data:`balance_cli.messages.MESSAGES` and :data:`~balance_cli.messages.LABELS`; kept apart
so that each catalogue stays one screenful of a job.
"""

from __future__ import annotations

QUALITY_MESSAGES: dict[str, tuple[str, str]] = {
    "county_out_of_range": (
        "“{item}”的值“{value}”超出合理范围（{range}）",
        "'{item_en}': the value '{value}' is out of range ({range})",
    ),
    "county_not_yes_no": (
        "“{item}”应填 是/否（也可 有/无、Y/N、✓/✗），而不是“{value}”",
        "'{item_en}' takes yes/no (是/否, 有/无, Y/N, ✓/✗), not '{value}'",
    ),
    "county_unknown": (
        "--county {option}：应为 键=值，键是县情项目之一（{known}）",
        "--county {option}: expected KEY=VALUE with KEY one of the county inputs ({known})",
    ),
    "class_sheet_header": (
        "班级工作表找不到表头（需要“学校标识码”或“学校名称”，以及“班级人数”）",
        "class sheet: no header found (it needs 学校标识码 or 学校名称, and 班级人数)",
    ),
    "class_school_unknown": (
        "班级所属学校“{school}”不在调查表中（或有多个学段，请填写学段）",
        "the class's school '{school}' is not in the survey (or has several levels: give the 学段)",
    ),
    "quality_not_checked": (
        "缺少列“{column}”，未检查“{item}”",
        "column '{column_en}' is absent: '{item_en}' was not checked",
    ),
    "quality_no_schools": (
        "没有适用“{item}”的学校，未检查",
        "no school the item '{item_en}' applies to: not checked",
    ),
}

QUALITY_LABELS: dict[str, tuple[str, str]] = {
    "not_checked": ("未检查", "not checked"),
    "quality_part_heading": (
        "{part}（{items} 项）：{status}",
        "{part} ({items} indicators): {status}",
    ),
    "quality_item_no": ("序号", "no."),
    "quality_misses_heading": (
        "未达到要求的学校（优质均衡）",
        "Schools that miss an item (high-quality balance)",
    ),
    "quality_summary": (
        "优质均衡 {total} 项指标：达标 {passed}，未达标 {failed}，未提供 {not_supplied}，"
        "未检查 {not_checked}",
        "{total} indicators: {passed} passed, {failed} failed, {not_supplied} not supplied,"
        " {not_checked} not checked",
    ),
    "quality_schools_failing": (
        "{count}所未达到：{schools}",
        "{count} schools miss it: {schools}",
    ),
    "quality_schools_none": ("所有学校达到", "every school meets it"),
    "quality_area_average": ("（按每间平均面积检查）", " (area checked on the average room)"),
    "quality_measure": ("检查内容", "measure"),
    "quality_table_title": (
        "县域义务教育优质均衡发展评估（四个方面）",
        "High-quality balance assessment (four parts)",
    ),
    "quality_part": ("方面", "part"),
    "quality_part_rules": ("{part}（{count} 项）", "{part} ({count} items)"),
    "diff_criteria_heading": ("结果有变化的评估项", "Items whose status changed"),
    "reason_quality": ("优质均衡：{name}", "high-quality balance: {name}"),
    "sheet_quality": ("优质均衡", "High-quality balance"),
}
