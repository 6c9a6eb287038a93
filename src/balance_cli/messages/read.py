"""Messages of the read contract (workbook/, rules loading): kind → (中文, English).

Kept beside :mod:`balance_cli.messages`, which merges them into its catalogue: files that are
not what their name says, that ask for unbounded work, and cells that are not guessed.
"""

from __future__ import annotations

from typing import Any

READ_MESSAGES: dict[str, tuple[str, str]] = {
    "csv_encoding": (
        "无法识别 CSV 文件编码（已尝试 UTF-8、UTF-8 BOM、GB18030）",
        "cannot decode the CSV file (tried UTF-8, UTF-8 with BOM, GB18030)",
    ),
    "file_too_large": (
        "文件过大（{mb} MB，上限 {limit} MB），无法安全读取 — 请把数据拆分成几个文件",
        "the file is too large ({mb} MB; at most {limit} MB can be read safely)"
        " — split the data into several files",
    ),
    "xlsx_too_large": (
        "工作簿解压后过大（{part} 超过 {limit} MB），无法安全读取，可能已损坏"
        " — 请用 Excel 或 WPS 打开后另存为 .xlsx，或把数据拆分成几个文件",
        "the workbook unpacks to too much data ({part} over {limit} MB) and cannot be read"
        " safely; it may be damaged — open it in Excel or WPS and save it as .xlsx again,"
        " or split the data into several files",
    ),
    "zip_too_many": (
        "工作簿内部包含 {count} 个文件（上限 {limit}），不像 Excel 文件"
        " — 请用 Excel 或 WPS 打开后另存为 .xlsx",
        "the workbook holds {count} internal files (at most {limit}): not what Excel writes"
        " — open it in Excel or WPS and save it as .xlsx again",
    ),
    "xml_doctype": (
        "工作簿内部文件 {part} 含有 DOCTYPE/实体声明（Excel 不会写出），为安全起见不予读取"
        " — 请用 Excel 或 WPS 打开后另存为 .xlsx",
        "the workbook's part {part} holds a DOCTYPE/entity declaration (Excel never writes"
        " one); refused for safety — open it in Excel or WPS and save it as .xlsx again",
    ),
    "sheet_too_large": (
        "工作表的内容一直延伸到单元格 {cell}（约 {cells} 个单元格，上限 {limit}），无法安全读取"
        " — 请删除表格以外的内容，或把数据拆分成几个文件",
        "the sheet's cells reach {cell} (about {cells} cells; at most {limit} can be read"
        " safely) — delete anything outside the table, or split the data into several files",
    ),
    "sheet_stray_cell": (
        "单元格 {cell} 有内容，但远在表格之外（表格只有约 {rows} 行）"
        "— 请删除该单元格的内容后重新保存",
        "cell {cell} holds something far outside the table (the table has about {rows} rows)"
        " — delete that cell's content and save again",
    ),
    "sheet_hidden": (
        "隐藏的工作表，未读取（如需计入，请在 Excel 中取消隐藏，或用 --sheet 指定）",
        "hidden sheet, not read (unhide it in Excel, or name it with --sheet, to include it)",
    ),
    "reader_crashed": (
        "读取文件时读取程序异常终止（文件过大或已损坏）"
        " — 请用 Excel 或 WPS 打开后另存为 .xlsx，或把数据拆分成几个文件",
        "the reader stopped abnormally on this file (too large or damaged)"
        " — open it in Excel or WPS and save it as .xlsx again, or split the data",
    ),
    "out_of_memory": (
        "文件太大，内存不足以读取 — 请把数据拆分成几个文件",
        "the file is too large to read in the memory available — split the data into several files",
    ),
    "internal_error": (
        "内部错误（{detail}）— 这是 balance 的缺陷，请把该文件和这条消息报告给维护者",
        "internal error ({detail}) — this is a bug in balance; please report it with this"
        " file and this message",
    ),
    "csv_nul": (
        "第 {line} 行含有空字符（NUL），不像文本文件"
        " — 请用 Excel 或 WPS 打开后另存为 CSV（UTF-8）或 .xlsx",
        "line {line} holds NUL characters: not a text file"
        " — open it in Excel or WPS and save it as CSV (UTF-8) or .xlsx again",
    ),
    "too_many_columns": (
        "这一行有 {columns} 列，超过 Excel 的上限 {limit} 列，不像表格 — 请检查分隔符或文件内容",
        "this line has {columns} fields, more than Excel's {limit} columns: not a table"
        " — check the separator and the content",
    ),
    "wrong_extension": (
        "文件实际是 {found} 格式，但扩展名是 {suffix} — 请把扩展名改为 {found}",
        "the file is really in {found} format but is named {suffix} — rename it to {found}",
    ),
    "error_cell": (
        "单元格是错误值 {code}（公式出错），不能当作数字 — 请改正公式或填入数值",
        "the cell holds the error value {code} (a failed formula), not a number"
        " — fix the formula or type the value",
    ),
    "formula_no_value": (
        "公式没有保存计算结果，读不到数值 — 请用 Excel 或 WPS 打开文件后保存",
        "a formula saved without its result, so there is no value to read"
        " — open the file in Excel or WPS and save it",
    ),
    "ambiguous_number": (
        "“{value}”含义不明：逗号不是千位分隔符（是小数点吗？）— 请写成不带逗号的数字",
        "'{value}' is ambiguous: the comma is not a thousands separator (a decimal"
        " comma?) — write the number without the comma",
    ),
    "number_too_large": (
        "数值过大，无法精确计算：{value}（上限 9007199254740992）",
        "the value is too large to compute with exactly: {value} (at most 9007199254740992)",
    ),
    "text_too_long": (
        "单元格文字过长（{length} 个字符，Excel 的上限是 32767）",
        "the cell's text is too long ({length} characters; Excel allows 32767)",
    ),
    "duplicate_content": (
        "学校“{school}”（{level}）与第 {other_row} 行的名称、学段和各项数值完全相同，"
        "可能重复录入 — 请删除其中一行，或填写各自的学校标识码",
        "school '{school}' ({level_en}) has the same name, level and values as row"
        " {other_row}: entered twice? — delete one row, or give each its school code",
    ),
    "rules_too_large": (
        "规则文件过大（{kb} KB，上限 {limit} KB）",
        "the rules file is too large ({kb} KB; at most {limit} KB)",
    ),
    "rules_aliases": (
        "规则文件展开别名（*锚点引用）后超过 {limit} 个节点（第 {line} 行起），不予读取",
        "the rules file expands to more than {limit} nodes through aliases (*references),"
        " from line {line}: refused",
    ),
    "rules_unreadable": ("无法读取规则文件（{detail}）", "cannot read the rules file ({detail})"),
    "rules_not_finite": (
        "规则文件中 {path} 的值不是有限的数（.inf 或 .nan）",
        "rules key {path} is not a finite number (.inf or .nan)",
    ),
}

