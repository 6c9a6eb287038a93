"""The message catalogue: one stable ``kind`` → a Chinese and an English template.

Templates use ``str.format`` fields filled from a problem's params; Chinese by default,
English with ``--lang en``. The catalogue parts of writing, reading, plan and the 2017
items live beside it (``*_messages.py``) and are merged here: one place, one test."""

from __future__ import annotations

from typing import Any

from balance_cli.messages_quality import QUALITY_LABELS, QUALITY_MESSAGES
from balance_cli.messages_standards import STANDARD_LABELS, STANDARD_MESSAGES, STANDARD_UNITS
from balance_cli.plan_messages import PLAN_LABELS, PLAN_MESSAGES
from balance_cli.read_messages import READ_MESSAGES, with_labels
from balance_cli.write_messages import WRITE_MESSAGES

MESSAGES: dict[str, tuple[str, str]] = {
    # files
    "file_not_found": ("找不到文件", "file not found"),
    "file_unreadable": ("无法读取文件（{detail}）", "cannot read the file ({detail})"),
    "file_type_unknown": (
        "不支持的文件类型“{suffix}”，应为 .xlsx、.xlsm、.xls、.ods 或 .csv",
        "unsupported file type '{suffix}': expected .xlsx, .xlsm, .xls, .ods or .csv",
    ),
    "no_sheets": ("工作簿中没有可用的工作表", "the workbook has no usable sheet"),
    "sheet_not_found": (
        "找不到工作表“{sheet}”，现有工作表：{available}",
        "no sheet named '{sheet}'; sheets present: {available}",
    ),
    "no_header": (
        "前 {rows} 行中找不到表头（需要包含“在校生数”等列名）",
        "no header row found in the first {rows} rows (a header names columns such as 在校生数)",
    ),
    "sheet_skipped": (
        "工作表没有可识别的表头，已跳过",
        "sheet has no recognisable header and was skipped",
    ),
    "missing_column": (
        "缺少必需的列“{column}”（可用列名：{aliases}）",
        "required column '{column}' is missing (accepted headers: {aliases})",
    ),
    "missing_identity": (
        "缺少学校标识列：需要“学校标识码”或“学校名称”",
        "no school identity column: 学校标识码 (code) or 学校名称 (name) is required",
    ),
    "no_level": (
        "无法确定学段：没有“学段”列，且工作表名“{sheet}”不是学段名称（{levels}）",
        "cannot tell the level: no 学段 column and the sheet name '{sheet}'"
        " is not a level ({levels})",
    ),
    "duplicate_column": (
        "列“{column}”出现了两次（{first} 与 {second}）",
        "column '{column}' appears twice ({first} and {second})",
    ),
    "unknown_unit": (
        "列“{header}”中的单位“{unit}”无法识别（该列应为 {expected}）",
        "unknown unit '{unit}' in header '{header}' (this column is in {expected})",
    ),
    "no_schools": ("文件中没有学校数据行", "the file holds no school rows"),
    # cells
    "not_a_number": ("“{value}”不是数字", "'{value}' is not a number"),
    "negative_value": ("数值不能为负：{value}", "value must not be negative: {value}"),
    "students_not_positive": (
        "在校生数必须大于 0，实际为“{value}”",
        "在校生数 (students) must be greater than 0, found '{value}'",
    ),
    "students_blank": ("在校生数为空", "在校生数 (students) is blank"),
    "unknown_level": (
        "学段“{value}”无法识别（应为 {levels}）",
        "level '{value}' is not recognised (expected {levels})",
    ),
    "blank_identity": (
        "学校标识码和学校名称均为空",
        "both 学校标识码 (code) and 学校名称 (name) are blank",
    ),
    "duplicate_school": (
        "学校“{school}”（{level}）重复出现，另见第 {other_row} 行",
        "school '{school}' ({level_en}) appears twice; see also row {other_row}",
    ),
    "placeholder_zero": (
        "“{value}”按 0 处理",
        "'{value}' read as 0",
    ),
    # exclusions
    "totals_row": ("合计行，不计为学校", "totals row, not counted as a school"),
    "unmapped_row": (
        "已知列均为空，其他列有内容“{text}”（如表注），不计为学校",
        "every known column is empty, another holds '{text}' (a note?): not counted as a school",
    ),
    "teaching_point_merged": (
        "教学点，学生和资源已并入所属学校“{parent}”",
        "teaching point: students and resources merged into '{parent}'",
    ),
    "teaching_point_excluded": ("教学点，按规则不计入", "teaching point, left out by the rules"),
    "scope_out_both": (
        "{name}，不计入达标检查和差异系数",
        "{name_en}: left out of the standards and the CVs",
    ),
    "scope_out_standards": ("{name}，不计入达标检查", "{name_en}: left out of the standards check"),
    "scope_out_balance": ("{name}，不计入差异系数", "{name_en}: left out of the CVs"),
    "parent_missing": (
        "教学点“{school}”没有填写所属学校，无法并入",
        "teaching point '{school}' has no 所属学校 (parent school) to be merged into",
    ),
    "parent_not_found": (
        "教学点“{school}”的所属学校“{parent}”在同一学段中找不到",
        "teaching point '{school}': parent school '{parent}' not found at the same level",
    ),
    # rules
    "rules_not_found": (
        "找不到规则“{name}”：既不是内置规则（{builtins}），也不是文件",
        "no rules named '{name}': neither a built-in rule set ({builtins}) nor a file",
    ),
    "rules_not_yaml": (
        "规则文件不是有效的 YAML：{detail}",
        "the rules file is not valid YAML: {detail}",
    ),
    "rules_schema": (
        "规则文件中 {path} 不符合要求：{detail}",
        "rules key {path} is invalid: {detail}",
    ),
    "rules_reference": (
        "规则文件中 {path} 引用了未定义的{what}“{name}”",
        "rules key {path} refers to an undefined {what} '{name}'",
    ),
    # assessment warnings
    "single_school": (
        "{level}只有 1 所学校，差异系数按 0 计",
        "{level_en} has only one school: its difference coefficients are 0",
    ),
    "mean_zero": (
        "{level}“{indicator}”全县平均值为 0，差异系数无法计算",
        "{level_en} '{indicator_en}': the county mean is 0, so the coefficient is undefined",
    ),
    "standard_not_checked": (
        "工作簿没有“{column}”列，标准“{standard}”未检查",
        "the workbook has no '{column}' column, so the standard '{standard_en}' was not checked",
    ),
    "standard_undefined": (
        "学校“{school}”的“{column}”为 0，标准“{standard}”无法检查",
        "school '{school}': '{column_en}' is 0, so the standard '{standard_en}' cannot be checked",
    ),
    "level_absent": (
        "没有{level}学校，该学段未评估",
        "no {level_en} schools: that level was not assessed",
    ),
    "implausible_value": (
        "学校“{school}”的{indicator}为 {value}，超出合理范围（{low}～{high}），可能是单位错误",
        "school '{school}': {indicator_en} is {value}, outside the plausible range {low}–{high}"
        " (often a unit error)",
    ),
    # usage
    "no_files": (
        "没有找到调查表文件（.xlsx/.xls/.ods/.csv）",
        "no survey files found (.xlsx/.xls/.ods/.csv)",
    ),
    "bad_option": ("{option}：{detail}", "{option}: {detail}"),
    "apply_unsupported": (
        "--apply-to 只支持 .xlsx/.xlsm 或 .csv 输入，且输出与输入同类型",
        "--apply-to needs an .xlsx/.xlsm or .csv input, and an output of the same kind",
    ),
    "prices_invalid": (
        "价格文件中“{item}”无效：{detail}",
        "prices file: '{item}' is invalid: {detail}",
    ),
    "file_exists": ("文件已存在（用 --force 覆盖）", "the file exists (use --force to overwrite)"),
    "option_one_file": ("{option} 只能用于单个文件", "{option} works on one file only"),
    "output_not_xlsx": (
        "{option} 必须是 .xlsx 文件（实际为“{file}”）",
        "{option} must name an .xlsx file (not '{file}')",
    ),
    "option_format": (
        "{option} 不能与 --format {format} 一起使用",
        "{option} cannot be combined with --format {format}",
    ),
    "click_usage": ("命令行有误：{detail}", "usage error: {detail}"),
    "no_such_option": (
        "没有选项 {option}（用 --help 查看可用选项）",
        "no such option: {option} (see --help)",
    ),
    "missing_argument": ("缺少参数 {param}", "missing argument {param}"),
    "bad_value": ("{param} 的值无效：{detail}", "invalid value for {param}: {detail}"),
    "extra_argument": ("多余的参数：{args}", "unexpected extra argument: {args}"),
    "no_such_command": (
        "没有命令“{command}”（用 balance --help 查看命令）",
        "no such command '{command}' (see balance --help)",
    ),
    "rules_differ": (
        "两次评估使用的规则不同（{old} 与 {new}），差异系数不可比；请用同一规则",
        "the two sides use different rules ({old} and {new}): their coefficients do not"
        " compare; use the same rules",
    ),
}
MESSAGES |= STANDARD_MESSAGES | WRITE_MESSAGES | QUALITY_MESSAGES | READ_MESSAGES | PLAN_MESSAGES


