"""The installed command's behaviour: formats, languages, exit codes, start-up."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from balance_cli import __version__
from independent import compute
from support import EIGHT_INDICATORS, SAMPLES, balance

PASSING = SAMPLES / "county-a-2023.xlsx"
FAILING = SAMPLES / "county-b-2023.xlsx"


@pytest.mark.parametrize(("path", "code"), [(PASSING, 0), (FAILING, 1)])
@pytest.mark.parametrize("fmt", ["table", "markdown", "plain", "csv", "json"])
def test_every_format_and_exit_code(path, code, fmt):
    result = balance("assess", path, "--format", fmt)
    assert result.returncode == code, result.stderr
    assert result.stdout.strip()


def test_table_shows_published_rows_and_verdict():
    result = balance("assess", FAILING)
    out = result.stdout
    assert "全县平均值" in out and "差异系数" in out and "综合" in out
    assert "0.566" in out  # junior composite, see test_samples for the exact value
    assert "评估结论：未通过" in out
    assert "初中综合 0.566 > 0.55" in out
    assert "示范县李庄初级中学" in out  # a school below the books standard
    assert "未提供" in out  # criteria 3 and 4


def test_english_labels():
    out = balance("assess", PASSING, "--lang", "en", "--format", "plain").stdout
    assert "county mean" in out and "difference coefficient" in out
    assert "Verdict: PASSED" in out
    assert "not supplied" in out
    assert "全县平均值" not in out


def test_markdown_is_pipe_tables():
    out = balance("assess", PASSING, "--format", "markdown").stdout
    assert "| 项目" in out and "|:-" in out  # a header row, then a pipe-table rule
    assert "### 小学：40 所学校" in out


def test_json_shape_scripts_depend_on():
    result = balance("assess", PASSING, "--format", "json")
    data = json.loads(result.stdout)
    assert {"file", "rules", "passed", "levels", "schools", "excluded", "warnings"} <= set(data)
    assert data["rules"] == "henan-199" and data["passed"] is True
    level = data["levels"]["primary"]
    assert {"schools", "students", "indicators", "composite_cv", "composite_max", "passed"} <= set(
        level
    )
    assert list(level["indicators"]) == EIGHT_INDICATORS
    assert {"mean", "cv"} <= set(level["indicators"]["books"])
    assert level["composite_max"] == 0.65
    school = data["schools"][0]
    assert {"code", "name", "level", "students", "values", "passed", "failed"} <= set(school)
    assert school["code"] == "2141100001" and isinstance(school["code"], str)
    assert [c["key"] for c in data["criteria"]] == [
        "standards",
        "balance",
        "gov_score",
        "satisfaction",
    ]
    assert data["not_supplied"] == ["gov_score", "satisfaction"]


def test_json_failed_schools_say_which_standard_and_by_how_much():
    data = json.loads(balance("assess", FAILING, "--format", "json").stdout)
    failing = [s for s in data["schools"] if not s["passed"]]
    assert len(failing) == 8
    f = failing[0]["failed"][0]
    assert f["standard"] == "books_per_student" and f["limit"] == 30.0
    assert f["gap"] == pytest.approx(30.0 - f["value"])


def test_csv_has_a_row_per_indicator_and_composite():
    out = balance("assess", FAILING, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 * 9
    composite = next(r for r in rows if r["indicator"] == "composite" and r["level"] == "junior")
    assert float(composite["cv"]) > 0.55 and composite["passed"] == "false"
    want = compute(FAILING)["levels"]["junior"]["composite_cv"]  # about 0.566
    assert float(composite["cv"]) == pytest.approx(want, abs=1e-9)


def test_gov_score_and_satisfaction_feed_the_verdict():
    assert balance("assess", PASSING, "--gov-score", "90", "--satisfaction", "92").returncode == 0
    result = balance("assess", PASSING, "--gov-score", "80")
    assert result.returncode == 1
    assert "评估结论：未通过" in result.stdout


def test_usage_errors_exit_2():
    assert balance("assess").returncode == 2
    assert balance("assess", PASSING, "--format", "xml").returncode == 2
    assert balance("assess", PASSING, "--gov-score", "120").returncode == 2
    assert balance("nope").returncode == 2


def test_help_and_version():
    result = balance("--help")
    assert result.returncode == 0 and "assess" in result.stdout
    assess_help = balance("assess", "--help")
    assert assess_help.returncode == 0 and "Usage: balance assess" in assess_help.stdout
    version = balance("--version")
    assert version.returncode == 0 and __version__ in version.stdout


def test_the_console_script_is_installed_and_runs():
    """The tests run ``python -m balance_cli``; users type ``balance``: the script the
    package installs beside this interpreter answers as the module does."""
    script = Path(sys.executable).with_name("balance")
    assert script.exists(), f"the balance command is not installed beside {sys.executable}"
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == balance("--version").stdout
    assert __version__ in proc.stdout


def _imported_modules(*args):
    code = (
        "import sys\n"
        "from balance_cli.cli import main\n"
        f"sys.argv = ['balance', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES"))
    return set(line.split()[1:])


@pytest.mark.parametrize("args", [("--help",), ("assess", "--help"), ("assess",)])
def test_help_and_usage_errors_import_neither_pandas_nor_numpy(args):
    modules = _imported_modules(*args)
    assert "pandas" not in modules and "numpy" not in modules


def test_assess_imports_what_it_needs_really():
    """The check above can fail: an assessment imports numpy; only CSV needs pandas."""
    xlsx = _imported_modules("assess", str(PASSING), "--format", "json")
    assert "numpy" in xlsx and "pandas" not in xlsx
    csv_run = _imported_modules("assess", str(SAMPLES / "county-a-2023.csv"), "--format", "json")
    assert "pandas" in csv_run


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "json"])
def test_one_xlsx_county_imports_no_pathlib_zipfile_or_csv(fmt):
    """What one .xlsx county does not need stays unimported (each costs milliseconds of
    start-up): pathlib (paths as text), zipfile and its shutil, bz2 and lzma (a plain zip
    is read by workbook/zipdir.py), csv (only CSV output and odd CSV input need it),
    orjson (JSON output only: the rules cache is read by the json module)."""
    modules = _imported_modules("assess", str(PASSING), "--format", fmt)
    assert "balance_cli.workbook.xlsx_scan" in modules  # the file was scanned and read
    unwanted = {"pathlib", "zipfile", "shutil", "bz2", "lzma", "fnmatch", "urllib.parse"}
    if fmt != "csv":
        unwanted.add("csv")
    if fmt != "json":
        unwanted.add("orjson")
    assert modules.isdisjoint(unwanted), sorted(modules & unwanted)


def test_warnings_go_to_stderr_and_quiet_silences_them(tmp_path):
    rows = list(csv.reader((SAMPLES / "county-a-2023.csv").open(encoding="utf-8")))
    rows[3][8] = "—"  # 计算机台数 of a school: read as 0, warned
    path = tmp_path / "dash.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = balance("assess", path)
    assert "dash.csv:4:I(计算机台数): “—”按 0 处理" in result.stderr
    assert "警告" not in result.stdout
    assert balance("assess", path, "-q").stderr == ""
