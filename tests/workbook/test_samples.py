"""Every sample's JSON against the independent computation, to 1e-9."""

from __future__ import annotations

import json

import pytest

from independent import compute
from support import SAMPLES, balance

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.xlsx")) + sorted(
    p.name for p in SAMPLES.glob("*.csv")
)


def run_json(path):
    result = balance("assess", path, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_sample_matches_independent_computation(name):
    path = SAMPLES / name
    code, got = run_json(path)
    want = compute(path)
    assert set(got["levels"]) == set(want["levels"])
    for level, w in want["levels"].items():
        g = got["levels"][level]
        assert g["schools"] == w["schools"]
        assert g["students"] == pytest.approx(w["students"], abs=1e-9)
        assert g["composite_cv"] == pytest.approx(w["composite_cv"], abs=1e-9)
        assert g["passed"] is w["passed"]
        for key, wi in w["indicators"].items():
            assert g["indicators"][key]["mean"] == pytest.approx(wi["mean"], rel=1e-12, abs=1e-9)
            assert g["indicators"][key]["cv"] == pytest.approx(wi["cv"], abs=1e-9)
    failing = {(s["code"], s["level"]) for s in got["schools"] if not s["passed"]}
    assert failing == want["failing"]
    assert got["passed"] is want["passed"]
    assert code == (0 if want["passed"] else 1)


def test_samples_cover_the_promised_cases():
    """A passing county, its next year, and a county failing the junior composite."""
    assert compute(SAMPLES / "county-a-2023.xlsx")["passed"]
    assert compute(SAMPLES / "county-a-2024.xlsx")["passed"]
    b = compute(SAMPLES / "county-b-2023.xlsx")
    assert not b["levels"]["junior"]["passed"] and b["levels"]["primary"]["passed"]
    a = compute(SAMPLES / "county-a-2023.csv")
    assert a["levels"]["primary"]["schools"] >= 40 and a["levels"]["junior"]["schools"] >= 15


def test_xlsx_and_csv_of_a_sample_agree():
    _, x = run_json(SAMPLES / "county-a-2023.xlsx")
    _, c = run_json(SAMPLES / "county-a-2023.csv")
    assert x["levels"] == c["levels"]
    assert [s["code"] for s in x["schools"]] == [s["code"] for s in c["schools"]]


def test_nine_year_school_is_two_rows_not_a_duplicate():
    _, got = run_json(SAMPLES / "county-a-2023.csv")
    rows = [s for s in got["schools"] if s["code"] == "2141300001"]
    assert sorted(s["level"] for s in rows) == ["junior", "primary"]
