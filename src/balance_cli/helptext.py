"""Help texts in both languages: each command's description with real examples, and the
help of every option. ``cli.py`` picks the language (``--lang``/``BALANCE_LANG``) when
help is printed; nothing else reads this table."""

from __future__ import annotations

# command path → (Chinese, English). "\b" keeps click from re-wrapping the examples.
COMMANDS: dict[str, tuple[str, str]] = {
    "": (
        """balance：县域义务教育发展基本均衡评估计算器。

由调查表（每校一行）和 YAML 规则文件（默认：河南省豫教基〔2012〕199号）计算学生加权差异系数、
综合差异系数、学校基本标准和评估结论。

退出状态：0 通过，1 已评估但未通过，2 输入或用法错误，3 内部错误。

\b
示例：
  balance assess samples/county-a-2023.xlsx
  balance assess 调查表/ --format csv > 汇总.csv
  balance plan samples/county-b-2023.xlsx --apply-to 计划后.xlsx""",
        """balance: assessment calculator for the basic balance of a county's compulsory
education.

From the survey (one row per school) and a YAML rules file (default: Henan 豫教基〔2012〕
199号) it computes the student-weighted difference coefficients, the composite, the
per-school standards and the verdict.

Exit status: 0 passed, 1 assessed and failed, 2 input or usage error, 3 internal error.

\b
Examples:
  balance assess samples/county-a-2023.xlsx --lang en
  balance assess surveys/ --format csv > summary.csv
  balance plan samples/county-b-2023.xlsx --apply-to planned.xlsx""",
    ),
    "assess": (
        """评估调查表 FILES（.xlsx/.xls/.ods/.csv，或包含它们的文件夹）。

单个文件：各学段的全县平均值和差异系数、综合差异系数与标准、未达到基本标准的学校和四项
评估结论。多个文件或文件夹：每个文件一行汇总（--format json 为各文件对象的数组，jsonl 为
每行一个对象）。退出状态取所有文件中最差的（2 > 1 > 0）。

\b
示例：
  balance assess samples/county-a-2023.xlsx
  balance assess samples/county-b-2023.xlsx --explain --gov-score 90 --satisfaction 88
  balance assess samples/ --format jsonl -q""",
        """Assess survey FILES (.xlsx/.xls/.ods/.csv, or folders of them) against the rules.

One file: per level the county means and difference coefficients, the composite against
its limit, the schools below the basic standards and the verdict on the four criteria.
Several files or a folder: one summary row per file (--format json: an array of the
single-file objects; jsonl: one object per line). Exit status: the worst of all files.

\b
Examples:
  balance assess samples/county-a-2023.xlsx --lang en
  balance assess samples/county-b-2023.xlsx --explain --gov-score 90 --satisfaction 88
  balance assess samples/ --format jsonl -q""",
    ),
    "check": (
        """检查调查表 FILES（或文件夹）而不评估，像代码检查工具一样逐条列出问题。

每条问题一行：文件:工作表:行:列: 说明（错误、警告、未计入或合并的行）。没有错误时退出状态
为 0，否则为 2。

\b
示例：
  balance check samples/county-a-2023.xlsx
  balance check 调查表/ --format json""",
        """Validate survey FILES (or folders) without assessing them, like a linter.

One problem per line: file:sheet:row:column: message (errors, warnings, rows left out or
merged). Exit status 0 when no file has an error, 2 otherwise.

\b
Examples:
  balance check samples/county-a-2023.xlsx --lang en
  balance check surveys/ --format json""",
    ),
    "plan": (
        """计划：为使 FILE 通过评估，需要在哪些学校增加什么（先达到基本标准，再达到均衡）。

只增加，不减少；在校生数不变。退出状态：计划后的数据通过为 0，仍不能通过为 1，输入错误为 2。

\b
示例：
  balance plan samples/county-b-2023.xlsx
  balance plan samples/county-b-2023.xlsx --format csv > 采购清单.csv
  balance plan samples/county-b-2023.xlsx --apply-to 计划后.xlsx""",
        """What to add, and where, so that FILE passes: standards first, then balance.

Only additions, never removals; enrolments never change. Exit status 0 when the planned
data pass, 1 when they still do not, 2 on input errors.

\b
Examples:
  balance plan samples/county-b-2023.xlsx --lang en
  balance plan samples/county-b-2023.xlsx --format csv > purchases.csv
  balance plan samples/county-b-2023.xlsx --apply-to planned.xlsx""",
    ),
    "diff": (
        """比较同一县两个年度的调查表 OLD 与 NEW。

各学段各指标的前后差异系数和变化、综合差异系数与前后结论、新增和减少的学校（先按标识码、
再按名称匹配）以及变化最大的学校。退出状态取 NEW 的结论（0 通过，1 未通过），输入错误或规则
不同为 2。

\b
示例：
  balance diff samples/county-a-2023.xlsx samples/county-a-2024.xlsx
  balance diff 2023.xlsx 2024.xlsx --format json""",
        """Compare two survey years of a county: OLD and NEW files.

Per level and indicator the old and new difference coefficient and the change, the
composite and the verdict before and after, schools added and removed (matched by code,
then by name) and the schools that changed most. Exit status: the NEW verdict (0 passed,
1 failed), 2 on input errors or when the rules differ.

\b
Examples:
  balance diff samples/county-a-2023.xlsx samples/county-a-2024.xlsx --lang en
  balance diff 2023.xlsx 2024.xlsx --format json""",
    ),
    "report": (
        """把 FILE 的评估写成申报用的工作簿（-o 报告.xlsx）。

工作表：校际均衡、达标情况（未达标的格子加深，达标列为是/否）、学校指标、结论和 Excel 图表；
有内容时另有排除与合并、警告。按 A4 打印：表格适应页宽并重复表头，图表每页四幅。退出状态同 assess。

\b
示例：
  balance report samples/county-b-2023.xlsx -o 报告.xlsx
  balance report samples/county-a-2023.xlsx -o report.xlsx --lang en""",
        """Write the application's tables for FILE as a styled workbook (-o report.xlsx).

Sheets: balance, standards (missed cells filled dark, a Yes/No column), school values,
verdict and native Excel charts; rows left out and warnings when there are any. Prints on
A4: tables fitted to the page width with header rows repeated, four charts a page. Exit
status as for assess.

\b
Examples:
  balance report samples/county-b-2023.xlsx -o report.xlsx --lang en
  balance report samples/county-a-2023.xlsx -o 报告.xlsx""",
    ),
    "template": (
        """为规则集写一份空白调查表 OUT.xlsx，填好即可评估。

一行表头包含规则需要的每一列（带单位）、数据有效性、县情工作表和逐列说明的说明工作表。

\b
示例：
  balance template 调查表.xlsx
  balance template 调查表-2017.xlsx --rules national-2017""",
        """Write a blank survey workbook OUT.xlsx for the rules, ready to fill in.

One header row with every column of the rules (with units), data validation, a 县情
sheet for the county inputs and a 说明 sheet explaining each column.

\b
Examples:
  balance template survey.xlsx --lang en
  balance template survey-2017.xlsx --rules national-2017""",
    ),
    "rules": (
        """列出、查看和检查规则集（指标和标准的 YAML 文件）。

\b
示例：
  balance rules list
  balance rules show national-2017
  balance rules check 我的规则.yaml""",
        """List, show and check rule sets (YAML files of indicators and thresholds).

\b
Examples:
  balance rules list --lang en
  balance rules show national-2017 --lang en
  balance rules check my-rules.yaml""",
    ),
    "rules list": (
        "列出内置规则集。\n\n\b\n示例：\n  balance rules list",
        "List the built-in rule sets.\n\n\b\nExample:\n  balance rules list --lang en",
    ),
    "rules show": (
        """显示规则集（内置名称或文件）：指标、标准及其出处、均衡检验。

\b
示例：
  balance rules show henan-199
  balance rules show 我的规则.yaml""",
        """Show a rule set (built-in NAME or FILE): indicators, thresholds with their
sources, the balance test.

\b
Examples:
  balance rules show henan-199 --lang en
  balance rules show my-rules.yaml --lang en""",
    ),
    "rules check": (
        """按规则格式检查规则文件 FILE；有效时退出状态为 0，否则为 2。

\b
示例：
  balance rules check 我的规则.yaml""",
        """Validate a rules FILE against the schema; exit 0 when valid, 2 otherwise.

\b
Example:
  balance rules check my-rules.yaml --lang en""",
    ),
}

