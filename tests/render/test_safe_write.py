"""Every writer follows one rule (render/safe_write.py), tested through the installed
command in subprocesses: never over an input, checked before any work, one overwrite
rule, atomic (a killed or failing write leaves the previous file as it was)."""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from support import RULES_DIR, SAMPLES, balance

SURVEY = SAMPLES / "county-b-2023.xlsx"


def core_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("docProps/core.xml").decode()


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".balance-tmp")]


# --- never over an input ----------------------------------------------------------------

WRITERS = {
    "report": lambda src, out: ("report", src, "-o", out),
    "assess -o": lambda src, out: ("assess", src, "-o", out),
    "plan --apply-to": lambda src, out: ("plan", src, "--apply-to", out),
}


def _alias(kind: str, src: Path, folder: Path) -> Path:
    if kind == "same path":
        return src
    if kind == "relative path":
        return Path("..") / src.parent.name / src.name
    out = folder / f"alias-{kind.replace(' ', '-')}.xlsx"
    if kind == "symlink":
        out.symlink_to(src)
    elif kind == "hard link":
        os.link(src, out)
    elif kind == "symlink chain":
        (folder / "hop.xlsx").symlink_to(src)
        out.symlink_to(folder / "hop.xlsx")
    return out


@pytest.mark.parametrize("writer", list(WRITERS))
@pytest.mark.parametrize(
    "kind", ["same path", "relative path", "symlink", "hard link", "symlink chain"]
)
def test_no_writer_writes_over_its_input(tmp_path, writer, kind):
    data = tmp_path / "data"
    data.mkdir()
    src = data / "survey.xlsx"
    shutil.copy(SURVEY, src)
    before = src.read_bytes()
    out = _alias(kind, src, tmp_path)
    for force in ((), ("--force",)):  # not even with --force
        result = balance(*WRITERS[writer](src, out), *force, cwd=data)
        assert result.returncode == 2, result.stderr
        assert result.stdout == ""  # refused before any work
        assert "无法写入" in result.stderr and "输出不能覆盖输入" in result.stderr
        assert "未进行评估" not in result.stderr  # a write error, not an input error
        assert src.read_bytes() == before
    assert temp_files(data) == [] and temp_files(tmp_path) == []


def test_template_over_its_rules_file_is_refused(tmp_path):
    rules = tmp_path / "rules.xlsx"  # a YAML rules file, named like a workbook
    shutil.copy(RULES_DIR / "henan-199.yaml", rules)
    before = rules.read_bytes()
    for out in (rules, tmp_path / "link.xlsx"):
        if out != rules:
            out.symlink_to(rules)
        result = balance("template", out, "--rules", rules, "--force", "--lang", "en")
        assert result.returncode == 2
        assert "cannot write" in result.stderr and "a file this run reads" in result.stderr
    assert rules.read_bytes() == before


def test_prices_file_is_an_input_too(tmp_path):
    prices = tmp_path / "prices.xlsx"
    prices.write_text("books: 30\n", encoding="utf-8")
    result = balance("plan", SURVEY, "--prices", prices, "--apply-to", prices, "--force")
    assert result.returncode == 2 and "输出不能覆盖输入" in result.stderr
    assert prices.read_text(encoding="utf-8") == "books: 30\n"


def test_a_dangling_symlink_is_written_through_not_onto_the_input(tmp_path):
    """out/link.xlsx → survey.xlsx (relative to out/, where no such file exists): the
    report goes to out/survey.xlsx and the input of the same name in the working folder
    is left alone."""
    shutil.copy(SURVEY, tmp_path / "survey.xlsx")
    before = (tmp_path / "survey.xlsx").read_bytes()
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "link.xlsx"
    link.symlink_to("survey.xlsx")
    result = balance("report", "survey.xlsx", "-o", link, cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the sample fails the assessment
    assert (tmp_path / "survey.xlsx").read_bytes() == before
    assert link.is_symlink() and "balance report" in core_xml(tmp_path / "out" / "survey.xlsx")


# --- checked before any work ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("report", SURVEY, "-o", "{missing}/r.xlsx"),
        ("assess", SURVEY, "-o", "{missing}/r.xlsx"),
        ("plan", SURVEY, "--apply-to", "{missing}/p.xlsx"),
        ("template", "{missing}/t.xlsx"),
    ],
    ids=["report", "assess", "plan", "template"],
)
def test_missing_folder_is_refused_before_any_work(tmp_path, args):
    missing = tmp_path / "no" / "such"
    args = [str(a).replace("{missing}", str(missing)) for a in args]
    result = balance(*args)
    assert result.returncode == 2
    assert result.stdout == ""  # neither the plan nor the assessment was printed
    assert f"{missing}/" in result.stderr and f"无法写入：文件夹“{missing}”不存在" in result.stderr
    assert not missing.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/dev/full", "不是普通文件"),
        ("/dev/stdout", "不是普通文件"),
        ("{tmp}", "这是一个文件夹"),
        ("{tmp}/folder.xlsx", "这是一个文件夹"),
        ("{tmp}/report.xls", "--output 必须是 .xlsx 文件"),
        ("{tmp}/full.xlsx", "不是普通文件"),  # a symlink to /dev/full
    ],
)
def test_targets_that_are_not_files(tmp_path, target, message):
    (tmp_path / "folder.xlsx").mkdir()
    (tmp_path / "full.xlsx").symlink_to("/dev/full")
    result = balance("report", SURVEY, "-o", target.replace("{tmp}", str(tmp_path)))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "已写入" not in result.stderr
    assert result.stdout == ""


