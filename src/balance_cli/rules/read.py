"""Read one rules file safely: bounded size and YAML, no echo of its content in errors.

Locating a rules name (built-in or path), reading its bytes (at most MAX_RULES_BYTES), parsing
it through the budgeted loader of :mod:`catalog` and refusing non-finite numbers: every
failure is a located :class:`RulesError` that quotes where and what, never the file itself.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from balance_cli.errors import Problem, RulesError
from balance_cli.rules.catalog import builtin_dir, builtin_names
from balance_cli.rules.safe_yaml import MAX_YAML_NODES, YAMLTooBig, safe_load


def path_text(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


MAX_RULES_BYTES = 2 * 1024 * 1024  # the built-in rule sets are ~10 KB


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte…
        return False


def locate(
    name: str, relative_to: Path | None = None, where: str | None = None
) -> tuple[Path, bool]:
    """(path, is_builtin) of a rules name: a built-in name, else a file path."""
    builtin = Path(builtin_dir()) / f"{name}.yaml"
    if "/" not in name and "\\" not in name and _is_file(builtin):
        return builtin, True
    path = Path(name)
    if relative_to is not None and not path.is_absolute():
        candidate = relative_to.parent / path
        path = candidate if _is_file(candidate) else path
    if not _is_file(path):
        raise RulesError(
            Problem(
                "rules_not_found",
                {"name": short(name), "builtins": ", ".join(builtin_names())},
                file=where,
            )
        )
    return path, False


def short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def read_rules_file(path: Path) -> Any:
    """The YAML data of a rules file; never quotes the file's content in an error."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_RULES_BYTES:
            raise RulesError(
                Problem(
                    "rules_too_large",
                    {"kb": size // 1024, "limit": MAX_RULES_BYTES // 1024},
                    file=file,
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise RulesError(Problem("rules_unreadable", {"detail": detail}, file=file)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        detail = f"byte {exc.start}: not UTF-8 text"
        raise RulesError(Problem("rules_not_yaml", {"detail": detail}, file=file)) from None
    if "\x00" in text:
        detail = f"line {text.count(chr(10), 0, text.index(chr(0))) + 1}: a NUL character"
        raise RulesError(Problem("rules_not_yaml", {"detail": detail}, file=file))
    try:
        data = safe_load(text)
    except YAMLTooBig as exc:
        if exc.reason == "nodes":
            raise RulesError(
                Problem("rules_aliases", {"limit": MAX_YAML_NODES, "line": exc.line}, file=file)
            ) from None
        what = "a recursive alias" if exc.reason == "cycle" else "nested too deeply"
        detail = f"line {exc.line}: {what}"
        raise RulesError(Problem("rules_not_yaml", {"detail": detail}, file=file)) from None
    except yaml.YAMLError as exc:
        raise RulesError(
            Problem("rules_not_yaml", {"detail": _yaml_detail(exc)}, file=file)
        ) from None
    except RecursionError:
        detail = "nested too deeply"
        raise RulesError(Problem("rules_not_yaml", {"detail": detail}, file=file)) from None
    problems = [
        Problem("rules_not_finite", {"path": path_text(p)}, file=file) for p in _not_finite(data)
    ]
    if problems:
        raise RulesError(problems)
    return data


def _yaml_detail(exc: yaml.YAMLError) -> str:
    """Where and what, from the parser, without the snippet of the file it would quote."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML"
    if mark is None:
        return short(str(problem))
    return f"line {mark.line + 1}, column {mark.column + 1}: {short(str(problem))}"


def _not_finite(data: Any) -> list[list[Any]]:
    """Key paths of the .inf/.nan numbers in ``data`` (a tree of bounded size by now)."""
    found: list[list[Any]] = []
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            found.append(path)
        elif isinstance(value, dict):
            stack += [(v, [*path, k]) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, [*path, i]) for i, v in enumerate(value)]
    return sorted(found, key=lambda p: list(map(str, p)))


def not_mapping(file: str, data: Any, path: str = "(top level)") -> RulesError:
    found = {type(None): "nothing", list: "a list", str: "text"}.get(type(data), "a value")
    return RulesError(
        Problem(
            "rules_schema",
            {"path": path, "detail": f"a rules file is a mapping of keys; this holds {found}"},
            file=file,
        )
    )
