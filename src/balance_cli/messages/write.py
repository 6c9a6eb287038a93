"""Messages of the write rule (render/safe_write.py, render/apply.py): kind → (中文, English).

Kept beside :mod:`balance_cli.messages`, which merges them into its catalogue. Each problem is
located at the output it could not write ("OUT: 无法写入：…" / "OUT: cannot write: …"),
never at an input, so a problem of the output is not mistaken for one of the survey.
"""

from __future__ import annotations

WRITE_MESSAGES: dict[str, tuple[str, str]] = {
    "write_is_folder": ("无法写入：这是一个文件夹", "cannot write: it is a folder"),
    "write_not_regular": (
        "无法写入：它不是普通文件（设备、管道或终端）；请给出一个文件路径",
        "cannot write: it is not a regular file (a device, a pipe or a terminal);"
        " give the path of a file",
    ),
    "write_suffix": (
        "无法写入：扩展名应为 {expected}",
        "cannot write: the name must end in {expected}",
    ),
    "write_is_input": (
        "无法写入：它就是本次读取的文件 {input}，输出不能覆盖输入（--force 也不行）",
        "cannot write: it is {input}, a file this run reads; an output never"
        " replaces an input (not even with --force)",
    ),
    "write_no_folder": (
        "无法写入：文件夹“{folder}”不存在",
        "cannot write: the folder '{folder}' does not exist",
    ),
    "write_denied": (
        "无法写入：没有在“{folder}”中写文件的权限（或磁盘只读，或文件正被 Excel/WPS 打开）",
        "cannot write: no permission to write in '{folder}' (or the disk is read-only,"
        " or the file is open in Excel/WPS)",
    ),
    "write_read_only": (
        "无法写入：文件是只读的",
        "cannot write: the file is read-only",
    ),
    "write_exists": (
        "无法写入：文件已存在，且不是 balance 写出的报告（确认覆盖请加 --force）",
        "cannot write: the file exists and is not a report balance wrote"
        " (add --force to replace it)",
    ),
    "write_no_space": (
        "无法写入：磁盘空间不足（原文件保持不变）",
        "cannot write: no space left on the disk (the old file is unchanged)",
    ),
    "write_too_large": (
        "无法写入：超出允许的文件大小（原文件保持不变）",
        "cannot write: the file size limit was reached (the old file is unchanged)",
    ),
    "write_failed": (
        "无法写入：{detail}（原文件保持不变）",
        "cannot write: {detail} (the old file is unchanged)",
    ),
    "apply_encoding": (
        "无法写入：输入文件按 {encoding} 解码后无法原样还原，副本会改变未修改的内容",
        "cannot write: the input does not round-trip through {encoding}, so a copy"
        " would change what the plan does not touch",
    ),
    "apply_xlsx_unpatchable": (
        "无法写入：无法在工作簿中定位要修改的单元格（{detail}）",
        "cannot write: the cells to change could not be found in the workbook ({detail})",
    ),
    "apply_stale_formulas": (
        "{count} 个公式单元格引用了修改过的单元格（{cells}），其保存的值已过时；"
        "已设置为打开时重新计算，请在 Excel/WPS 中打开并保存后再使用这些值",
        "{count} formula cells read changed cells ({cells}); their saved values are"
        " out of date. The copy recalculates when opened: open and save it in Excel/WPS"
        " before using those values",
    ),
}
