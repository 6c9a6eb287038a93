"""Machine-readable output: JSON (the assessment's ``to_dict``) and CSV, English keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

import numpy as np

from balance_cli.model import Assessment

CSV_FIELDS = ["level", "indicator", "mean", "sd", "cv", "max", "passed", "schools", "students"]


def render_json(a: Assessment, lang: str, out: TextIO, extra: dict[str, Any] | None = None) -> None:
    """The assessment's ``to_dict()`` (plus ``extra`` keys, e.g. contributions)."""
    import orjson  # here and below, not at the top: CSV output needs none of it

    if out.isatty():  # a person reads it: indented, from to_dict() as it is
        write_json({**a.to_dict(lang), **(extra or {})}, out)
        return
    # In a pipe: compact, the school list streamed in chunks so that a province's JSON
    # never sits in memory as one string next to its parts.
    data = {**a.to_dict(lang, schools=False), **(extra or {})}
    data["schools"] = _MARK
    head, tail = orjson.dumps(data).decode().split(f'"{_MARK}"', 1)
    out.write(head)
    out.write("[")
    for k, chunk in enumerate(school_records_json(a)):
        out.write(("," if k else "") + chunk)
    out.write("]")
    out.write(tail)
    out.write("\n")


_MARK = "@@schools@@"
_CHUNK = 5000


def school_records_json(a: Assessment) -> Iterator[str]:
    """The ``schools`` array of :meth:`Assessment.to_dict` as JSON text, in chunks of
    comma-joined records, built without a dict per school: each number column is formatted
    by orjson in one call and the records are assembled as text (200,000 schools: ~1 s
    instead of ~5 s). A test checks that it parses to exactly ``to_dict()["schools"]``.
    """
    import orjson

    res, tbl, rules = a.schools, a.schools.table, a.rules
    n = len(tbl)

    def numbers(array: np.ndarray) -> list[str]:  # NaN → null, like orjson everywhere
        text = orjson.dumps(
            np.ascontiguousarray(array, dtype=np.float64), option=orjson.OPT_SERIALIZE_NUMPY
        )
        return text.decode()[1:-1].split(",") if n else []

    enc = json.encoder.encode_basestring  # C; keeps non-ASCII as is
    columns = [numbers(v) for v in res.values.values()]
    prefixes = [f"{enc(k)}:" for k in res.values]
    students = numbers(tbl.values["students"])
    levels = [enc(lv.key) for lv in rules.levels]
    flag = {True: "true", False: "false"}
    in_balance = [True] * n if tbl.in_balance is None else tbl.in_balance.tolist()
    in_standards = [True] * n if tbl.in_standards is None else tbl.in_standards.tolist()
    passed = res.passed.tolist()
    missed = res.missed().tolist()
    records = zip(
        tbl.codes.tolist(),
        tbl.names.tolist(),
        tbl.level.tolist(),
        tbl.sheets.tolist(),
        tbl.rows.tolist(),
        students,
        zip(*columns, strict=True) if columns else [()] * n,
        passed,
        in_balance,
        in_standards,
        strict=True,
    )
    parts: list[str] = []
    for i, (code, name, lv, sheet, row, p, vals, ok, ib, ist) in enumerate(records):
        values = ",".join([pre + v for pre, v in zip(prefixes, vals, strict=True)])
        failed = "[]"
        if missed[i]:
            shortfalls = [s.to_dict() for s in res.shortfalls(i, rules.standards)]
            failed = orjson.dumps(shortfalls).decode()
        parts.append(
            f'{{"code":{enc(code)},"name":{enc(name)},"level":{levels[lv]},'
            f'"sheet":{enc(sheet)},"row":{row},"students":{p},"values":{{{values}}},'
            f'"passed":{flag[ok]},"in_balance":{flag[ib]},"in_standards":{flag[ist]},'
            f'"failed":{failed}}}'
        )
        if len(parts) == _CHUNK:
            yield ",".join(parts)
            parts = []
    if parts:
        yield ",".join(parts)


def dumps(data: Any) -> str:
    """Compact JSON text (NaN → null)."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY).decode()


def write_json(data: Any, out: TextIO) -> None:
    """JSON through orjson (NaN, which only means "undefined", becomes null): indented for a
    person at a terminal, compact in a pipe."""
    import orjson

    option = orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_INDENT_2 if out.isatty() else 0)
    out.write(orjson.dumps(data, option=option).decode())
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
    import csv  # the CSV format only (JSON needs none of it)

    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in csv_rows(a):
        writer.writerow({k: _csv_cell(row.get(k)) for k in CSV_FIELDS})


def _csv_cell(v: Any) -> Any:
    from balance_cli.model.cells import csv_value

    return csv_value(v)
