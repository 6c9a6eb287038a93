"""The hostile corpus through the installed ``balance``, as a user runs it.

Each case runs in a subprocess under a 1 GB address-space limit and a timeout. Whatever
the file, ``balance`` must exit 0, 1 or 2 — never a traceback, never a signal, never a
hang — and:

- a case built to read as the clean sample gives the clean sample's numbers;
- a case built to be refused exits 2 with a located problem of the expected kind, naming
  the file, and with a message that quotes no more than a few dozen characters of it.

Then every survey case at once through ``balance assess`` (a batch: one JSON array, one
entry per file, in order) and ``balance check``. Peak memory (ru_maxrss) and time of every
run are collected; ``python tests/hostile/test_hostile.py OUT_DIR`` prints them.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import CASES, SAMPLE_CSV, build_all

ADDRESS_SPACE = 1024 * 1024 * 1024
TIMEOUT = 60
BALANCE = shutil.which("balance", path=str(Path(sys.executable).parent)) or "balance"
SURVEYS = [n for n, c in CASES.items() if not c.rules]
RULES = [n for n, c in CASES.items() if c.rules]
MEASURED: dict[str, tuple[float, float]] = {}  # case → (seconds, peak MB)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(args: list[str], name: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    """``balance ARGS`` under the memory cap; ru_maxrss and time recorded under ``name``."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [BALANCE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limit,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{name}: no answer within {timeout} s")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    MEASURED[name] = (seconds, usage.ru_maxrss / 1024)
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    )


