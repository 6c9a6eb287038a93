"""Typed data shared by every layer: the rules, the school table and the results.

Data flows one way: workbook → :class:`SchoolTable` → core → result types → render.
Every result type has ``to_dict()``, the stable JSON shape; renderers and writers import
results from here, never from ``core``.
"""

from balance_cli.model.results import (
    Assessment,
    CriterionResult,
    IndicatorResult,
    LevelResult,
    SchoolResults,
    Shortfall,
)
from balance_cli.model.rules import (
    BalanceKind,
    BalanceTest,
    Column,
    Indicator,
    InputCriterion,
    Level,
    Rules,
    SchoolPass,
    Scope,
    ScopeRule,
    Standard,
    TeachingPoints,
)
from balance_cli.model.standards import StandardCheck
from balance_cli.model.table import Exclusion, SchoolTable

__all__ = [
    "Assessment",
    "BalanceKind",
    "BalanceTest",
    "Column",
    "CriterionResult",
    "Exclusion",
    "Indicator",
    "IndicatorResult",
    "InputCriterion",
    "Level",
    "LevelResult",
    "Rules",
    "SchoolPass",
    "SchoolResults",
    "SchoolTable",
    "Scope",
    "ScopeRule",
    "Shortfall",
    "Standard",
    "StandardCheck",
    "TeachingPoints",
]
