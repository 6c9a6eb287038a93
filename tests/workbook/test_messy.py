"""Real survey files: every messy variant gives the clean file's numbers to 1e-9."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

from messy import VARIANTS, clean_rows
from support import SAMPLES, balance


def assess_json(path, *extra):
    result = balance("assess", path, "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def clean():
    return assess_json(SAMPLES / "county-a-2023.csv")


def assert_same_numbers(got, want):
    assert got["passed"] == want["passed"]
    assert set(got["levels"]) == set(want["levels"])
    for key, w in want["levels"].items():
        g = got["levels"][key]
        assert (g["schools"], g["passed"]) == (w["schools"], w["passed"])
        assert g["students"] == pytest.approx(w["students"], abs=1e-9)
        assert g["composite_cv"] == pytest.approx(w["composite_cv"], abs=1e-9)
        for ind, wi in w["indicators"].items():
            assert g["indicators"][ind]["mean"] == pytest.approx(wi["mean"], rel=1e-12)
            assert g["indicators"][ind]["cv"] == pytest.approx(wi["cv"], abs=1e-9)
    by_key = {(s["code"], s["level"]): s for s in got["schools"]}
    assert len(by_key) == len(want["schools"])
    for ws in want["schools"]:
        gs = by_key[(ws["code"], ws["level"])]
        assert gs["name"] == ws["name"] and gs["passed"] == ws["passed"]
        assert gs["students"] == ws["students"]
        for k, v in ws["values"].items():
            assert gs["values"][k] == pytest.approx(v, rel=1e-12)


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_messy_variant_gives_the_clean_numbers(tmp_path, clean, variant):
    build, totals = VARIANTS[variant]
    path = build(clean_rows(), tmp_path)
    got = assess_json(path)
    assert_same_numbers(got, clean)
    reasons = [e["reason"] for e in got["excluded"]]
    assert reasons == ["totals_row"] * totals
    assert all(e["row"] > 1 for e in got["excluded"])


def test_formula_variant_really_holds_formulas(tmp_path):
    path = VARIANTS["formulas"][0](clean_rows(), tmp_path)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/worksheets/sheet1.xml").count(b"<f>") == 55


def test_totals_rows_are_listed_with_their_rows(tmp_path):
    path = VARIANTS["totals-top"][0](clean_rows(), tmp_path)
    got = assess_json(path)
    assert [(e["row"], e["name"]) for e in got["excluded"]] == [(2, "总计"), (43, "小计")]
    table = balance("assess", path).stdout
    assert "未计入的行" in table and "合计行，不计为学校" in table


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_placeholders_are_zero_with_a_located_warning(tmp_path):
    rows = clean_rows()
    rows[2][8] = "—"  # 计算机台数 of the second school
    rows[3][8] = "无"
    rows[4][8] = ""
    got = assess_json(write_csv(tmp_path / "dash.csv", rows))
    warnings = [w for w in got["warnings"] if w["kind"] == "placeholder_zero"]
    assert [(w["row"], w["column"], w["params"]["value"]) for w in warnings] == [
        (3, "I(计算机台数)", "—"),
        (4, "I(计算机台数)", "无"),
        (5, "I(计算机台数)", ""),
    ]
    school = next(s for s in got["schools"] if s["row"] == 3)
    assert school["values"]["computers_per_100"] == 0.0


def test_gbk_is_never_mojibake(tmp_path):
    path = VARIANTS["gbk-csv"][0](clean_rows(), tmp_path)
    got = assess_json(path)
    assert got["schools"][0]["name"] == "示例县南关小学"


def test_codes_keep_leading_zeros(tmp_path):
    rows = clean_rows()
    rows[1][0] = "0041100001"
    got = assess_json(write_csv(tmp_path / "zeros.csv", rows))
    assert got["schools"][0]["code"] == "0041100001"


def test_sheet_option_picks_sheets(tmp_path):
    got = assess_json(SAMPLES / "county-a-2024.xlsx", "--sheet", "初中")
    assert list(got["levels"]) == ["junior"]
    assert any(w["kind"] == "level_absent" for w in got["warnings"])
