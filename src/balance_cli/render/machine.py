"""Machine-readable output: JSON (the assessment's ``to_dict``) and CSV, English keys."""

from __future__ import annotations

import csv
import json
import math
from typing import Any, TextIO

from balance_cli.model import Assessment

CSV_FIELDS = ["level", "indicator", "mean", "sd", "cv", "max", "passed", "schools", "students"]


def _finite(obj: Any) -> Any:
    """NaN/inf are not JSON: they become null (they only occur where a value is undefined)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


def render_json(a: Assessment, lang: str, out: TextIO) -> None:
    json.dump(_finite(a.to_dict(lang)), out, ensure_ascii=False, indent=2)
    out.write("\n")


def csv_rows(a: Assessment) -> list[dict[str, Any]]:
    """One row per level and indicator, plus a ``composite`` row per level."""
    rows: list[dict[str, Any]] = []
    for key, res in a.levels.items():
        common = {"level": key, "schools": res.schools, "students": res.students}
        for ind_key, r in res.indicators.items():
            rows.append(
                {
                    **common,
                    "indicator": ind_key,
                    "mean": r.mean,
                    "sd": r.sd,
                    "cv": r.cv,
                    "max": r.max,
                    "passed": r.passed,
                }
            )
        if res.composite_max is not None or a.rules.balance.test == "composite":
            rows.append(
                {
                    **common,
                    "indicator": "composite",
                    "cv": res.composite_cv,
                    "max": res.composite_max,
                    "passed": res.passed,
                }
            )
    return rows


def render_csv(a: Assessment, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in csv_rows(a):
        writer.writerow({k: _csv_cell(row.get(k)) for k in CSV_FIELDS})


def _csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return v