# The plain-language reasons of ``file_unreadable`` (its ``detail_label`` param).
READ_LABELS: dict[str, tuple[str, str]] = {
    # what a rules file's key breaks of the schema (rules/schema_text.py): the {detail}
    # of "rules_schema", in the user's language
    "schema_required": ("缺少必需的键“{key}”", "the required key '{key}' is missing"),
    "schema_unknown": (
        "有未知的键：{keys}（可用的键：{allowed}）",
        "unknown keys: {keys_en} (known keys: {allowed})",
    ),
    "schema_type": ("应为{type}，而不是“{value}”", "must be {type_en}, not '{value}'"),
    "schema_enum": (
        "“{value}”不在允许的取值中（{values}）",
        "'{value}' is not one of the allowed values ({values})",
    ),
    "schema_bound": (
        "{value} 超出范围：应 {op} {limit}",
        "{value} is out of range: it must be {op} {limit}",
    ),
    "schema_key": (
        "“{value}”不是有效的键：只能用小写英文字母、数字和下划线（如 teaching_space）",
        "'{value}' is not a valid key: lower-case letters, digits and _ (e.g. teaching_space)",
    ),
    "schema_empty": ("不能为空", "must not be empty"),
    "schema_form": (
        "“{value}”不是允许的形式（见 rules/README.md）",
        "'{value}' is not one of the accepted forms (see rules/README.md)",
    ),
    "unreadable_damaged": (
        "不是 Excel 文件或已损坏 — 请用 Excel 或 WPS 打开后另存为 .xlsx",
        "not an Excel file, or damaged — open it in Excel or WPS and save it as .xlsx again",
    ),
    "unreadable_empty": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "unreadable_encrypted": (
        "工作簿设有打开密码（已加密）— 请在 Excel 或 WPS 中取消密码后另存为 .xlsx",
        "the workbook is password-protected (encrypted) — remove the password in Excel or"
        " WPS and save it as .xlsx again",
    ),
    "unreadable_word": (
        "不是 Excel 文件，而是 Word 文档 — 请把表格复制到 Excel 或 WPS 表格中，另存为 .xlsx",
        "not an Excel file but a Word document — copy the table into Excel or WPS and save"
        " it as .xlsx",
    ),
    "unreadable_html": (
        "不是 Excel 文件，而是网页（HTML，常见于网上系统导出的表格）"
        " — 请用 Excel 或 WPS 打开后另存为 .xlsx",
        "not an Excel file but a web page (HTML, as some online systems export)"
        " — open it in Excel or WPS and save it as .xlsx",
    ),
    "unreadable_pdf": (
        "不是 Excel 文件，而是 PDF 文档 — 请提供原始的 Excel 表格",
        "not an Excel file but a PDF document — ask for the original spreadsheet",
    ),
    "unreadable_text": (
        "不是 Excel 文件，而是纯文本 — 若是 CSV，请把扩展名改为 .csv",
        "not an Excel file but plain text — if it is CSV, rename it to .csv",
    ),
    "unreadable_other": (
        "不是 Excel 文件，而是 {found} 文件 — 请用 Excel 或 WPS 打开表格后另存为 .xlsx",
        "not an Excel file but a {found} file — open the table in Excel or WPS and save it"
        " as .xlsx",
    ),
    "unreadable_not_csv": (
        "不是 CSV 文本文件，而是 {found} 文件 — 若是 Excel 工作簿，请改用正确的扩展名",
        "not a CSV text file but a {found} file — if it is an Excel workbook, give it the"
        " right extension",
    ),
    "unreadable_binary_csv": (
        "不是 CSV 文本文件（内容是二进制数据）— 请用 Excel 或 WPS 打开后另存为 CSV（UTF-8）",
        "not a CSV text file (the content is binary) — open it in Excel or WPS and save it"
        " as CSV (UTF-8)",
    ),
    "unreadable_os": ("系统错误：{error}", "system error: {error}"),
}


def with_labels(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """``params`` with each ``X_label`` naming a READ_LABELS entry rendered into ``X``."""
    if not any(k.endswith("_label") for k in params):
        return params
    out = dict(params)
    for key, value in params.items():
        if key.endswith("_label") and value in READ_LABELS:
            zh, en = READ_LABELS[value]
            text = en if lang == "en" else zh
            try:
                out[key[: -len("_label")]] = text.format(**params)
            except (KeyError, IndexError, ValueError):
                out[key[: -len("_label")]] = text
    return out
