"""A 2,000-school survey with everything a real one holds, read through every reader path.

The same rows are written as a UTF-8 CSV (CRLF), a GB18030 tab-separated file with CR-only
line ends, a UTF-8 CSV with a BOM, a UTF-8 tab-separated file with CRLF and nothing quoted,
and an .xlsx. Each must give the numbers written (counted
here, independently of the reader), the totals and note rows set aside at their lines, the
placeholders and duplicate rows warned about where they are, and all five the same JSON
(but for the file name): the fast paths of the CSV reader (bytes handed to the C parser,
text columns converted in bulk, totals found in one search) may not change one figure or
one message. A second file holds one of each bad cell, each reported at its row and column.
"""

from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import balance

HEADERS = [
    "学校标识码",
    "学校名称",
    "学段",
    "在校生数",
    "班级数",
    "教学及辅助用房面积",
    "体育运动场馆面积",
    "教学仪器设备值",
    "计算机台数",
    "图书册数",
    "专任教师数",
    "高于规定学历教师数",
    "中级及以上职称教师数",
    "备注",  # not a known column: a note there on an otherwise empty row is reported
]
SCHOOLS = 2000
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Survey:
    rows: list[list[str]] = field(default_factory=list)  # header first
    schools: dict[str, tuple[str, str, int, int]] = field(default_factory=dict)
    totals: list[int] = field(default_factory=list)  # file lines (1 = header)
    notes: dict[int, str] = field(default_factory=dict)
    placeholders: dict[int, str] = field(default_factory=dict)  # line → 班级数 text
    same_content: list[tuple[int, int]] = field(default_factory=list)  # (line, other line)
    errors: set[tuple[str, int, str | None]] = field(default_factory=set)

    def add(self, row: list[str]) -> int:
        self.rows.append(row)
        return len(self.rows)