class _English(dict):
    """Params whose English form ("level_en") falls back to the plain one when absent."""

    def __missing__(self, key: str) -> Any:
        if key.endswith("_en") and key[:-3] in self:
            return self[key[:-3]]
        raise KeyError(key)


def render_message(kind: str, params: dict[str, Any], lang: str = "zh") -> str:
    """The message of ``kind`` in ``lang`` ("zh" or "en"), its fields filled from params."""
    templates = MESSAGES.get(kind)
    if templates is None:
        return f"{kind}: {params}"
    template = templates[1] if lang == "en" else templates[0]
    params = with_labels(params, lang)  # "detail_label": "unreadable_word" → "detail"
    try:
        return template.format_map(_English(params))
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"


# Labels of tables and verdicts (not problems): key → (Chinese, English).
LABELS: dict[str, tuple[str, str]] = {
    "item": ("项目", "item"),
    "county_mean": ("全县平均值", "county mean"),
    "cv": ("差异系数", "difference coefficient"),
    "composite": ("综合", "composite"),
    "limit": ("标准", "limit"),
    "verdict": ("结论", "verdict"),
    "passed": ("达标", "passed"),
    "failed": ("未达标", "failed"),
    "undefined": ("无法计算", "undefined"),
    "not_supplied": ("未提供", "not supplied"),
    "level_heading": (
        "{level}：{schools} 所学校，在校生 {students} 人",
        "{level}: {schools} schools, {students} students",
    ),
    "overall_passed": ("评估结论：通过", "Verdict: PASSED"),
    "overall_failed": ("评估结论：未通过", "Verdict: FAILED"),
    "overall_partial": (
        "（第 {items} 项未提供，未纳入本结论；提供后方可完整认定）",
        "(criteria {items} were not supplied and are not part of this verdict)",
    ),
    "criterion_standards": ("学校达到办学条件基本标准", "every school meets the basic standards"),
    "criterion_balance": (
        "校际均衡（差异系数）",
        "balance between schools (difference coefficients)",
    ),
    "standards_detail": ("{failing} 所学校未达标", "{failing} schools miss a standard"),
    "balance_detail_composite": (
        "{level}综合 {cv} {op} {limit}",
        "{level} composite {cv} {op} {limit}",
    ),
    "balance_detail_each": (
        "{level}超过 {limit} 的指标 {failing} 项",
        "{level}: {failing} indicators above {limit}",
    ),
    "missed": ("未达项", "missed"),
    "schools_heading": ("各校达标情况（{count} 所）", "Schools against the standards ({count})"),
    "school_pass_rule": (
        "：至少 {k}/{n} 项达到要求、其余不低于要求的 {pct} 即为达标",
        ": a school passes with at least {k} of {n} met and the rest at {pct} or more",
    ),
    "input_detail": ("{value}（要求 ≥ {limit}{unit}）", "{value} (required ≥ {limit}{unit})"),
    "input_missing": (
        "要求 ≥ {limit}{unit}，用 {option} 提供",
        "required ≥ {limit}{unit}; give it with {option}",
    ),
    "failing_heading": ("未达到基本标准的学校", "Schools below the basic standards"),
    "school": ("学校", "school"),
    "code": ("学校标识码", "code"),
    "level": ("学段", "level"),
    "standard": ("标准", "standard"),
    "value": ("实际值", "value"),
    "required": ("要求", "required"),
    "gap": ("差距", "gap"),
    "excluded_heading": ("未计入的行", "Rows not counted"),
    "row": ("行", "row"),
    "reason": ("原因", "reason"),
    "sheet": ("工作表", "sheet"),
    "warnings_heading": ("警告 {count} 条", "{count} warnings"),
    "more_warnings": (
        "……另有 {count} 条警告（完整列表见 --format json）",
        "... {count} more warnings (see --format json for all)",
    ),
    "rules_errors_heading": (
        "错误：规则有 {count} 个问题，未进行评估",
        "error: {count} problem(s) in the rules; nothing was assessed",
    ),
    "usage_errors_heading": ("错误：", "error:"),
    "internal_error": (
        "balance 内部错误（{error}）。这不是您数据的问题；请把这条信息和所用命令报告给维护者。",
        "internal error in balance ({error}). This is not a problem of your data; please"
        " report this line and the command you ran to the maintainers.",
    ),
    "errors_heading": (
        "错误：{file} 有 {count} 个问题，未进行评估",
        "error: {file} has {count} problem(s); nothing was assessed",
    ),
    "criterion_line": ("{n}. {name}：{status}（{detail}）", "{n}. {name}: {status} ({detail})"),
    "detail_sep": ("；", "; "),
    "item_sep": ("、", ", "),
    "severity_warning": ("警告：", "warning: "),
    "severity_excluded": ("未计入：", "not counted: "),
    "check_summary": (
        "已检查 {files} 个文件：{errors} 个错误，{warnings} 条警告",
        "checked {files} file(s): {errors} error(s), {warnings} warning(s)",
    ),
    "file": ("文件", "file"),
    "rules_short": ("规则", "rules"),
    "worst_cv": ("最大差异系数", "worst CV"),
    "level_measure": ("{level}{measure}", "{level} {measure}"),
    "failing_schools": ("未达标学校数", "schools below standards"),
    "verdict_passed": ("通过", "passed"),
    "verdict_failed": ("未通过", "failed"),
    "error": ("无法评估：", "not assessed: "),
    "batch_heading": ("批量评估：{files} 个文件", "Batch: {files} files"),
    "source": ("依据", "source"),
    "rules_file": ("文件", "file"),
    "indicators_heading": ("指标（{count} 项）", "Indicators ({count})"),
    "balance_heading": ("校际均衡", "Balance"),
    "balance_test_composite": (
        "综合差异系数（各指标差异系数的平均值）",
        "composite CV (mean of the indicators' CVs)",
    ),
    "balance_test_each": ("每项指标的差异系数", "every indicator's CV"),
    "standards_heading": ("学校基本标准（{count} 项）", "Per-school standards ({count})"),
    "scope_heading": ("纳入范围", "Scope"),
    "inputs_heading": ("需另行提供的评估项", "Criteria given as inputs"),
    "old_cv": ("上次差异系数", "old CV"),
    "new_cv": ("本次差异系数", "new CV"),
    "change": ("变化", "change"),
    "trend": ("趋势", "trend"),
    "trend_better": ("改善", "better"),
    "trend_worse": ("变差", "worse"),
    "trend_same": ("持平", "same"),
    "old": ("上次", "old"),
    "new": ("本次", "new"),
    "indicator": ("指标", "indicator"),
    "school_added": ("新增", "added"),
    "school_removed": ("减少", "removed"),
    "diff_level_heading": (
        "{level}：上次 {old} 所学校，本次 {new} 所",
        "{level}: {old} schools before, {new} now",
    ),
    "diff_schools_heading": ("新增和减少的学校", "Schools added and removed"),
    "diff_changed_heading": (
        "变化最大的学校（前 {shown} 所，共 {total} 所有变化）",
        "Schools that changed most ({shown} of {total} with changes)",
    ),
    "diff_verdict": ("评估结论：上次{old}，本次{new}", "Verdict: {old} before, {new} now"),
    "template_written": ("已写入调查表模板：{file}", "template written: {file}"),
    "balance_table_title": ("义务教育学校校际均衡情况", "Balance between schools"),
    "standards_table_title": (
        "义务教育学校办学条件达标情况",
        "Schools against the basic standards",
    ),
    "values_table_title": ("各校指标值", "Indicator values of every school"),
    "students": ("在校生数", "students"),
    "column": ("列", "column"),
    "criterion": ("评估项", "criterion"),
    "status": ("结果", "status"),
    "detail": ("说明", "detail"),
    "report_written": ("已写入报告：{file}", "report written: {file}"),
    "cv_before": ("调整前差异系数", "CV before"),
    "cv_after": ("调整后差异系数", "CV after"),
    "target": ("目标", "target"),
    "resource": ("资源", "resource"),
    "amount": ("需增加", "to add"),
    "reason_standard": ("达标：{name}", "standard: {name}"),
    "reason_balance": ("均衡：{name}", "balance: {name}"),
    "reason_subset": ("随{name}一并计入{set}", "counted in {set} with {name}"),
    "plan_level_heading": ("{level}：差异系数调整前后", "{level}: coefficients before and after"),
    "plan_additions_heading": ("需增加的资源（{count} 项）", "Additions ({count})"),
    "plan_totals_heading": ("合计", "Totals"),

    "plan_verdict": (
        "评估结论：调整前{before}，按计划增加后{after}",
        "Verdict: {before} now, {after} with the plan",
    ),
    "explain_heading": (
        "{level}：各指标差异贡献最大的学校（前 {top} 所）",
        "{level}: schools contributing most to each indicator's variance (top {top})",
    ),
    "top_contributors": ("学校及其方差占比", "schools and their share of the variance"),
    "above": ("高于均值", "above the mean"),
    "below": ("低于均值", "below the mean"),
    "share": ("方差占比", "share"),
    "direction": ("相对均值", "against the mean"),
    "applied_written": (
        "已写入按计划调整后的副本：{file}",
        "copy with the plan applied written: {file}",
    ),
    "rules_valid": ("{file}：规则有效（{id}）", "{file}: valid rules ({id})"),
    "rules_line": ("规则：{name}（{id}）", "rules: {name} ({id})"),
    # the report workbook
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "sheet_balance": ("校际均衡", "Balance"),
    "sheet_standards": ("达标情况", "Standards"),
    "sheet_values": ("学校指标", "School values"),
    "sheet_excluded": ("排除与合并", "Not counted"),
    "sheet_warnings": ("警告", "Warnings"),
    "sheet_verdict": ("结论", "Verdict"),
    "sheet_chart_data": ("图表数据", "Chart data"),
    "sheet_charts": ("图表", "Charts"),
    "report_not_supplied": (
        "未提供（须另附评估结果）；要求 ≥ {limit}{unit}",
        "not supplied (the assessment result is to be attached); required ≥ {limit}{unit}",
    ),
    "report_partial": (
        "第 {items} 项未提供，未纳入本结论，须另附评估结果后方可完整认定。",
        "Criteria {items} were not supplied and are not part of this verdict; their"
        " assessment results are to be attached before a full verdict.",
    ),
    "report_source_file": ("数据来源", "data from"),
    "continued": ("{title}（续 {part}/{parts}）", "{title} (continued, {part}/{parts})"),
    **QUALITY_LABELS, **STANDARD_LABELS, **PLAN_LABELS,  # the catalogue's other parts
}
# The units of the rules in each language: the one table for the terminal, the text
# formats and the report (the rules hold the Chinese unit; "" shows none).
UNITS: dict[str, tuple[str, str]] = {
    "m²": ("m²", "m²"),
    "元": ("元", "yuan"),
    "万元": ("万元", "10,000 yuan"),
    "台": ("台", "computers"),
    "册": ("册", "volumes"),
    "间": ("间", "rooms"),
    "人/生": ("人/生", "teachers per student"),
    "人": ("人", "people"),
    "人/班": ("人/班", "students per class"),
    "个": ("个", ""),
    "分": ("分", "points"),
    "%": ("%", "%"),
}


def unit_label(unit: str | None, lang: str = "zh") -> str:
    """A unit in ``lang``: "" when there is none to show."""
    if not unit:
        return ""
    zh, en = UNITS.get(unit) or STANDARD_UNITS.get(unit, (unit, unit))
    return en if lang == "en" else zh


report_unit = unit_label  # the report's name for it


def label(key: str, lang: str = "zh", **params: Any) -> str:
    zh, en = LABELS[key]
    text = en if lang == "en" else zh
    return text.format(**params) if params else text
