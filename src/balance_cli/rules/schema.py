"""The JSON Schema of a rules file (validated with ``jsonschema`` before any data is read).

Cross-references (an indicator's column, a limit's level) cannot be said in JSON Schema;
:mod:`balance_cli.rules.load` checks them after the schema.
"""

from __future__ import annotations

from typing import Any

_KEY = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
_NUMBER = {"type": "number"}
# How a standard's value is measured: scale × numerator / denominator (denominator null:
# scale × numerator, an absolute figure such as a track length), for the schools whose
# `only_if_positive` column is > 0 (all schools when absent).
_MEASURE: dict[str, Any] = {
    "basis": _KEY,
    "numerator": _KEY,
    "denominator": {"anyOf": [_KEY, {"type": "null"}]},
    "only_if_positive": _KEY,
    "scale": {"type": "number", "exclusiveMinimum": 0},
    "unit": _TEXT,
}
_PER_LEVEL = {
    "type": "object",
    "additionalProperties": {"type": "number", "minimum": 0},
    "minProperties": 1,
}

_FILTER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["column", "values"],
    "properties": {"column": _KEY, "values": {"type": "array", "items": _TEXT, "minItems": 1}},
}
_ITEM_TESTS = [
    "input",
    "years_between",
    "special_rooms",
    "school_size",
    "class_size",
    "funding_floor",
    "per_student",
]
# Parts 2–4 of 教督〔2017〕6号 and its precondition (rules/README.md, section `quality`).
# Items merge by key across `extends`, so the per-test requirements are checked in
# rules/load.py after the merge, not here.
QUALITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["parts", "items"],
    "properties": {
        "source": _TEXT,
        "class_sheets": {"type": "array", "items": _TEXT},
        "class_students": {"type": "array", "items": _TEXT, "minItems": 1},
        "parts": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name"],
                "properties": {
                    "key": _KEY,
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "indicators": {"type": "integer", "minimum": 0},
                    "criteria": {"type": "array", "items": {"enum": ["standards", "balance"]}},
                },
            },
        },
        "inputs": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name", "kind"],
                "properties": {
                    "key": _KEY,
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "kind": {"enum": ["percent", "yes_no", "ratio", "number", "year", "grade"]},
                    "unit": _TEXT,
                    "unit_en": _TEXT,
                    "aliases": {"type": "array", "items": _TEXT},
                    "range": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"min": _NUMBER, "max": _NUMBER},
                    },
                },
            },
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key"],
                "properties": {
                    "key": _KEY,
                    "part": _KEY,
                    "item": {"type": "integer", "minimum": 1},
                    "test": {"enum": _ITEM_TESTS},
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "unit": _TEXT,
                    "unit_en": _TEXT,
                    "source": _TEXT,
                    "input": _KEY,
                    "from": _KEY,
                    "to": _KEY,
                    "min": _NUMBER,
                    "max": {"oneOf": [_NUMBER, _PER_LEVEL]},
                    "below": _NUMBER,
                    "column": _KEY,
                    "classes_per_room": {"type": "number", "exclusiveMinimum": 0},
                    "rooms": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["key", "name", "count", "area", "min_area"],
                            "properties": {
                                "key": _KEY,
                                "name": _TEXT,
                                "name_en": _TEXT,
                                "count": _KEY,
                                "area": _KEY,
                                "min_area": {"type": "number", "minimum": 0},
                            },
                        },
                    },
                    "combined_max": _NUMBER,
                    "combined_values": {"type": "array", "items": _TEXT},
                    "students": {"type": "number", "exclusiveMinimum": 0},
                    "norms": {"type": "object", "additionalProperties": _KEY, "minProperties": 1},
                    "only": _FILTER,
                    "except": _FILTER,
                },
            },
        },
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "levels", "columns", "indicators", "balance"],
    "properties": {
        "id": _KEY | {"pattern": "^[a-z0-9][a-z0-9_.-]*$"},
        "name": _TEXT,
        "name_en": _TEXT,
        "source": _TEXT,
        "levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name"],
                "properties": {
                    "key": _KEY,
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "aliases": {"type": "array", "items": _TEXT},
                },
            },
        },
        "columns": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name", "type"],
                "properties": {
                    "key": _KEY,
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "type": {"enum": ["text", "level", "number"]},
                    "unit": _TEXT,
                    "aliases": {"type": "array", "items": _TEXT},
                    "help": _TEXT,
                    "countable": {"type": "boolean"},
                    "subset_of": _KEY,
                    "merge": {"enum": ["sum", "max"]},
                },
            },
        },
        "indicators": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name", "column"],
                "properties": {
                    "key": _KEY,
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "column": _KEY,
                    "scale": {"type": "number", "exclusiveMinimum": 0},
                    "unit": _TEXT,
                    "plausible": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {"min": _NUMBER, "max": _NUMBER},
                    },
                },
            },
        },
        "balance": {
            "type": "object",
            "additionalProperties": False,
            "required": ["test", "limits"],
            "properties": {
                "test": {"enum": ["composite", "each"]},
                "limits": _PER_LEVEL,
                "source": _TEXT,
            },
        },
        "standards": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "source"],
                "allOf": [
                    {"oneOf": [{"required": ["min"]}, {"required": ["max"]}]},
                    {
                        "oneOf": [
                            {"required": ["indicator"]},
                            {"required": ["numerator", "name"]},
                        ]
                    },
                ],
                "properties": {
                    "key": _KEY,
                    "name": _TEXT,
                    "name_en": _TEXT,
                    "indicator": _KEY,
                    **_MEASURE,
                    "min": _PER_LEVEL,
                    "max": _PER_LEVEL,
                    "source": _TEXT,
                    "fallback": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["numerator", "name"],
                            "properties": {"name": _TEXT, "name_en": _TEXT, **_MEASURE},
                        },
                    },
                },
            },
        },
        "school_pass": {
            "type": "object",
            "additionalProperties": False,
            "required": ["rule", "source"],
            "properties": {
                "rule": {"enum": ["all", "at_least"]},
                "at_least": {"type": "integer", "minimum": 1},
                "others_min_fraction": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                "source": _TEXT,
            },
            "if": {"properties": {"rule": {"const": "at_least"}}},
            "then": {"required": ["at_least", "others_min_fraction"]},
        },
        "quality": QUALITY_SCHEMA,
        "inputs_sheets": {"type": "array", "items": _TEXT},
        "notes_sheets": {"type": "array", "items": _TEXT},
        "scope": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "teaching_points": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["column", "values", "action", "parent", "source"],
                    "properties": {
                        "column": _KEY,
                        "values": {"type": "array", "items": _TEXT, "minItems": 1},
                        "action": {"enum": ["merge", "exclude"]},
                        "parent": _KEY,
                        "source": _TEXT,
                    },
                },
                "exclude": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["key", "name", "column", "values", "left_out_of", "source"],
                        "properties": {
                            "key": _KEY,
                            "name": _TEXT,
                            "name_en": _TEXT,
                            "column": _KEY,
                            "values": {"type": "array", "items": _TEXT, "minItems": 1},
                            "students_below": {"type": "number", "exclusiveMinimum": 0},
                            "left_out_of": {
                                "type": "array",
                                "items": {"enum": ["standards", "balance"]},
                                "minItems": 1,
                                "uniqueItems": True,
                            },
                            "source": _TEXT,
                        },
                    },
                },
            },
        },
        "criteria": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                key: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "min", "source"],
                    "properties": {
                        "aliases": {"type": "array", "items": _TEXT},
                        "name": _TEXT,
                        "name_en": _TEXT,
                        "min": _NUMBER,
                        "unit": _TEXT,
                        "source": _TEXT,
                    },
                }
                for key in ("gov_score", "satisfaction")
            },
        },
    },
}