def survey(seed: int, bad_cells: bool = False) -> Survey:
    """Seeded rows; every oddity's line recorded as it is written."""
    rnd = random.Random(seed)
    out = Survey()
    out.add(HEADERS)
    for i in range(SCHOOLS):
        junior = rnd.random() < 0.3
        students = rnd.randint(300, 3000) if junior else rnd.randint(60, 2500)
        teachers = max(3, students // (13 if junior else 18))
        books = students * rnd.randint(25, 45)
        code = f"{4100000000 + seed * 100_000 + i:010d}"
        name = f"第{seed}县第{i + 1}{'中学' if junior else '小学'}"
        level = "初中" if junior else "小学"
        row = [
            code,
            name,
            level,
            str(students),
            str(max(1, -(-students // 42))),
            f"{students * rnd.uniform(4, 6):.1f}",
            f"{students * rnd.uniform(8, 12):.1f}",
            str(students * rnd.randint(2000, 3000)),
            str(max(1, students // 9)),
            str(books),
            str(teachers),
            str(teachers - 1),
            str(teachers // 2),
            "",
        ]
        kind = rnd.random()
        if kind < 0.02:
            row[1] = f"  {name} "  # spaces around a name are not part of it
        elif kind < 0.04:
            row[4] = rnd.choice(["-", "无", "", "—", " / "])
        elif kind < 0.05:
            row[9] = f"{books:,}"  # a thousands grouping
        elif kind < 0.06:
            row[9] = str(books).translate(FULL_WIDTH)
        elif kind < 0.065:
            row[0] = "0" + code[1:]  # a leading zero is kept: codes are text
        line = out.add(row)
        out.schools[row[0]] = (name, "junior" if junior else "primary", students, books)
        if kind >= 0.02 and kind < 0.04:
            out.placeholders[line] = row[4]
        if bad_cells and i % 97 == 5:
            bad, column, text = rnd.choice(
                [
                    ("not_a_number", "G(体育运动场馆面积)", "abc"),
                    ("ambiguous_number", "G(体育运动场馆面积)", "12,34"),
                    ("error_cell", "G(体育运动场馆面积)", "#DIV/0!"),
                    ("negative_value", "G(体育运动场馆面积)", "-3"),
                    ("students_not_positive", "D(在校生数)", "0"),
                ]
            )
            row[6 if column.startswith("G") else 3] = text
            out.errors.add((bad, line, column))
        if rnd.random() < 0.01:
            out.add([""] * len(HEADERS))  # a blank row: skipped without a word
        if rnd.random() < 0.005:
            note = f"注：第{i}行数据待核实"
            out.notes[out.add([""] * (len(HEADERS) - 1) + [note])] = note
        if rnd.random() < 0.005:
            label = rnd.choice(["合计", "小 计", "全县总计", "本县合 计"])
            out.totals.append(out.add(["", label, "", *["1"] * 10, ""]))
        if rnd.random() < 0.004:  # the same school again under another code
            twin = list(row)
            twin[0] = f"{int(row[0]) + 500_000_000:010d}"
            out.same_content.append((out.add(twin), line))
            out.schools[twin[0]] = out.schools[row[0]]
    return out


def write_csv(path: Path, rows: list[list[str]], encoding: str, sep: str, end: str) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=end).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学校")
    for row in rows:  # numbers as numbers, codes and names as text: as a person types them
        ws.append([row[0] or None, row[1] or None, *map(_typed, row[2:])])
    wb.save(path)
    return path


def _typed(text: str) -> object:
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def files(tmp: Path, s: Survey, with_xlsx: bool = True) -> list[Path]:
    out = [
        write_csv(tmp / "survey.csv", s.rows, "utf-8", ",", "\r\n"),
        write_csv(tmp / "survey-gbk.tsv", s.rows, "gb18030", "\t", "\r"),
        write_csv(tmp / "survey-bom.csv", s.rows, "utf-8-sig", ",", "\n"),
        write_csv(tmp / "survey-crlf.tsv", s.rows, "utf-8", "\t", "\r\n"),  # nothing quoted
    ]
    return [*out, write_xlsx(tmp / "survey.xlsx", s.rows)] if with_xlsx else out


def assess(path: Path) -> tuple[int, dict]:
    result = balance("assess", path, "--format", "json", timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def without_file(value: object) -> object:
    """The JSON but for where it came from (file name; sheet: none in a CSV)."""
    if isinstance(value, dict):
        return {k: without_file(v) for k, v in value.items() if k not in ("file", "sheet")}
    if isinstance(value, list):
        return [without_file(v) for v in value]
    return value


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Survey, list[tuple[int, dict]]]:
    s = survey(7)
    tmp = tmp_path_factory.mktemp("large")
    return s, [assess(p) for p in files(tmp, s)]


def test_every_school_has_the_numbers_written(clean):
    s, results = clean
    code, data = results[0]
    assert code in (0, 1)
    got = {sch["code"]: sch for sch in data["schools"]}
    assert len(got) == len(s.schools) == len(data["schools"])
    for key, (name, level, students, books) in s.schools.items():
        school = got[key]
        assert (school["name"], school["level"]) == (name, level)
        assert school["students"] == students
        assert school["values"]["books"] == pytest.approx(books / students, rel=1e-12)
    for level in ("primary", "junior"):
        want = sum(v[2] for v in s.schools.values() if v[1] == level)
        assert data["levels"][level]["students"] == want


def test_totals_and_notes_are_set_aside_at_their_lines(clean):
    s, results = clean
    excluded = results[0][1]["excluded"]
    assert [e["row"] for e in excluded if e["reason"] == "totals_row"] == s.totals
    notes = {e["row"]: e["message"] for e in excluded if e["reason"] == "unmapped_row"}
    assert list(notes) == list(s.notes)
    assert all(s.notes[row] in message for row, message in notes.items())
    assert len(excluded) == len(s.totals) + len(s.notes)  # blank rows: not a word


def test_placeholders_and_twins_are_warned_where_they_are(clean):
    s, results = clean
    warnings = results[0][1]["warnings"]
    placeholders = {
        w["row"]: w["params"]["value"] for w in warnings if w["kind"] == "placeholder_zero"
    }
    assert placeholders == s.placeholders
    assert all(w["column"] == "E(班级数)" for w in warnings if w["kind"] == "placeholder_zero")
    twins = [
        (w["row"], int(w["params"]["other_row"]))
        for w in warnings
        if w["kind"] == "duplicate_content"
    ]
    assert twins == s.same_content


def test_every_reader_path_gives_the_same_json(clean):
    _, results = clean
    first = without_file(results[0][1])
    for code, data in results[1:]:
        assert code == results[0][0]
        assert without_file(data) == first


def test_each_bad_cell_is_reported_at_its_row_and_column(tmp_path):
    s = survey(8, bad_cells=True)
    results = [assess(p) for p in files(tmp_path, s, with_xlsx=False)]
    code, data = results[0]
    assert code == 2
    problems = data["error"]["problems"]
    assert {(p["kind"], p["row"], p["column"]) for p in problems} == s.errors
    assert len(problems) == len(s.errors)
    for other_code, other in results[1:]:
        assert other_code == 2
        assert without_file(other) == without_file(data)