# option (its long name) → (Chinese, English); "command:option" overrides for one command.
OPTIONS: dict[str, tuple[str, str]] = {
    "--lang": (
        "界面语言（zh：中文，en：English）；也可设置环境变量 BALANCE_LANG。",
        "Language of labels and messages (zh: 中文, en: English); also BALANCE_LANG.",
    ),
    "--rules": (
        "规则集：内置名称（见 balance rules list）或规则 YAML 文件的路径。",
        "Rule set: a built-in name (balance rules list) or the path of a rules YAML file.",
    ),
    "--sheet": ("只读取此工作表（可重复）。", "Read only this sheet (repeatable)."),
    "--format": (
        "输出格式；csv、json 和 jsonl 使用固定的英文键。",
        "Output format; csv, json and jsonl use stable English keys.",
    ),
    "check:--format": (
        "plain：每条问题一行；json：问题对象的列表；jsonl：每行一个问题对象。",
        "plain: one problem per line; json: a list of problem objects; jsonl: one per line.",
    ),
    "plan:--format": (
        "csv：采购/招聘清单；json：完整计划。",
        "csv: the purchasing/hiring list; json: the whole plan.",
    ),
    "--quiet": ("不在标准错误输出警告和进度条。", "No warnings and no progress bar on stderr."),
    "--gov-score": (
        "第 3 项：县级政府推进均衡发展工作评估得分；否则取县情工作表，否则为未提供。",
        "Criterion 3: government work score; else a 县情 sheet, else not supplied.",
    ),
    "--satisfaction": (
        "第 4 项：公众满意度（%）；否则取县情工作表，否则为未提供。",
        "Criterion 4: public satisfaction (%); else a 县情 sheet, else not supplied.",
    ),
    "--output": (
        "同时写出单个文件评估的报告工作簿（.xlsx）。",
        "Also write the report workbook (.xlsx) of a single-file assessment.",
    ),
    "report:--output": ("要写出的报告工作簿（.xlsx）。", "The report workbook to write (.xlsx)."),
    "--explain": (
        "各校对各指标加权方差的贡献（列出贡献最大的学校）。",
        "Each school's share of each indicator's weighted variance (top schools shown).",
    ),
    "--schools": (
        "逐校列出各项标准（“n 项中至少 k 项”的规则默认列出）；与 --format csv 一起：每校一行。",
        "Show every school against the standards (default: on for 'at least k of n' rules);"
        " with --format csv: one row per school.",
    ),
    "--jobs": (
        "批量评估的进程数（默认：8 个及以上文件时最多 2 个）。",
        "Processes for a batch (default: up to 2 when there are 8 files or more).",
    ),
    "--margin": (
        "按低于标准这么多的差异系数目标做计划（如 0.02）。",
        "Plan for CV targets this much below the limits (e.g. 0.02).",
    ),
    "--prices": (
        "各资源单价（元）的 YAML 文件：使总费用最低。",
        "YAML of unit prices (元) per resource: minimise the total cost.",
    ),
    "--apply-to": (
        "写出一份按计划增加后的 FILE 副本（工作表、表头、行都不变）。",
        "Write a copy of FILE with the additions applied (same sheets, headers, rows).",
    ),
    "--old-rules": (
        "OLD 使用的规则（与 --rules 不同时拒绝比较）。",
        "Rule set of OLD when it differs (then the comparison is refused).",
    ),
    "--force": (
        "替换已存在的输出文件（balance 写出的报告无需此项；输入文件永远不会被覆盖）。",
        "Replace an existing output (not needed for a report balance wrote; an input is"
        " never replaced).",
    ),
    "--help": ("显示本帮助并退出。", "Show this message and exit."),
    "--version": ("显示版本并退出。", "Show the version and exit."),
}

HEADINGS: dict[str, tuple[str, str]] = {
    "Options": ("选项", "Options"),
    "Commands": ("命令", "Commands"),
}


def command_help(path: str, lang: str) -> str | None:
    texts = COMMANDS.get(path)
    if texts is None:
        return None
    if lang == "en":
        return texts[1]
    # Chinese has no spaces between words: join a paragraph's lines without one (click
    # re-wraps paragraphs, joining lines with a space); "\b" blocks keep their lines.
    paragraphs = texts[0].split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else p.replace("\n", "") for p in paragraphs)


def option_help(command: str, option: str, lang: str) -> str | None:
    texts = OPTIONS.get(f"{command}:{option}") or OPTIONS.get(option)
    return None if texts is None else texts[1 if lang == "en" else 0]


def heading(name: str, lang: str) -> str:
    texts = HEADINGS.get(name)
    return name if texts is None else texts[1 if lang == "en" else 0]
