"""`assess FILE --schools --format csv`: one row per school, for a spreadsheet or a script.

The columns are stable English keys: where the school is (code, name, level, sheet, row),
whether it counts (in_balance: in the CVs; in_standards: in the standards check), its
verdict and the keys of the standards it misses (``failed``, ";"-separated), then each
indicator's value (the JSON ``values``), then for each standard that was checked the
school's value and its limit (``<standard>_value``, ``<standard>_limit``; empty where the
school is not checked). Numbers at full precision; text made formula-safe.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from balance_cli.model.cells import csv_value

if TYPE_CHECKING:
    from balance_cli.model import Assessment

FIXED = [
    "code",
    "name",
    "level",
    "sheet",
    "row",
    "students",
    "in_balance",
    "in_standards",
    "passed",
    "failed",
]


def schools_csv_fields(a: Assessment) -> list[str]:
    indicators = [ind.key for ind in a.rules.indicators]
    standards = [c.key for c in a.standards if c.checked]
    return [
        *FIXED,
        *indicators,
        *(f"{key}_{part}" for key in standards for part in ("value", "limit")),
    ]


def render_schools_csv(a: Assessment, out: TextIO) -> None:
    fields = schools_csv_fields(a)
    res = a.schools
    standards = [c.key for c in a.standards if c.checked]
    values = {k: res.standard_values[k].tolist() for k in standards}
    limits = {k: res.standard_limits[k].tolist() for k in standards}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for i, rec in enumerate(a.school_records()):
        row: list[Any] = [rec[k] for k in FIXED[:-1]]
        row.append(";".join(s["standard"] for s in rec["failed"]))
        row += [rec["values"][k] for k in fields[len(FIXED) : len(FIXED) + len(rec["values"])]]
        for key in standards:
            value, limit = values[key][i], limits[key][i]
            if not rec["in_standards"] or not _number(limit) or not _number(value):
                value = limit = None  # not checked for this school
            row += [value, limit]
        writer.writerow([csv_value(v) for v in row])


def _number(v: float) -> bool:
    return v == v  # not NaN
