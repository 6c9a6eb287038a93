"""Find, read, validate and build a rule set.

``--rules`` takes a built-in name (a YAML file shipped in the package) or a path. Files are
read with ``yaml.safe_load``, validated against :data:`SCHEMA` and then for
cross-references, and every problem is reported at once with its key path.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from balance_cli.errors import Problem, RulesError
from balance_cli.model import (
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
from balance_cli.rules.catalog import DEFAULT_RULES, builtin_file, is_builtin

if TYPE_CHECKING:
    from pathlib import Path

MAX_EXTENDS_DEPTH = 16

_REQUIRED_COLUMNS = ("code", "name", "level", "students")


def merge(base: Any, over: Any) -> Any:
    """``over`` laid on ``base``: mappings merged key by key, lists of items with a ``key``
    merged item by item (same key: merged; new key: appended), anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    if _keyed(base) and _keyed(over):
        out = list(base)
        index = {item["key"]: i for i, item in enumerate(out)}
        for item in over:
            if item["key"] in index:
                out[index[item["key"]]] = merge(out[index[item["key"]]], item)
            else:
                out.append(item)
        return out
    return over


def _keyed(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "key" in i for i in value)


def _resolve(path: Path, trusted: bool, seen: tuple[str, ...] = ()) -> tuple[Any, bool]:
    """The file's data with its ``extends`` chain merged in; trusted when all built-in."""
    file = str(path)
    try:
        real = str(path.resolve())  # `sub/../x.yaml` and `./x.yaml` are the same file
    except (OSError, RuntimeError):
        real = os.path.abspath(file)
    if real in seen:
        raise RulesError(
            Problem(
                "rules_schema",
                {"path": "extends", "detail": "circular: " + " → ".join([*seen, real])},
                file=file,
            )
        )
    if len(seen) >= MAX_EXTENDS_DEPTH:
        detail = f"more than {MAX_EXTENDS_DEPTH} files extend one another"
        raise RulesError(Problem("rules_schema", {"path": "extends", "detail": detail}, file=file))
    from balance_cli.rules.read import locate, not_mapping, read_rules_file

    data = read_rules_file(path)
    if not isinstance(data, dict):
        raise not_mapping(file, data)
    if "extends" in data:
        parent_name = data.pop("extends")
        if not isinstance(parent_name, str) or not parent_name.strip():
            raise RulesError(
                Problem(
                    "rules_schema",
                    {"path": "extends", "detail": "expected the name or path of a rule set"},
                    file=file,
                )
            )
        parent_path, parent_builtin = locate(parent_name, path, where=file)
        base, base_trusted = _resolve(parent_path, parent_builtin, (*seen, real))
        # `replace: [indicators, …]`: those sections are the child's alone, not merged.
        replaced = data.pop("replace", [])
        if not isinstance(replaced, list):
            replaced = []
        base = {k: v for k, v in base.items() if k not in replaced}
        return merge(base, data), trusted and base_trusted
    return data, trusted


def resolved_data(name_or_path: str) -> dict[str, Any]:
    """A rule set's YAML data with its ``extends`` chain merged in (not validated)."""
    from balance_cli.rules.read import locate

    path, builtin = locate(name_or_path)
    return _resolve(path, builtin)[0]


def load_rules(name_or_path: str | None = None) -> Rules:
    """Load a built-in rule set by name, or a rules file by path (``extends`` resolved)."""
    name = name_or_path or DEFAULT_RULES
    if is_builtin(name):  # from the JSON cache of the built-in YAML when it is current
        from balance_cli.rules import cache

        path = builtin_file(name)  # text: a warm cache needs no pathlib
        data = cache.load(name)
        if data is None:
            from pathlib import Path

            data, _ = _resolve(Path(path), True)
            cache.store(name, data)
        return parse_rules(data, path, validate_schema=False)
    from balance_cli.rules.read import locate

    path, builtin = locate(name)
    data, trusted = _resolve(path, builtin)
    # The built-in files are validated against the schema by the test suite (and cannot
    # change after installation); skipping jsonschema for them saves ~0.1 s per run.
    return parse_rules(data, str(path), validate_schema=not trusted)


