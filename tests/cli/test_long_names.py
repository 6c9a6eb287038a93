"""A name longer than the system allows (ENAMETOOLONG) is bad input, not a bug of ours:
every command says which file and why, with exit status 2 (it was an internal error, 3)."""

from __future__ import annotations

import json

import pytest

from support import SAMPLES, balance, no_traceback

COUNTY = SAMPLES / "county-a-2023.xlsx"
LONG = "a" * 300


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "{long}.xlsx"),
        ("assess", "{long}.xlsx", str(COUNTY)),  # in a batch: that file's row says why
        ("check", "{long}.csv"),
        ("plan", "{long}.xlsx"),
        ("diff", "{long}.xlsx", str(COUNTY)),
        ("report", "{long}.xlsx", "-o", "{tmp}/out.xlsx"),
        ("plan", str(SAMPLES / "county-b-2023.xlsx"), "--prices", "{long}.yaml"),
    ],
    ids=["assess", "batch", "check", "plan", "diff", "report", "prices"],
)
def test_a_name_too_long_is_located_with_exit_2(tmp_path, args):
    args = tuple(a.format(long=tmp_path / LONG, tmp=tmp_path) for a in args)
    result = balance(*args)
    assert result.returncode == 2, result.stderr
    no_traceback(result)
    assert f"{tmp_path / LONG}." in result.stdout + result.stderr
    assert "File name too long" in result.stdout + result.stderr
    assert "内部错误" not in result.stderr


def test_a_name_too_long_in_json(tmp_path):
    result = balance("assess", f"{tmp_path / LONG}.xlsx", "--format", "json", "--lang", "en")
    assert result.returncode == 2
    (problem,) = json.loads(result.stdout)["error"]["problems"]
    assert problem["file"] == f"{tmp_path / LONG}.xlsx"
    assert problem["message"] == "cannot read the file (system error: File name too long)"
