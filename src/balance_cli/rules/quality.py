"""The ``quality`` section of a rule set (教督〔2017〕6号 parts 2–4 and the precondition):
cross-reference checks after the schema, and building :class:`Quality`.

Items merge by key across ``extends``, so what each ``test`` requires is checked here, on
the merged data, with the key path of every problem.
"""

from __future__ import annotations

from typing import Any

from balance_cli.errors import Problem
from balance_cli.model.quality import (
    CountyInput,
    Quality,
    QualityItem,
    QualityPart,
    RoomSpec,
    SchoolFilter,
)

# What each test needs beyond key, part, item and source.
_NEEDS: dict[str, tuple[str, ...]] = {
    "input": (),
    "years_between": ("from", "to", "min"),
    "special_rooms": ("rooms",),
    "school_size": ("max", "combined_max"),
    "class_size": ("column", "max"),
    "funding_floor": ("column", "students", "norms"),
    "per_student": ("column", "min"),
}


def quality_problems(data: dict[str, Any], file: str | None) -> list[Problem]:
    q = data["quality"]
    problems: list[Problem] = []
    columns = {c["key"] for c in data["columns"]}
    levels = {lv["key"] for lv in data["levels"]}
    parts = {p["key"] for p in q.get("parts") or []}
    inputs = {i["key"]: i for i in q.get("inputs") or []}

    def bad(path: str, detail: str) -> None:
        problems.append(Problem("rules_schema", {"path": path, "detail": detail}, file=file))

    def ref(path: str, what: str, name: str, known: set[str] | dict) -> None:
        if name not in known:
            problems.append(
                Problem("rules_reference", {"path": path, "what": what, "name": name}, file=file)
            )

    for section in ("parts", "inputs", "items"):
        seen: set[str] = set()
        for i, entry in enumerate(q.get(section) or []):
            if entry["key"] in seen:
                bad(f"quality.{section}[{i}].key", f"duplicate key '{entry['key']}'")
            seen.add(entry["key"])
    for i, item in enumerate(q.get("items") or []):
        at = f"quality.items[{i}]"
        for field in ("part", "item", "test", "source"):
            if field not in item:
                bad(at, f"'{field}' is a required property")
        if "part" in item:
            ref(f"{at}.part", "part", item["part"], parts)
        test = item.get("test")
        for field in _NEEDS.get(test, ()):
            if field not in item:
                bad(at, f"'{field}' is a required property for test '{test}'")
        if test == "input":
            ref(f"{at}.input", "county input", item.get("input", item["key"]), inputs)
            if not any(b in item for b in ("min", "max", "below")):
                bad(at, "an input item needs 'min', 'max' or 'below'")
        if test == "years_between":
            for field in ("from", "to"):
                if field in item:
                    ref(f"{at}.{field}", "county input", item[field], inputs)
        for field in ("column",):
            if field in item:
                ref(f"{at}.{field}", "column", item[field], columns)
        for room_i, room in enumerate(item.get("rooms") or []):
            ref(f"{at}.rooms[{room_i}].count", "column", room["count"], columns)
            ref(f"{at}.rooms[{room_i}].area", "column", room["area"], columns)
        for field in ("only", "except"):
            if field in item:
                ref(f"{at}.{field}.column", "column", item[field]["column"], columns)
        for level, key in (item.get("norms") or {}).items():
            ref(f"{at}.norms.{level}", "level", level, levels)
            ref(f"{at}.norms.{level}", "county input", key, inputs)
        limit = item.get("max")
        if test == "class_size" and not isinstance(limit, dict):
            bad(f"{at}.max", "expected a limit per level, e.g. {primary: 45, junior: 50}")
        if test != "class_size" and isinstance(limit, dict):
            bad(f"{at}.max", "expected a number")
        for level in limit if isinstance(limit, dict) else ():
            ref(f"{at}.max.{level}", "level", level, levels)
    return problems


def _filter(data: dict[str, Any] | None) -> SchoolFilter | None:
    return None if data is None else SchoolFilter(data["column"], tuple(data["values"]))


def _num(value: Any) -> float | None:
    return None if value is None or isinstance(value, dict) else float(value)


def build_quality(q: dict[str, Any]) -> Quality:
    inputs = tuple(
        CountyInput(
            i["key"],
            i["name"],
            i.get("name_en", i["key"]),
            i["kind"],
            i.get("unit", ""),
            tuple(i.get("aliases", [])),
            (i.get("range") or {}).get("min"),
            (i.get("range") or {}).get("max"),
            i.get("unit_en", ""),
        )
        for i in q.get("inputs") or []
    )
    by_key = {i.key: i for i in inputs}
    items = []
    for it in q.get("items") or []:
        source_input = by_key.get(it.get("input", it["key"])) if it["test"] == "input" else None
        limit = it.get("max")
        items.append(
            QualityItem(
                key=it["key"],
                name=it.get("name", source_input.name if source_input else it["key"]),
                name_en=it.get("name_en", source_input.name_en if source_input else it["key"]),
                part=it["part"],
                item=int(it["item"]),
                test=it["test"],
                source=it["source"],
                unit=it.get("unit", source_input.unit if source_input else ""),
                input=source_input.key if source_input else None,
                min=_num(it.get("min")),
                max=_num(limit),
                below=_num(it.get("below")),
                per_level={k: float(v) for k, v in limit.items()}
                if isinstance(limit, dict)
                else None,
                column=it.get("column"),
                from_input=it.get("from"),
                to_input=it.get("to"),
                classes_per_room=float(it.get("classes_per_room", 12)),
                rooms=tuple(
                    RoomSpec(
                        r["key"],
                        r["name"],
                        r.get("name_en", r["key"]),
                        r["count"],
                        r["area"],
                        float(r["min_area"]),
                    )
                    for r in it.get("rooms") or []
                ),
                combined_max=_num(it.get("combined_max")),
                combined_values=tuple(it.get("combined_values", [])),
                students=_num(it.get("students")),
                norms=dict(it["norms"]) if "norms" in it else None,
                only=_filter(it.get("only")),
                exclude=_filter(it.get("except")),
                unit_en=it.get("unit_en", source_input.unit_en if source_input else ""),
            )
        )
    parts = tuple(
        QualityPart(
            p["key"],
            p["name"],
            p.get("name_en", p["key"]),
            int(p.get("indicators", 0)),
            tuple(p.get("criteria", [])),
        )
        for p in q["parts"]
    )
    return Quality(
        parts,
        inputs,
        tuple(items),
        tuple(q.get("class_sheets", [])),
        q.get("source", ""),
        tuple(q.get("class_students", [])),
    )