def parse_rules(data: Any, file: str | None = None, validate_schema: bool = True) -> Rules:
    """Validate already-parsed YAML data and build :class:`Rules` (or raise RulesError)."""
    if not isinstance(data, dict):
        from balance_cli.rules.read import not_mapping

        raise not_mapping(file or "", data)
    problems = _schema_problems(data, file) if validate_schema else []
    if problems:
        raise RulesError(problems)
    problems = _reference_problems(data, file)
    if "quality" in data:
        from balance_cli.rules.quality import quality_problems

        problems += quality_problems(data, file)
    if problems:
        raise RulesError(problems)
    return _build(data, file)


def _schema_problems(data: Any, file: str | None) -> list[Problem]:
    import jsonschema

    from balance_cli.rules.schema import SCHEMA
    from balance_cli.rules.schema_text import schema_problem

    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    return [schema_problem(error, file) for error in errors]


def _reference_problems(data: dict[str, Any], file: str | None) -> list[Problem]:
    problems: list[Problem] = []
    columns = {c["key"] for c in data["columns"]}
    levels = {lv["key"] for lv in data["levels"]}

    def ref(path: str, what: str, name: str, known: set[str]) -> None:
        if name not in known:
            problems.append(
                Problem("rules_reference", {"path": path, "what": what, "name": name}, file=file)
            )

    for section in ("levels", "columns", "indicators", "standards"):
        seen: set[str] = set()
        for i, item in enumerate(data.get(section) or []):
            if item["key"] in seen:
                problems.append(
                    Problem(
                        "rules_schema",
                        {"path": f"{section}[{i}].key", "detail": f"duplicate key '{item['key']}'"},
                        file=file,
                    )
                )
            seen.add(item["key"])
    for key in _REQUIRED_COLUMNS:
        ref("columns", "column", key, columns)
    for i, ind in enumerate(data["indicators"]):
        ref(f"indicators[{i}].column", "column", ind["column"], columns)
    for i, col in enumerate(data["columns"]):
        if "subset_of" in col:
            ref(f"columns[{i}].subset_of", "column", col["subset_of"], columns)
    for level in data["balance"]["limits"]:
        ref(f"balance.limits.{level}", "level", level, levels)
    scope = data.get("scope") or {}
    if "teaching_points" in scope:
        tp = scope["teaching_points"]
        ref("scope.teaching_points.column", "column", tp["column"], columns)
        ref("scope.teaching_points.parent", "column", tp["parent"], columns)
    for i, rule in enumerate(scope.get("exclude") or []):
        ref(f"scope.exclude[{i}].column", "column", rule["column"], columns)
    indicators = {i["key"] for i in data["indicators"]}
    for i, st in enumerate(data.get("standards") or []):
        if "indicator" in st:
            ref(f"standards[{i}].indicator", "indicator", st["indicator"], indicators)
            continue
        for path, measure in [
            (f"standards[{i}]", st),
            *((f"standards[{i}].fallback[{j}]", m) for j, m in enumerate(st.get("fallback") or [])),
        ]:
            ref(f"{path}.numerator", "column", measure["numerator"], columns)
            denominator = measure.get("denominator", "students")
            if denominator is not None:
                ref(f"{path}.denominator", "column", denominator, columns)
            if "only_if_positive" in measure:
                ref(f"{path}.only_if_positive", "column", measure["only_if_positive"], columns)
        for bound in ("min", "max"):
            for level in st.get(bound) or {}:
                ref(f"standards[{i}].{bound}.{level}", "level", level, levels)
    return problems


def _standard(s: dict[str, Any], indicators: dict[str, Indicator]) -> Standard:
    """A standard; ``indicator: KEY`` is shorthand for that indicator's value per school."""
    ind = indicators.get(s.get("indicator", ""))
    per_level = {
        bound: {k: float(v) for k, v in (s.get(bound) or {}).items()} for bound in ("min", "max")
    }
    if ind is not None:
        return Standard(
            s["key"],
            s.get("name", ind.name),
            s.get("name_en", ind.name_en),
            ind.column,
            "students",
            ind.scale,
            s.get("unit", ind.unit),
            per_level["min"],
            per_level["max"],
            s["source"],
            s.get("only_if_positive"),
            s.get("basis"),
        )
    main = _measure(s, s, per_level)
    return replace(main, fallback=tuple(_measure(s, m, per_level) for m in s.get("fallback") or []))


