"""The same school twice in one file: by code (else name) and level, or by content.

A repeated code or name at one level is an error naming both rows. Two rows with the same
name, level and every value are one school entered twice even when the codes say otherwise:
an error when a code is missing, a warning when both codes are there and differ.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from balance_cli.errors import Problem
from balance_cli.model import Rules, SchoolTable


def check_duplicates(
    table: SchoolTable, rules: Rules, errors: list[Problem], warnings: list[Problem]
) -> None:
    """The same school (code, else name) at the same level twice is an error."""
    ident = table.codes.astype(object, copy=True)
    no_code = np.flatnonzero(table.codes == "")
    if len(no_code):  # a row without a code is known by its name
        ident[no_code] = ["name:" + str(n) for n in table.names[no_code].tolist()]
    _check_same_content(table, rules, ident, errors, warnings)
    idents = ident.tolist()
    if len(set(idents)) == len(idents):  # every code differs: no pair at any level
        return
    keys = list(zip(idents, table.level.tolist(), strict=True))
    counts = Counter(keys)  # counted in C: a province of 200,000 rows in a blink
    if len(counts) == len(keys):
        return
    dup = np.fromiter((counts[k] > 1 for k in keys), dtype=bool, count=len(keys))
    first: dict[tuple[str, int], int] = {}
    for i in np.flatnonzero(dup):
        key = (ident[i], int(table.level[i]))
        if key not in first:
            first[key] = i
            continue
        j = first[key]
        other = str(table.rows[j])
        if table.sheets[j] != table.sheets[i]:
            other = f"{table.sheets[j]}:{other}"
        errors.append(
            Problem(
                "duplicate_school",
                {
                    "school": table.label(i),
                    "level": rules.levels[table.level[i]].name,
                    "level_en": rules.levels[table.level[i]].name_en,
                    "other_row": other,
                },
                file=table.file,
                sheet=table.sheets[i] or None,
                row=int(table.rows[i]),
            )
        )


def _check_same_content(
    table: SchoolTable,
    rules: Rules,
    ident: np.ndarray,
    errors: list[Problem],
    warnings: list[Problem],
) -> None:
    """Two rows with the same name, level and every value: one school entered twice.

    Caught whatever the codes say: with a code missing on either row it is an error (the
    codes cannot tell them apart); with two different codes, a warning (two schools may
    share a name, but rarely every figure too).
    """
    n = len(table)
    if n < 2:
        return
    # Only rows whose name occurs more than once can be the same school twice.
    names = table.names.tolist()
    if len(set(names)) == n:  # every name differs: no school can be there twice
        return
    counts = Counter(names)
    candidates = [i for i, name in enumerate(names) if name and counts[name] > 1]
    if not candidates:
        return
    keys = sorted(table.values)
    levels = table.level.tolist()
    first: dict[tuple, int] = {}
    for i in candidates:
        key = (table.names[i], levels[i], *(float(table.values[k][i]) for k in keys))
        j = first.setdefault(key, i)
        if j == i or ident[i] == ident[j]:  # same code or name: reported as duplicate
            continue
        codes = table.codes[i], table.codes[j]
        severity = "warning" if all(codes) and codes[0] != codes[1] else "error"
        other = str(table.rows[j])
        if table.sheets[j] != table.sheets[i]:
            other = f"{table.sheets[j]}:{other}"
        problem = Problem(
            "duplicate_content",
            {
                "school": table.label(i),
                "level": rules.levels[levels[i]].name,
                "level_en": rules.levels[levels[i]].name_en,
                "other_row": other,
            },
            file=table.file,
            sheet=table.sheets[i] or None,
            row=int(table.rows[i]),
            severity=severity,
        )
        (warnings if severity == "warning" else errors).append(problem)