def test_write_error_messages_in_english(tmp_path):
    result = balance("report", SURVEY, "-o", tmp_path / "x" / "r.xlsx", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error:",
        f"  {tmp_path}/x/r.xlsx: cannot write: the folder '{tmp_path}/x' does not exist",
    ]


def test_apply_to_must_keep_the_input_type(tmp_path):
    result = balance("plan", SAMPLES / "county-b-2023.csv", "--apply-to", tmp_path / "p.xlsx")
    assert result.returncode == 2 and "扩展名应为 .csv" in result.stderr
    result = balance("plan", SURVEY, "--apply-to", tmp_path / "p.xlsm")
    assert result.returncode == 2 and "扩展名应为 .xlsx" in result.stderr


# --- one overwrite rule -----------------------------------------------------------------


def test_a_balance_report_is_replaced_anything_else_needs_force(tmp_path):
    out = tmp_path / "r.xlsx"
    assert balance("report", SURVEY, "-o", out).returncode == 1
    props = core_xml(out)
    assert "<dc:creator>balance " in props and "<cp:lastModifiedBy>balance " in props
    assert "<dc:description>balance report</dc:description>" in props
    # a report balance wrote is replaced without --force, by report and by assess -o
    assert balance("report", SAMPLES / "county-a-2023.xlsx", "-o", out).returncode == 0
    assert balance("assess", SURVEY, "-o", out).returncode == 1
    # once someone else saved it (Excel writes its user into lastModifiedBy) it is theirs
    from openpyxl import load_workbook

    wb = load_workbook(out)
    wb.properties.lastModifiedBy = "王老师"
    wb.save(out)
    mine = out.read_bytes()
    result = balance("report", SURVEY, "-o", out)
    assert result.returncode == 2 and "确认覆盖请加 --force" in result.stderr
    assert result.stdout == "" and out.read_bytes() == mine
    assert balance("report", SURVEY, "-o", out, "--force").returncode == 1
    assert "<cp:lastModifiedBy>balance " in core_xml(out)


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04 broken zip"])
def test_any_other_file_needs_force(tmp_path, content):
    out = tmp_path / "notes.xlsx"
    out.write_bytes(content)
    for args in (("report", SURVEY, "-o", out), ("assess", SURVEY, "-o", out)):
        result = balance(*args)
        assert result.returncode == 2 and out.read_bytes() == content
    assert balance("report", SURVEY, "-o", out, "--force").returncode == 1
    assert "balance report" in core_xml(out)


def test_templates_and_copies_always_need_force(tmp_path):
    """A template may have been filled in, a copy holds survey data: neither is replaced
    without --force, even though balance wrote them."""
    tpl = tmp_path / "t.xlsx"
    assert balance("template", tpl).returncode == 0
    assert "<dc:description>balance template</dc:description>" in core_xml(tpl)
    assert balance("template", tpl).returncode == 2
    assert balance("report", SURVEY, "-o", tpl).returncode == 2  # not a report
    assert balance("template", tpl, "--force").returncode == 0
    copy = tmp_path / "p.xlsx"
    assert balance("plan", SURVEY, "--apply-to", copy).returncode == 0
    first = copy.read_bytes()
    result = balance("plan", SURVEY, "--apply-to", copy)
    assert result.returncode == 2 and result.stdout == "" and copy.read_bytes() == first
    assert balance("plan", SURVEY, "--apply-to", copy, "--force").returncode == 0