def _measure(
    s: dict[str, Any], m: dict[str, Any], per_level: dict[str, dict[str, float]]
) -> Standard:
    """One measure ``m`` of the standard ``s`` (the standard itself, or a fallback)."""
    return Standard(
        s["key"],
        m["name"],
        m.get("name_en", s["key"]),
        m["numerator"],
        m.get("denominator", "students"),
        float(m.get("scale", 1)),
        m.get("unit", ""),
        per_level["min"],
        per_level["max"],
        s["source"],
        m.get("only_if_positive"),
        m.get("basis"),
    )


def _build(data: dict[str, Any], file: str | None) -> Rules:
    levels = tuple(
        Level(lv["key"], lv["name"], lv.get("name_en", lv["key"]), tuple(lv.get("aliases", [])))
        for lv in data["levels"]
    )
    columns = tuple(
        Column(
            c["key"],
            c["name"],
            c.get("name_en", c["key"]),
            c["type"],
            c.get("unit"),
            tuple(c.get("aliases", [])),
            c.get("help", ""),
            bool(c.get("countable", False)),
            c.get("subset_of"),
            c.get("merge", "sum"),
        )
        for c in data["columns"]
    )
    indicators = tuple(
        Indicator(
            i["key"],
            i["name"],
            i.get("name_en", i["key"]),
            i["column"],
            float(i.get("scale", 1)),
            i.get("unit", ""),
            (i.get("plausible") or {}).get("min"),
            (i.get("plausible") or {}).get("max"),
        )
        for i in data["indicators"]
    )
    by_key = {i.key: i for i in indicators}
    standards = tuple(_standard(s, by_key) for s in data.get("standards") or [])
    bal = data["balance"]
    criteria = tuple(
        InputCriterion(
            key,
            c["name"],
            c.get("name_en", key),
            float(c["min"]),
            c.get("unit", ""),
            c["source"],
            tuple(c.get("aliases", [])),
        )
        for key, c in (data.get("criteria") or {}).items()
    )
    pass_data = data.get("school_pass") or {}
    scope_data = data.get("scope") or {}
    tp = scope_data.get("teaching_points")
    scope = Scope(
        teaching_points=None
        if tp is None
        else TeachingPoints(
            tp["column"], tuple(tp["values"]), tp["action"], tp["parent"], tp["source"]
        ),
        exclude=tuple(
            ScopeRule(
                r["key"],
                r["name"],
                r.get("name_en", r["key"]),
                r["column"],
                tuple(r["values"]),
                tuple(r["left_out_of"]),
                r["source"],
                r.get("students_below"),
            )
            for r in scope_data.get("exclude") or []
        ),
    )
    return Rules(
        id=data["id"],
        name=data["name"],
        name_en=data.get("name_en", data["name"]),
        source=data.get("source", ""),
        levels=levels,
        columns=columns,
        indicators=indicators,
        balance=BalanceTest(
            bal["test"], {k: float(v) for k, v in bal["limits"].items()}, bal.get("source", "")
        ),
        standards=standards,
        criteria=criteria,
        scope=scope,
        school_pass=SchoolPass(
            pass_data.get("rule", "all"),
            int(pass_data.get("at_least", 0)),
            float(pass_data.get("others_min_fraction", 1.0)),
            pass_data.get("source", ""),
        ),
        inputs_sheets=tuple(data.get("inputs_sheets", [])),
        notes_sheets=tuple(data.get("notes_sheets", [])),
        path=file,
        quality=_quality(data),
    )


def _quality(data: dict[str, Any]) -> Any:
    if "quality" not in data:
        return None
    from balance_cli.rules.quality import build_quality

    return build_quality(data["quality"])
