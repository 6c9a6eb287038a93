"""``balance plan`` and the high-quality assessment: the school items that money fixes
(music and art rooms and their area), and carrying planned additions to the rows the
quality items read. Pure, like the rest of ``core``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from balance_cli.core.quality import matches_filter
from balance_cli.model import Rules, SchoolTable


def room_needs(table: SchoolTable, rules: Rules) -> list[tuple[str, np.ndarray, str]]:
    """(column, amount to add per school of ``table``, item key): the music/art rooms a
    school lacks (⌈classes / n⌉, at least 1) and the area that brings the average room to
    its minimum once they are built, computed on the school's own row (before teaching
    points were merged). ``balance plan`` adds them like any resource."""
    q = rules.quality
    out: list[tuple[str, np.ndarray, str]] = []
    if q is None:
        return out
    rows = table.all_rows if table.all_rows is not None else table
    position = _positions(table)
    target = np.array(
        [
            position.get((c or f"name:{n}", lv), -1)
            for c, n, lv in zip(
                rows.codes.tolist(), rows.names.tolist(), rows.level.tolist(), strict=True
            )
        ],
        dtype=np.intp,
    )
    cache: dict = {}
    for item in q.items:
        needs = ["classes"] + [c for r in item.rooms for c in (r.count, r.area)]
        if item.test != "special_rooms" or any(c not in rows.values for c in needs):
            continue
        applies = target >= 0
        if item.only is not None and item.only.column in rows.texts:
            applies &= matches_filter(rows, item.only, cache)
        if item.exclude is not None and item.exclude.column in rows.texts:
            applies &= ~matches_filter(rows, item.exclude, cache)
        needed = np.maximum(1.0, np.ceil(rows.values["classes"] / item.classes_per_room))
        for room in item.rooms:
            count, area = rows.values[room.count], rows.values[room.area]
            rooms = np.where(applies, np.maximum(needed - count, 0.0), 0.0)
            space = np.where(applies, np.maximum((count + rooms) * room.min_area - area, 0.0), 0)
            for column, amounts in ((room.count, rooms), (room.area, space)):
                per_school = np.zeros(len(table))
                np.add.at(per_school, target[applies], amounts[applies])
                out.append((column, per_school, item.key))
    return out


def _positions(table: SchoolTable) -> dict[tuple[str, int], int]:
    """(code, else "name:" + name; level) → row of ``table``."""
    out: dict[tuple[str, int], int] = {}
    for j, (code, name, level) in enumerate(
        zip(table.codes.tolist(), table.names.tolist(), table.level.tolist(), strict=True)
    ):
        out.setdefault((code or f"name:{name}", level), j)
    return out


def carry_to_all_rows(table: SchoolTable, values: dict[str, np.ndarray]) -> SchoolTable | None:
    """``table.all_rows`` with the additions planned on ``table`` (``values`` − its own),
    each added to the row of the same school (code, else name) and level."""
    rows = table.all_rows
    if rows is None:
        return None
    where = _positions(rows)
    new = {k: v.copy() for k, v in rows.values.items()}
    for column, after in values.items():
        if column not in new or column not in table.values:
            continue
        for i in np.flatnonzero(after != table.values[column]).tolist():
            key = (str(table.codes[i]) or f"name:{table.names[i]}", int(table.level[i]))
            if key in where:
                new[column][where[key]] += after[i] - table.values[column][i]
    return replace(rows, values=new)
