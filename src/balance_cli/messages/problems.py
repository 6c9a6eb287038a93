"""The general problems of the catalogue (files, cells, rules, commands): kind → (中文, English).

Merged with the parts of reading, writing, standards, the 2017 items and the plan by
:mod:`balance_cli.messages`; templates take ``str.format`` fields from a problem's params.
"""

from __future__ import annotations

GENERAL_MESSAGES: dict[str, tuple[str, str]] = {
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