def assert_sane(result: subprocess.CompletedProcess, name: str) -> None:
    assert result.returncode >= 0, f"{name}: killed by signal {-result.returncode}"
    assert result.returncode in (0, 1, 2), f"{name}: exit {result.returncode}\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{name}:\n{result.stderr}"
    for jargon in ("CalamineError", "BadZipFile", "ZipError", "EOCD", "XLSXError"):
        assert jargon not in result.stderr, f"{name}: library jargon\n{result.stderr}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def clean() -> dict:
    result = subprocess.run(
        [BALANCE, "assess", str(SAMPLE_CSV), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stdout)


def same_numbers(data: dict, clean: dict) -> None:
    assert data["passed"] == clean["passed"]
    assert data["levels"].keys() == clean["levels"].keys()
    for key, level in clean["levels"].items():
        got = data["levels"][key]
        assert got["schools"] == level["schools"]
        assert got["students"] == pytest.approx(level["students"])
        assert got["composite_cv"] == pytest.approx(level["composite_cv"], rel=1e-12)
        for ind, res in level["indicators"].items():
            assert got["indicators"][ind]["cv"] == pytest.approx(res["cv"], rel=1e-12), ind
    assert len(data["schools"]) == len(clean["schools"])
    assert sorted(s["students"] for s in data["schools"]) == sorted(
        s["students"] for s in clean["schools"]
    )


def check_case(name: str, corpus: dict[str, Path], clean: dict) -> None:
    case = CASES[name]
    path = corpus[name]
    if case.rules:
        args = ["assess", str(SAMPLE_CSV), "--rules", str(path), "--format", "json"]
    else:
        args = ["assess", str(path), "--format", "json"]
    result = run(args, name)
    assert_sane(result, name)
    if case.expect == "clean":
        assert result.returncode in (0, 1), f"{name}:\n{result.stderr}"
        same_numbers(json.loads(result.stdout), clean)
    elif case.expect == "error":
        assert result.returncode == 2, f"{name}: exit {result.returncode}\n{result.stderr}"
        problems = json.loads(result.stdout)["error"]["problems"]
        kinds = {p["kind"] for p in problems}
        assert kinds & case.kinds, f"{name}: {kinds} (expected one of {set(case.kinds)})"
        named = [p.name for p in path.parent.iterdir() if p.name in result.stderr]
        assert named, f"{name}: the message names none of the case's files"
        assert all(p["file"] for p in problems), f"{name}: a problem without its file"
        for line in result.stderr.splitlines():  # no echo of a file's contents
            assert len(line) < 600, f"{name}: a message of {len(line)} characters"
        assert "hunter2" not in result.stderr
    else:
        assert result.stdout.strip(), f"{name}: nothing on stdout"
        json.loads(result.stdout)


LIGHT = [n for n in CASES if not CASES[n].heavy]
HEAVY = [n for n in CASES if CASES[n].heavy]


@pytest.mark.parametrize("name", LIGHT)
def test_case(name, corpus, clean):
    check_case(name, corpus, clean)


@pytest.mark.parametrize("name", HEAVY)
def test_heavy_case(name, corpus, clean):
    """The bombs and big files: seconds each (refused or read within the cap)."""
    check_case(name, corpus, clean)


def test_hidden_sheet_is_named_in_a_warning(corpus):
    result = run(["assess", str(corpus["hidden-sheet.xlsx"]), "--format", "json"], "warn")
    warnings = json.loads(result.stdout)["warnings"]
    assert [(w["kind"], w["sheet"]) for w in warnings] == [("sheet_hidden", "备用")]


def test_duplicate_without_code_names_both_rows(corpus):
    path = corpus["duplicate-no-code.csv"]
    result = run(["assess", str(path)], "dup")
    assert result.returncode == 2
    # row 7 of the clean file copied to row 42 without its code
    assert f"{path}:42: 学校“示例县" in result.stderr and "另见第 7 行" in result.stderr


def test_plain_language_for_files_that_are_not_excel(corpus):
    expected = {
        "docx-renamed.xlsx": ("Word 文档", "a Word document"),
        "html-renamed.xls": ("网页（HTML", "a web page (HTML"),
        "encrypted-ole.xlsx": ("设有打开密码", "password-protected"),
        "zero-byte.xlsx": ("文件是空的", "the file is empty"),
        "truncated.xlsx": ("不是 Excel 文件或已损坏", "not an Excel file, or damaged"),
        "pdf-renamed.xlsx": ("PDF 文档", "a PDF document"),
        "csv-renamed.xlsx": ("纯文本", "plain text"),
        "xlsx-renamed.xls": ("实际是 .xlsx 格式", "really in .xlsx format"),
    }
    for name, (zh, en) in expected.items():
        path = str(corpus[name])
        assert zh in run(["assess", path], name).stderr, name
        assert en in run(["assess", path, "--lang", "en"], name).stderr, name


def test_every_survey_case_at_once(corpus, clean):
    """One batch of every survey file: a complete JSON array, one entry per file, in order,
    each a result or an error naming its file; nothing lost, whatever a file does."""
    files = [str(corpus[n]) for n in SURVEYS]
    result = run(["assess", *files, "--format", "json", "--jobs", "2"], "batch", timeout=240)
    assert_sane(result, "batch")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == files
    for name, entry in zip(SURVEYS, data, strict=True):
        case = CASES[name]
        if case.expect == "clean":
            same_numbers(entry, clean)
        elif case.expect == "error":
            kinds = {p["kind"] for p in entry["error"]["problems"]}
            assert kinds & case.kinds, (name, kinds)


def test_check_reads_every_survey_case(corpus):
    files = [str(corpus[n]) for n in SURVEYS if not CASES[n].heavy]
    result = run(["check", *files], "check", timeout=240)
    assert_sane(result, "check")
    assert result.returncode == 2
    for name in SURVEYS:
        if CASES[name].expect == "error" and not CASES[name].heavy:
            assert str(corpus[name]) in result.stderr, name


if __name__ == "__main__":  # measure: every case once, slowest and largest first
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    built = build_all(out)
    rows = []
    for name, path in built.items():
        case = CASES[name]
        args = ["assess", str(path), "--format", "json"]
        if case.rules:
            args = ["assess", str(SAMPLE_CSV), "--rules", str(path), "--format", "json"]
        start = time.perf_counter()
        proc = subprocess.Popen(
            [BALANCE, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_limit,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rows.append((name, proc.returncode, time.perf_counter() - start, usage.ru_maxrss / 1024))
    rows.sort(key=lambda r: -r[2])
    print(f"{len(rows)} inputs")
    for name, code, seconds, mb in rows[:10]:
        print(f"{name:40} exit {code}  {seconds:6.2f} s  {mb:7.1f} MB")
    worst = max(rows, key=lambda r: r[3])
    print(f"worst peak memory: {worst[0]} {worst[3]:.1f} MB")
