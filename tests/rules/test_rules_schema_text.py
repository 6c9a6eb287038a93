"""A rules file that breaks the schema is told in the user's language, through the
installed command: the kind stays `rules_schema` (scripts see it and jsonschema's own text
as `detail`), the message says what is wrong in Chinese by default, English with --lang en.
"""

from __future__ import annotations

import json

import pytest

from support import SAMPLES, balance

SAMPLE = SAMPLES / "county-a-2023.xlsx"

CASES = [
    (
        "levels: 5\n",
        "levels",
        "规则文件中 levels 不符合要求：应为列表，而不是“5”",
        "rules key levels is invalid: must be a list, not '5'",
    ),
    (
        "balance:\n  test: sometimes\n",
        "balance.test",
        "规则文件中 balance.test 不符合要求：“sometimes”不在允许的取值中（composite, each）",
        "rules key balance.test is invalid: 'sometimes' is not one of the allowed values"
        " (composite, each)",
    ),
    (
        "version: 2\n",
        "(top level)",
        "规则文件中 (top level) 不符合要求：有未知的键：version（可用的键：id, name, name_en,"
        " source, levels, columns, indicators, balance, standards, school_pass, quality,"
        " inputs_sheets, notes_sheets, scope, criteria）",
        "rules key (top level) is invalid: unknown keys: version (known keys: id, name,"
        " name_en, source, levels, columns, indicators, balance, standards, school_pass,"
        " quality, inputs_sheets, notes_sheets, scope, criteria)",
    ),
    (
        "indicators:\n  - {key: books, name: 生均图书, column: books, scale: 0}\n",
        "indicators[4].scale",
        "规则文件中 indicators[4].scale 不符合要求：0 超出范围：应 > 0",
        "rules key indicators[4].scale is invalid: 0 is out of range: it must be > 0",
    ),
]


@pytest.mark.parametrize(("body", "path", "zh", "en"), CASES, ids=[c[1] for c in CASES])
def test_schema_problems_speak_the_users_language(tmp_path, body, path, zh, en):
    rules = tmp_path / "mine.yaml"
    rules.write_text("extends: henan-199\n" + body, encoding="utf-8")
    chinese = balance("assess", SAMPLE, "--rules", rules)
    assert chinese.returncode == 2
    assert f"mine.yaml: {zh}\n" in chinese.stderr
    assert "Traceback" not in chinese.stderr
    english = balance("assess", SAMPLE, "--rules", rules, "--lang", "en")
    assert english.returncode == 2
    assert f"mine.yaml: {en}\n" in english.stderr
    data = json.loads(balance("assess", SAMPLE, "--rules", rules, "--format", "json").stdout)
    (problem,) = data["error"]["problems"]
    assert problem["kind"] == "rules_schema"
    assert problem["params"]["path"] == path
    assert problem["message"] == zh
    assert problem["params"]["detail"]  # jsonschema's own words stay for scripts


def test_missing_required_keys_are_each_named(tmp_path):
    rules = tmp_path / "bare.yaml"
    rules.write_text("name: 空规则\nlevels: []\n", encoding="utf-8")
    result = balance("assess", SAMPLE, "--rules", rules)
    assert result.returncode == 2
    for key in ("id", "columns", "indicators", "balance"):
        want = f"bare.yaml: 规则文件中 (top level) 不符合要求：缺少必需的键“{key}”\n"
        assert want in result.stderr
    assert "levels 不符合要求：不能为空" in result.stderr
    assert "required property" not in result.stderr
