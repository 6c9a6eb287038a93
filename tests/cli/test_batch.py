"""Batch runs: several files and directories, exit status the worst, JSON array/lines."""

from __future__ import annotations

import json
import shutil

import pytest

from balance_cli.batch import Job, discover, run_many
from balance_cli.core.assess import assess
from balance_cli.render.machine import render_json
from balance_cli.rules import load_rules
from balance_cli.workbook import load_table
from support import SAMPLES, balance


@pytest.fixture
def county_dir(tmp_path):
    for name in ("county-a-2023.xlsx", "county-a-2024.csv", "county-b-2023.xlsx"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a survey", encoding="utf-8")
    return tmp_path


def single_json(path):
    return json.loads(balance("assess", path, "--format", "json").stdout)


@pytest.mark.parametrize(
    ("names", "code"),
    [
        (["county-a-2023.xlsx", "county-a-2024.csv"], 0),
        (["county-a-2023.xlsx", "county-b-2023.xlsx"], 1),
        (["county-b-2023.xlsx", "broken.xlsx", "county-a-2023.xlsx"], 2),
    ],
)
def test_exit_status_is_the_worst(county_dir, names, code):
    (county_dir / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    result = balance("assess", *(county_dir / n for n in names))
    assert result.returncode == code


def test_json_array_holds_each_single_file_object(county_dir):
    broken = county_dir / "broken.xlsx"
    broken.write_bytes(b"garbage")
    files = [county_dir / "county-a-2023.xlsx", broken, county_dir / "county-b-2023.xlsx"]
    result = balance("assess", *files, "--format", "json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == [str(f) for f in files]
    assert data[0] == single_json(files[0])
    assert data[2] == single_json(files[2])
    assert set(data[1]) == {"file", "error"}
    assert data[1]["error"]["problems"][0]["kind"] == "file_unreadable"
    assert f"{broken}: 无法读取文件" in result.stderr


def test_jsonl_is_one_object_per_line(county_dir):
    result = balance("assess", county_dir, "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # notes.txt is not a survey file
    objects = [json.loads(line) for line in lines]
    assert [o["passed"] for o in objects] == [True, True, False]
    assert objects[2] == single_json(county_dir / "county-b-2023.xlsx")


def test_summary_table_in_every_format(county_dir):
    table = balance("assess", county_dir).stdout
    assert "批量评估：3 个文件" in table and "0.566 ✘" in table and "未通过" in table
    plain = balance("assess", county_dir, "--format", "plain", "--lang", "en").stdout
    assert "junior secondary composite" in plain and "failed" in plain
    csv_text = balance("assess", county_dir, "--format", "csv").stdout.splitlines()
    assert csv_text[0].startswith("file,rules,level,composite_cv")
    assert len(csv_text) == 1 + 3 * 2


def test_directory_discovery_is_recursive_and_sorted(county_dir):
    sub = county_dir / "2025"
    sub.mkdir()
    shutil.copy(SAMPLES / "county-a-2023.csv", sub / "a.csv")
    found = [p.name for p in discover((county_dir,))]
    assert found == ["a.csv", "county-a-2023.xlsx", "county-a-2024.csv", "county-b-2023.xlsx"]


def test_empty_directory_is_a_usage_error(tmp_path):
    result = balance("assess", tmp_path)
    assert result.returncode == 2 and "没有找到调查表文件" in result.stderr


def test_two_workers_give_the_same_outcomes_as_one(county_dir):
    files = discover((county_dir,)) * 3
    job = Job("henan-199", want_json=True)
    one = [(o.file, o.exit_code, o.json) for o in run_many(files, job, workers=1)]
    two = [(o.file, o.exit_code, o.json) for o in run_many(files, job, workers=2)]
    assert one == two


def test_streamed_json_equals_to_dict():
    """The fast school encoder gives exactly Assessment.to_dict()."""
    import io

    rules = load_rules("henan-199")
    path = SAMPLES / "county-b-2023.xlsx"
    result = assess(load_table(path, rules), rules)
    buffer = io.StringIO()
    render_json(result, "en", buffer)
    assert json.loads(buffer.getvalue()) == json.loads(json.dumps(result.to_dict("en")))


_ASSESS_ONE = __import__("balance_cli.batch", fromlist=["_assess_one"])._assess_one


def _abort_on_boom(path, job):
    """A reader that dies natively (as calamine does on a 512 GB allocation) on one file."""
    import os

    if path.name.startswith("boom"):
        os.abort()
    if path.name.startswith("bug"):
        raise KeyError("a bug of ours")
    return _ASSESS_ONE(path, job)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_that_aborts_costs_only_its_file(county_dir, monkeypatch, workers):
    """Every file gets its outcome, in order, when a worker is killed by SIGABRT."""
    import balance_cli.batch as batch

    monkeypatch.setattr(batch, "_assess_one", _abort_on_boom)
    good = sorted(county_dir.glob("county-*"))
    files = [good[0], county_dir / "boom1.xlsx", good[1], county_dir / "bug.xlsx"]
    files += [county_dir / "boom2.xlsx", good[2]]
    job = Job("henan-199", want_json=True)
    if workers == 1:  # in-process, an abort cannot be survived: only the bug is tested
        files = [f for f in files if not f.name.startswith("boom")]
    outcomes = (
        list(batch._Supervisor(files, job, workers).run())
        if workers > 1
        else list(run_many(files, job, 1))
    )
    assert [o.file for o in outcomes] == [str(f) for f in files]
    kinds = {o.file: [p.kind for p in o.problems] for o in outcomes}
    for f in files:
        if f.name.startswith("boom"):
            assert kinds[str(f)] == ["reader_crashed"], f.name
        elif f.name.startswith("bug"):
            assert kinds[str(f)] == ["internal_error"], f.name
        else:
            assert kinds[str(f)] == [], f.name
    for o in outcomes:  # each one a complete JSON object naming its file
        assert json.loads(o.json)["file"] == o.file
    # A file that crashes the reader is that input's error (2); a bug of ours is 3, never 1.
    codes = {o.file: o.exit_code for o in outcomes}
    for f in files:
        if f.name.startswith(("boom", "bug")):
            assert codes[str(f)] == (3 if f.name.startswith("bug") else 2), f.name


def test_batch_json_is_complete_when_a_file_aborts_the_reader(county_dir):
    """Through the command: a stray value at XFD1048576 (which aborts the reader unless it
    is caught first) among good files; the JSON array holds every file, in order."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["学校名称", "在校生数"])
    ws.append(["甲校", 100])
    ws["XFD1048576"] = 1
    stray = county_dir / "stray.xlsx"
    wb.save(stray)
    files = [county_dir / "county-a-2023.xlsx", stray, county_dir / "county-b-2023.xlsx"]
    # COLUMNS: one message a line
    result = balance("assess", *files, "--format", "json", env={"COLUMNS": "1000"})
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == [str(f) for f in files]
    problem = data[1]["error"]["problems"][0]
    assert (problem["kind"], problem["sheet"], problem["params"]["cell"]) == (
        "sheet_stray_cell",
        "Sheet",
        "XFD1048576",
    )
    assert f"{stray}:Sheet: 单元格 XFD1048576 有内容，但远在表格之外" in result.stderr
