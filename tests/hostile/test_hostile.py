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
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import CASES, SAMPLE_CSV, build_all

from support import balance

ADDRESS_SPACE = 1024 * 1024 * 1024
TIMEOUT = 60
BALANCE = shutil.which("balance", path=str(Path(sys.executable).parent)) or "balance"
SURVEYS = [n for n, c in CASES.items() if not c.rules]
RULES = [n for n, c in CASES.items() if c.rules]
MEASURED: dict[str, tuple[float, float]] = {}  # case → (seconds, peak MB)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


# Not support.balance: every case runs under a memory cap, several at a time, each one's
# peak memory measured (wait4), which subprocess.run cannot do.
def run_all(
    jobs: dict[str, list[str]], timeout: float = TIMEOUT, parallel: int = 1
) -> dict[str, subprocess.CompletedProcess]:
    """``balance ARGS`` of every job under the memory cap, ``parallel`` at a time, started
    from this thread (preexec_fn is not safe with threads). Each run's own peak memory and
    time are kept in MEASURED (wait4 gives the rusage of that one process); a run past
    ``timeout`` is killed and reported with returncode None."""
    waiting = list(jobs.items())[::-1]
    running: dict[int, tuple[str, subprocess.Popen, float, Any, Any]] = {}
    done: dict[str, subprocess.CompletedProcess] = {}
    while waiting or running:
        while waiting and len(running) < parallel:
            name, args = waiting.pop()
            out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
            proc = subprocess.Popen(
                [BALANCE, *args],
                stdout=out,
                stderr=err,
                preexec_fn=_limit,
                env={**os.environ, "COLUMNS": "1000"},
            )
            running[proc.pid] = (name, proc, time.perf_counter(), out, err)
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            now = time.perf_counter()
            for _name, proc, start, _, _ in running.values():
                if now - start > timeout:
                    proc.kill()
            time.sleep(0.02)
            continue
        name, proc, start, out, err = running.pop(pid)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        MEASURED[name] = (seconds, usage.ru_maxrss / 1024)
        out.seek(0)
        err.seek(0)
        done[name] = subprocess.CompletedProcess(
            proc.args,
            None if seconds > timeout else proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
        out.close()
        err.close()
    return done


def run(args: list[str], name: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess:
    result = run_all({name: args}, timeout)[name]
    if result.returncode is None:
        pytest.fail(f"{name}: no answer within {timeout} s")
    return result


def case_args(name: str, path: Path) -> list[str]:
    if CASES[name].rules:
        return ["assess", str(SAMPLE_CSV), "--rules", str(path), "--format", "json"]
    return ["assess", str(path), "--format", "json"]


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
def results(corpus) -> dict[str, subprocess.CompletedProcess]:
    """Every case run once, as many at a time as there are cores (at least two)."""
    jobs = {n: case_args(n, p) for n, p in corpus.items()}
    return run_all(jobs, parallel=max(2, os.cpu_count() or 1))


@pytest.fixture(scope="module")
def clean() -> dict:
    result = balance("assess", SAMPLE_CSV, "--format", "json")
    assert result.returncode == 0, result.stderr
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


def check_case(name: str, corpus: dict[str, Path], clean: dict, results: dict) -> None:
    case = CASES[name]
    path = corpus[name]
    result = results[name]
    assert result.returncode is not None, f"{name}: no answer within {TIMEOUT} s"
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
def test_case(name, corpus, clean, results):
    check_case(name, corpus, clean, results)


@pytest.mark.parametrize("name", HEAVY)
def test_heavy_case(name, corpus, clean, results):
    """The bombs and big files: seconds each (refused or read within the cap)."""
    check_case(name, corpus, clean, results)


def test_hidden_sheet_is_named_in_a_warning(corpus):
    result = run(["assess", str(corpus["hidden-sheet.xlsx"]), "--format", "json"], "warn")
    warnings = json.loads(result.stdout)["warnings"]
    assert [(w["kind"], w["sheet"]) for w in warnings] == [("sheet_hidden", "备用")]


def test_duplicate_without_code_names_both_rows(corpus):
    path = corpus["duplicate-no-code.csv"]
    result = run(["assess", str(path)], "dup")
    assert result.returncode == 2
    # row 7 of the clean file copied to row 57 (after the last) without its code
    assert (
        f"{path}:57: 学校“示例县赵营小学”（小学）与第 7 行的名称、学段和各项数值完全相同"
        in result.stderr
    )


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
            assert str(corpus[name]) in result.stdout + result.stderr, name


if __name__ == "__main__":  # measure: every case once, one at a time, slowest first
    built = build_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
    codes = {
        n: r.returncode for n, r in run_all({n: case_args(n, p) for n, p in built.items()}).items()
    }
    rows = sorted(MEASURED.items(), key=lambda item: -item[1][0])
    print(f"{len(rows)} inputs")
    for name, (seconds, mb) in rows[:10]:
        print(f"{name:40} exit {codes[name]}  {seconds:6.2f} s  {mb:7.1f} MB")
    worst = max(rows, key=lambda item: item[1][1])
    print(f"worst peak memory: {worst[0]} {worst[1][1]:.1f} MB")
