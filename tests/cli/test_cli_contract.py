"""The command-line contract as a script meets it: the installed `balance` in a subprocess.

Exit statuses 0/1/2/3, a JSON error object on every error path under --format json, usage
errors in the user's language, impossible combinations refused before any file is read,
help in both languages with examples, a closed pipe keeping the verdict's exit status.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import SAMPLES, balance, no_traceback

COUNTY_A = SAMPLES / "county-a-2023.xlsx"  # passes
COUNTY_B = SAMPLES / "county-b-2023.xlsx"  # fails (junior composite)


@pytest.mark.parametrize(
    ("args", "file"),
    [
        (("assess", "nope.xlsx"), "nope.xlsx"),
        (("assess", COUNTY_A, "--rules", "nope"), str(COUNTY_A)),
        (("check", COUNTY_A, "--rules", "nope"), str(COUNTY_A)),
        (("plan", "nope.csv"), "nope.csv"),
        (("diff", COUNTY_A, "nope.xlsx"), "nope.xlsx"),
    ],
)
def test_every_error_path_prints_json_under_format_json(args, file):
    result = balance(*args, "--format", "json")
    no_traceback(result)
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert data["file"] == file
    assert data["error"]["problems"], data


def test_usage_errors_speak_the_users_language_and_exit_2():
    zh = balance("assess", COUNTY_A, "--bogus")
    assert zh.returncode == 2
    assert "没有选项 --bogus" in zh.stderr
    en = balance("assess", COUNTY_A, "--bogus", "--lang", "en")
    assert en.returncode == 2
    assert "no such option: --bogus" in en.stderr
    env = balance("assess", env={"BALANCE_LANG": "en"})
    assert env.returncode == 2 and "missing argument" in env.stderr


def test_usage_error_under_format_json_is_a_json_object():
    result = balance("assess", COUNTY_A, "--format", "json", "--jobs", "0")
    assert result.returncode == 2
    problem = json.loads(result.stdout)["error"]["problems"][0]
    assert problem["kind"] == "bad_value"


SHOWN = {
    "output_not_xlsx": "必须是 .xlsx 文件",
    "option_format": "--explain 不能与 --format csv 一起使用",
    "option_one_file": "只能用于单个文件",
}


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (("assess", "missing.xlsx", "-o", "out.csv"), "output_not_xlsx"),
        (("assess", "missing.xlsx", "--explain", "--format", "csv"), "option_format"),
        (("assess", "a.xlsx", "b.xlsx", "--explain"), "option_one_file"),
        (("assess", "a.xlsx", "b.xlsx", "-o", "r.xlsx"), "option_one_file"),
        (("report", "missing.xlsx", "-o", "r.csv"), "output_not_xlsx"),
        (("template", "blank.csv"), "output_not_xlsx"),
    ],
)
def test_impossible_combinations_are_refused_before_any_file_is_read(tmp_path, args, kind):
    # The inputs do not exist: a refusal that names the option, not the missing file,
    # shows that nothing was read first.
    json_wanted = ["--format", "json"] if args[0] == "assess" and "--format" not in args else []
    result = balance(*args, *json_wanted, cwd=tmp_path, timeout=60)
    no_traceback(result)
    assert result.returncode == 2
    if json_wanted:
        (problem,) = json.loads(result.stdout)["error"]["problems"]
        assert problem["kind"] == kind
    else:
        assert SHOWN[kind] in result.stderr
    assert "找不到文件" not in result.stderr
    assert not any(tmp_path.iterdir()), "nothing may be written"


def test_exit_statuses_pass_fail_and_check():
    assert balance("assess", COUNTY_A, "-q").returncode == 0
    assert balance("assess", COUNTY_B, "-q").returncode == 1
    assert balance("check", SAMPLES).returncode == 0  # a folder is checked file by file


def test_an_unexpected_exception_is_exit_3_with_an_apology_not_a_traceback(monkeypatch, capsys):
    import click

    from balance_cli.cli import run
    from balance_cli.render.formats import Format

    def broken(opts):
        raise ZeroDivisionError("a bug")

    monkeypatch.delenv("BALANCE_DEBUG", raising=False)
    ctx = click.Context(click.Command("x"))
    with pytest.raises(click.exceptions.Exit) as exited:
        run(ctx, Format.TABLE, "en", (), broken)
    assert exited.value.exit_code == 3
    err = capsys.readouterr().err
    assert "internal error in balance (ZeroDivisionError)" in err
    assert "Traceback" not in err


def test_a_closed_pipe_keeps_the_verdicts_exit_status():
    # `balance assess … | head -1`: the reader leaves after one line.
    code = (
        f"{sys.executable} -m balance_cli assess {COUNTY_B} --format json"
        " | head -c 10 > /dev/null; exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    no_traceback(result)


@pytest.mark.parametrize("command", ["assess", "check", "plan", "diff", "report", "template"])
def test_help_in_both_languages_ends_with_examples(command):
    zh = balance(command, "--help")
    en = balance(command, "--help", "--lang", "en")
    assert zh.returncode == en.returncode == 0
    assert "示例" in zh.stdout and f"balance {command} " in zh.stdout.split("示例")[1]
    assert "Example" in en.stdout and f"balance {command} " in en.stdout.split("Example")[1]
    assert "选项" in zh.stdout and "Options" in en.stdout


def test_diff_reads_only_the_named_sheet(tmp_path):
    result = balance("diff", COUNTY_A, COUNTY_A, "--sheet", "nope", "--format", "json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["problems"][0]["kind"] == "sheet_not_found"


def test_check_names_the_file_of_every_problem(tmp_path):
    one = tmp_path / "one.csv"
    one.write_text(Path(SAMPLES / "county-a-2023.csv").read_text(encoding="utf-8"))
    result = balance("check", tmp_path, "--format", "json")
    assert result.returncode == 0
    for problem in json.loads(result.stdout):
        assert problem["file"] == str(one)
