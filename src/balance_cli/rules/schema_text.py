"""A schema violation of a rules file, said in the user's language.

jsonschema's own messages are English ("'id' is a required property"). Each violation
stays a ``rules_schema`` problem (the stable kind scripts see, with jsonschema's text as
``detail``) and gains a ``detail_label``: the catalogue's wording of what is wrong, with
its parameters (the key missing or unknown, the type or values expected, the bound),
which the message shows in the user's language."""

from __future__ import annotations

from typing import Any

from balance_cli.errors import Problem
from balance_cli.rules.read import path_text, short

# JSON Schema type → (中文, English), as a rules author says it in YAML.
_TYPES = {
    "array": ("列表", "a list"),
    "object": ("键值映射", "a mapping (key: value)"),
    "string": ("文本", "text"),
    "number": ("数值", "a number"),
    "integer": ("整数", "a whole number"),
    "boolean": ("true 或 false", "true or false"),
    "null": ("空值", "empty (null)"),
}
_BOUNDS = {  # validator → the comparison a value must satisfy
    "minimum": "≥",
    "exclusiveMinimum": ">",
    "maximum": "≤",
    "exclusiveMaximum": "<",
}


def _scalar(value: Any) -> str:
    """A value as the file wrote it, shortened; a list or mapping is only named."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return "[…]" if isinstance(value, list) else "{…}"
    return short(str(value), 40)


def _detail(error: Any) -> dict[str, Any]:
    """The label and parameters that say ``error`` in the catalogue's words ({} if none)."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required" and isinstance(instance, dict):
        missing = [k for k in value if k not in instance]
        key = next((k for k in missing if repr(k) in error.message), None)
        return {"detail_label": "schema_required", "key": key} if key else {}
    if kind == "additionalProperties" and value is False and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = [short(str(k), 40) for k in instance if k not in known][:5]
        return {
            "detail_label": "schema_unknown",
            "keys": "、".join(extra),
            "keys_en": ", ".join(extra),
            "allowed": ", ".join(known),
        }
    if kind == "type":
        names = [value] if isinstance(value, str) else list(value)
        return {
            "detail_label": "schema_type",
            "type": "或".join(_TYPES.get(n, (n, n))[0] for n in names),
            "type_en": " or ".join(_TYPES.get(n, (n, n))[1] for n in names),
            "value": _scalar(instance),
        }
    if kind == "enum":
        values = ", ".join(_scalar(v) for v in value)
        return {"detail_label": "schema_enum", "values": values, "value": _scalar(instance)}
    if kind in _BOUNDS:
        return {
            "detail_label": "schema_bound",
            "op": _BOUNDS[kind],
            "limit": _scalar(value),
            "value": _scalar(instance),
        }
    if kind == "pattern":
        return {"detail_label": "schema_key", "value": _scalar(instance)}
    if kind in ("minItems", "minLength", "minProperties"):
        return {"detail_label": "schema_empty"}
    if kind in ("anyOf", "oneOf"):
        return {"detail_label": "schema_form", "value": _scalar(instance)}
    return {}


def schema_problem(error: Any, file: str | None) -> Problem:
    """One located ``rules_schema`` problem for one ``jsonschema.ValidationError``."""
    path = path_text(error.absolute_path)
    params: dict[str, Any] = {"path": path, "detail": short(error.message, 200)}
    return Problem("rules_schema", params | _detail(error), file=file)
