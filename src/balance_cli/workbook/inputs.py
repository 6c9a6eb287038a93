"""Criteria 3 and 4 read from a 县情 sheet: rows of (label, value).

A sheet named as the rules' ``inputs_sheets`` say (e.g. 县情) holds, one per row, a label
(the criterion's name, an alias or its key) and a number ("92", "92%", "92.5分"). The
command line's ``--gov-score`` and ``--satisfaction`` win over the sheet.
"""

from __future__ import annotations

import re
from typing import Any

from balance_cli.errors import Problem
from balance_cli.model import Rules
from balance_cli.workbook.cells import clean_number_text
from balance_cli.workbook.headers import normalise

_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?")


def is_inputs_sheet(name: str | None, rules: Rules) -> bool:
    return bool(name) and normalise(name) in {normalise(s) for s in rules.inputs_sheets}


def read_inputs(
    rows: list[list[Any]], rules: Rules, file: str, sheet: str, errors: list[Problem]
) -> dict[str, float]:
    labels = {}
    for crit in rules.criteria:
        for text in (crit.key, crit.name, crit.name_en, *crit.aliases):
            labels[normalise(text)] = crit.key
    found: dict[str, float] = {}
    for r, row in enumerate(rows):
        filled = [k for k, c in enumerate(row) if str(c).strip()]
        if not filled:
            continue
        k = filled[0]
        key = labels.get(normalise(row[k]))
        raw = row[k + 1] if k + 1 < len(row) else ""
        if key is None or not str(raw).strip():  # not a criterion, or its value left blank
            continue
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            found[key] = float(raw)
            continue
        m = _NUMBER_RE.match(clean_number_text(raw))
        if m is None:
            errors.append(
                Problem("not_a_number", {"value": str(raw)}, file=file, sheet=sheet, row=r + 1)
            )
            continue
        found[key] = float(m.group(0))
    return found
