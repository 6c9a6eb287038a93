"""Messages and labels of `balance plan` (cost, bound, budget, notes): kind → (中文, English).

Kept beside :mod:`balance_cli.messages`, which merges them into its catalogue.
"""

from __future__ import annotations

PLAN_MESSAGES: dict[str, tuple[str, str]] = {
    "plan_unfixable_enrolments": (
        "标准“{standard}”取决于在校生数，无法通过增加资源达到（{schools} 所学校未达到）",
        "standard '{standard}' depends on enrolments: additions cannot meet it"
        " ({schools} schools miss it)",
    ),
    "plan_unfixable_absolute": (
        "标准“{standard}”是绝对数值，无法通过增加资源达到（{schools} 所学校未达到）",
        "standard '{standard}' is an absolute value additions cannot meet"
        " ({schools} schools miss it)",
    ),
    "plan_budget_standards": (
        "预算 {budget} 元不足以使全部 {failing} 所未达标学校达标（需 {needed} 元）："
        "已安排其中费用最低的 {schools} 所，未安排均衡措施",
        "a budget of {budget} yuan does not bring all {failing} failing schools to the"
        " standards (that needs {needed} yuan): the {schools} cheapest are planned, no balance",
    ),
    "plan_price_default": (
        "价格文件未给出“{columns}”的价格，按示例价格表计算",
        "the prices file has no price for '{columns}': the example price table is used",
    ),
}

PLAN_LABELS: dict[str, tuple[str, str]] = {
    "plan_cost": (
        "费用 {cost} 元；在这些价格下任何方案的费用都不低于 {bound} 元（差距 {gap}）",
        "cost {cost} yuan; no plan at these prices costs less than {bound} yuan (gap {gap})",
    ),
    "plan_cost_example": (
        "按示例价格表（非实际价格，可用 --prices 指定）：费用 {cost} 元；"
        "在这些价格下任何方案的费用都不低于 {bound} 元（差距 {gap}）",
        "at the example price table (not real prices; give yours with --prices): cost"
        " {cost} yuan; no plan at these prices costs less than {bound} yuan (gap {gap})",
    ),
    "plan_cost_units": (
        "共增加 {cost} 个单位；任何方案都不少于 {bound} 个单位（差距 {gap}）",
        "{cost} units added; no plan adds fewer than {bound} (gap {gap})",
    ),
    "plan_cost_only": (
        "费用 {cost} 元（此方案无下界可证）",
        "cost {cost} yuan (no bound for this plan)",
    ),
    "plan_budget": (
        "预算 {budget} 元内可达到的最低差异系数：{levels}",
        "lowest coefficients reachable within {budget} yuan: {levels}",
    ),
    "plan_budget_level": ("{level} {value}（限值 {limit}）", "{level} {value} (limit {limit})"),
    "plan_note": ("说明：{text}", "note: {text}"),
}
