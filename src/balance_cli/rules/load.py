"""Find, read, validate and build a rule set.

``--rules`` takes a built-in name (a YAML file shipped in the package) or a path. Files are
read with ``yaml.safe_load``, validated against :data:`SCHEMA` and then for
cross-references, and every problem is reported at once with its key path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from balance_cli.errors import Problem, RulesError
from balance_cli.model import (
    BalanceTest,
    Column,
    Indicator,
    InputCriterion,
    Level,
    Rules,
    Scope,
    ScopeRule,
    Standard,
    TeachingPoints,
)
from balance_cli.rules.catalog import DEFAULT_RULES, builtin_dir, builtin_names, safe_load

_REQUIRED_COLUMNS = ("code", "name", "level", "students")


def load_rules(name_or_path: str | None = None) -> Rules:
    """Load a built-in rule set by name, or a rules file by path."""
    name = name_or_path or DEFAULT_RULES
    builtin = builtin_dir() / f"{name}.yaml"
    path = builtin if builtin.is_file() and "/" not in name else Path(name)
    if not path.is_file():
        raise RulesError(
            Problem("rules_not_found", {"name": name, "builtins": ", ".join(builtin_names())})
        )
    try:
        data = safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RulesError(
            Problem("rules_not_yaml", {"detail": str(exc).replace("\n", " ")}, file=str(path))
        ) from None
    # The built-in files are validated against the schema by the test suite (and cannot
    # change after installation); skipping jsonschema for them saves ~0.1 s per run.
    return parse_rules(data, str(path), validate_schema=path != builtin)


def parse_rules(data: Any, file: str | None = None, validate_schema: bool = True) -> Rules:
    """Validate already-parsed YAML data and build :class:`Rules` (or raise RulesError)."""
    problems = _schema_problems(data, file) if validate_schema else []
    if problems:
        raise RulesError(problems)
    problems = _reference_problems(data, file)
    if problems:
        raise RulesError(problems)
    return _build(data, file)


def _path_text(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _schema_problems(data: Any, file: str | None) -> list[Problem]:
    import jsonschema

    from balance_cli.rules.schema import SCHEMA

    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        problems.append(
            Problem(
                "rules_schema",
                {"path": _path_text(error.absolute_path), "detail": error.message},
                file=file,
            )
        )
    return problems


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
    for level in data["balance"]["limits"]:
        ref(f"balance.limits.{level}", "level", level, levels)
    scope = data.get("scope") or {}
    if "teaching_points" in scope:
        tp = scope["teaching_points"]
        ref("scope.teaching_points.column", "column", tp["column"], columns)
        ref("scope.teaching_points.parent", "column", tp["parent"], columns)
    for i, rule in enumerate(scope.get("exclude") or []):
        ref(f"scope.exclude[{i}].column", "column", rule["column"], columns)
    for i, st in enumerate(data.get("standards") or []):
        ref(f"standards[{i}].numerator", "column", st["numerator"], columns)
        ref(f"standards[{i}].denominator", "column", st.get("denominator", "students"), columns)
        for bound in ("min", "max"):
            for level in st.get(bound) or {}:
                ref(f"standards[{i}].{bound}.{level}", "level", level, levels)
    return problems


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
    standards = tuple(
        Standard(
            s["key"],
            s["name"],
            s.get("name_en", s["key"]),
            s["numerator"],
            s.get("denominator", "students"),
            float(s.get("scale", 1)),
            s.get("unit", ""),
            {k: float(v) for k, v in (s.get("min") or {}).items()},
            {k: float(v) for k, v in (s.get("max") or {}).items()},
            s["source"],
        )
        for s in data.get("standards") or []
    )
    bal = data["balance"]
    criteria = tuple(
        InputCriterion(
            key,
            c["name"],
            c.get("name_en", key),
            float(c["min"]),
            c.get("unit", ""),
            c["source"],
        )
        for key, c in (data.get("criteria") or {}).items()
    )
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
        path=file,
    )