def test_permissions_of_a_replaced_file_are_kept(tmp_path):
    out = tmp_path / "r.xlsx"
    assert balance("report", SURVEY, "-o", out).returncode == 1
    out.chmod(0o640)
    assert balance("report", SURVEY, "-o", out).returncode == 1  # replaced (its own report)
    assert out.stat().st_mode & 0o777 == 0o640


# --- atomic -----------------------------------------------------------------------------


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("writer", ["report", "plan", "template"])
def test_a_failing_write_is_an_error_and_keeps_the_old_file(tmp_path, writer):
    """A write that fails half-way (here the file size limit, as a full disk would) is
    exit 2 with a message, never "written", and the previous file is untouched."""
    out = tmp_path / "out.xlsx"
    old = b"the previous file"
    out.write_bytes(old)
    args = {
        "report": ("report", SURVEY, "-o", out, "--force"),
        "plan": ("plan", SURVEY, "--apply-to", out, "--force"),
        "template": ("template", out, "--force"),
    }[writer]
    result = balance(*args, preexec_fn=_limit_file_size(4096))
    assert result.returncode == 2, result.stderr
    assert f"{out}: 无法写入：超出允许的文件大小（原文件保持不变）" in result.stderr
    assert "已写入" not in result.stderr
    assert out.read_bytes() == old
    assert temp_files(tmp_path) == []


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from balance_cli.render.safe_write import check_target, write_atomically

    target = check_target(Path(sys.argv[1]), force=True)

    def write(fh):
        for _ in range(10_000):
            fh.write(b"x" * 4096)
            fh.flush()
            print("writing", flush=True)
            time.sleep(0.01)

    write_atomically(target, write)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM])
def test_a_writer_killed_mid_write_leaves_the_previous_file(tmp_path, sig):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(out)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for _ in range(3):
        assert proc.stdout.readline() == "writing\n"
    assert len(temp_files(tmp_path)) == 1  # the data goes to a temporary file
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert out.read_bytes() == b"previous"
    # SIGINT is an exception: the temporary file is removed; SIGKILL/SIGTERM may leave it
    if sig == signal.SIGINT:
        assert temp_files(tmp_path) == []


def _big_survey(path: Path, copies: int) -> None:
    with (SAMPLES / "county-b-2023.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    out = [rows[0]]
    for k in range(copies):
        for i, row in enumerate(rows[1:]):
            out.append([str(3_000_000_000 + k * 1000 + i), f"{row[1]}{k}", *row[2:]])
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(out)


def test_balance_report_killed_while_saving_leaves_the_previous_report(tmp_path):
    """The real command: SIGKILL as soon as its temporary file appears (the workbook is
    being saved); the previous report is byte for byte what it was."""
    survey = tmp_path / "big.csv"
    _big_survey(survey, 5)
    out = tmp_path / "report.xlsx"
    assert balance("report", SAMPLES / "county-a-2023.xlsx", "-o", out).returncode == 0
    previous = out.read_bytes()
    for _attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "balance_cli", "report", str(survey), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seen = False
        while proc.poll() is None:
            if temp_files(tmp_path):
                proc.kill()
                seen = True
                break
            time.sleep(0.001)
        proc.wait(timeout=60)
        if seen:
            assert out.read_bytes() == previous
            assert zipfile.ZipFile(out).testzip() is None
            for t in temp_files(tmp_path):
                t.unlink()
            return
        # the save was too quick to catch: it finished, so it must be complete
        assert zipfile.ZipFile(out).testzip() is None
        balance("report", SAMPLES / "county-a-2023.xlsx", "-o", out)
        previous = out.read_bytes()
    pytest.skip("the save never lasted long enough to be interrupted")


def test_a_write_error_under_format_json_names_the_output(tmp_path):
    out = tmp_path / "missing" / "r.xlsx"
    result = balance("assess", SURVEY, "-o", out, "--format", "json")
    assert result.returncode == 2
    error = json.loads(result.stdout)
    (problem,) = error["error"]["problems"]
    assert problem["kind"] == "write_no_folder" and problem["file"] == str(out)
    assert error["file"] == str(out)


def test_a_file_where_the_folder_should_be_and_a_long_name(tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    result = balance("template", tmp_path / "notes" / "t.xlsx")
    assert result.returncode == 2 and "无法写入：文件夹" in result.stderr
    # 80 CJK characters are 245 bytes with .xlsx: the temporary name must still fit
    long = tmp_path / ("长" * 80 + ".xlsx")
    assert balance("template", long).returncode == 0
    assert "balance template" in core_xml(long) and temp_files(tmp_path) == []
