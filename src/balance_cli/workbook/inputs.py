"""The county's own figures, read from a 县情 sheet (rows of label, value) or ``--county``.

A sheet named as the rules' ``inputs_sheets`` say (e.g. 县情) holds, one per row, a label
(the name of a criterion or county input, one of its aliases, or its key) and a value.
Values are read by the input's kind:

- a percentage may be written ``94%``, ``94`` or ``0.94``: a value with ``%`` or above 1 is
  a percentage, anything else a fraction (so ``0.94`` and ``94`` are both 94 %);
- yes/no: 是/否, 有/无, Y/N, yes/no, ✓/✗ (also √/×, ✔/✘, 1/0) → 1 or 0;
- a grade (质量监测等级): Ⅰ–Ⅳ, I–IV or 1–4, with or without 级;
- anything else a number, units after it ignored ("92.5分", "650元").

Every value is checked against its range (the input's ``range`` in the rules; criteria 3
and 4 between 0 and 100, as their options): a score of 850 or a satisfaction of −5 is an
error naming the file, the sheet and the row. The command line wins over the sheet.
"""

from __future__ import annotations

import re
from typing import Any

from balance_cli.errors import Problem, UsageError
from balance_cli.model import Rules
from balance_cli.workbook.cells import clean_number_text
from balance_cli.workbook.headers import normalise
from balance_cli.workbook.read import RawSheet

_NUMBER = r"^[-+]?\d+(?:\.\d+)?"  # compiled by `re` at its first use
# Criteria 3 and 4 (gov_score, satisfaction): scores and percentages out of 100, the
# range the command line's --gov-score and --satisfaction accept.
_CRITERIA_RANGE = (0.0, 100.0)
_YES = {"是", "有", "y", "yes", "✓", "√", "✔", "1", "true", "对"}
_NO = {"否", "无", "n", "no", "✗", "×", "✘", "x", "0", "false", "没有"}
_GRADES = {"ⅰ": 1, "ⅱ": 2, "ⅲ": 3, "ⅳ": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}


class _Spec:
    """How one label's value is read: kind, range and the label people know it by."""

    def __init__(
        self, key: str, names: tuple[str, str], kind: str, low: float | None, high: float | None
    ):
        self.key, self.kind, self.low, self.high = key, kind, low, high
        self.name, self.name_en = names


def _specs(rules: Rules) -> dict[str, _Spec]:
    """Normalised label → spec, for the criteria and the county inputs of ``rules``."""
    labels: dict[str, _Spec] = {}
    for crit in rules.criteria:
        kind = "percent" if crit.unit == "%" else "number"
        spec = _Spec(crit.key, (crit.name, crit.name_en), kind, *_CRITERIA_RANGE)
        for text in (crit.key, crit.name, crit.name_en, *crit.aliases):
            labels.setdefault(normalise(text), spec)
    if rules.quality is not None:
        for inp in rules.quality.inputs:
            spec = _Spec(inp.key, (inp.name, inp.name_en), inp.kind, inp.range_min, inp.range_max)
            for text in (inp.key, inp.name, inp.name_en, *inp.aliases):
                labels.setdefault(normalise(text), spec)
    return labels


def sheet_rows(sheet: RawSheet) -> list[list[Any]]:
    """Every row of a small sheet (县情, 班级) as lists, Excel row = index + 1."""
    cells = sheet.body(0, range(64))
    return [[col[i] for col in cells.columns] for i in range(len(cells))]


def is_inputs_sheet(name: str | None, rules: Rules) -> bool:
    return bool(name) and normalise(name) in {normalise(s) for s in rules.inputs_sheets}


def parse_value(raw: Any, spec: _Spec) -> tuple[float | None, str | None]:
    """(value, None) or (None, the kind of problem)."""
    if isinstance(raw, bool):
        raw = int(raw)
    text = normalise(raw) if not isinstance(raw, (int, float)) else ""
    if spec.kind == "yes_no":
        if isinstance(raw, (int, float)) and float(raw) in (0.0, 1.0):
            return float(raw), None
        word = text
        if word in _YES:
            return 1.0, None
        if word in _NO:
            return 0.0, None
        return None, "county_not_yes_no"
    if spec.kind == "grade" and text:
        word = text.removesuffix("级以上").removesuffix("级")
        if word in _GRADES:
            return float(_GRADES[word]), None
    if isinstance(raw, (int, float)):
        value, percent_sign = float(raw), False
    else:
        cleaned = clean_number_text(raw)
        m = re.match(_NUMBER, cleaned)
        if m is None:
            return None, "not_a_number"
        value = float(m.group(0))
        percent_sign = cleaned[m.end() :].strip().startswith("%")
    if spec.kind == "percent" and not percent_sign and abs(value) <= 1:
        value *= 100.0  # 0.94 is 94 %
    return value, None


def _out_of_range(value: float, spec: _Spec) -> bool:
    return (spec.low is not None and value < spec.low) or (
        spec.high is not None and value > spec.high
    )


def _shown(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _range_text(spec: _Spec) -> str:
    low = "" if spec.low is None else f"{spec.low:g}"
    high = "" if spec.high is None else f"{spec.high:g}"
    return f"{low}–{high}"


def read_inputs(
    rows: list[list[Any]], rules: Rules, file: str, sheet: str, errors: list[Problem]
) -> dict[str, float]:
    labels = _specs(rules)
    found: dict[str, float] = {}
    for r, row in enumerate(rows):
        filled = [k for k, c in enumerate(row) if str(c).strip() and c == c]
        if not filled:
            continue
        k = filled[0]
        spec = labels.get(normalise(row[k]))
        raw = row[k + 1] if k + 1 < len(row) else ""
        if spec is None or raw is None or raw != raw or not str(raw).strip():
            continue  # not an input, or its value left blank
        where = {"file": file, "sheet": sheet, "row": r + 1}
        value, problem = parse_value(raw, spec)
        if problem is not None:
            errors.append(
                Problem(
                    problem,
                    {"value": _shown(raw), "item": spec.name, "item_en": spec.name_en},
                    **where,
                )
            )
            continue
        assert value is not None
        if _out_of_range(value, spec):
            params = {"value": _shown(raw), "item": spec.name, "range": _range_text(spec)}
            params["item_en"] = spec.name_en
            errors.append(Problem("county_out_of_range", params, **where))
            continue
        found[spec.key] = value
    return found


def county_options(pairs: tuple[str, ...], rules: Rules) -> dict[str, float]:
    """``--county KEY=VALUE`` options (KEY: an input's key, name or alias), read like the
    县情 sheet; every problem raised at once as a usage error."""
    labels = _specs(rules)
    found: dict[str, float] = {}
    problems: list[Problem] = []
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        spec = labels.get(normalise(key))
        if not sep or spec is None:
            known = ", ".join(dict.fromkeys(s.key for s in labels.values()))
            problems.append(Problem("county_unknown", {"option": pair, "known": known}))
            continue
        value, problem = parse_value(raw.strip(), spec)
        if problem is None and value is not None and _out_of_range(value, spec):
            problem = "county_out_of_range"
        if problem is not None or value is None:
            params = {"value": raw, "item": spec.name, "range": _range_text(spec)}
            params["item_en"] = spec.name_en
            problems.append(Problem(problem or "not_a_number", params))
            continue
        found[spec.key] = value
    if problems:
        raise UsageError(problems)
    return found
