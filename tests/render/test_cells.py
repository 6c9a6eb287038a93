"""Typed cells: one precision per unit, and CSV cells that a spreadsheet cannot run.

The precisions are written out here by hand (the issue's table): CV 3 decimals, m² 2,
元 0 with thousands separators, teachers per student 4. CSV text that starts with
= + - @, a tab or a carriage return gets a leading apostrophe (OWASP's advice against
formula injection); numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from balance_cli.model.cells import Cell, Kind, csv_value, text
from support import SAMPLES, balance


@pytest.mark.parametrize(
    ("cell", "lang", "shown"),
    [
        (Cell(0.21349, Kind.CV), "zh", "0.213"),
        (Cell(None, Kind.CV), "en", "undefined"),
        (Cell(0.6374, Kind.CV, mark=True), "zh", "0.637 ✘"),
        (Cell(3650.4, Kind.VALUE, "元"), "zh", "3,650"),
        (Cell(6.374, Kind.VALUE, "m²"), "en", "6.37"),
        (Cell(0.086549, Kind.VALUE, "人/生"), "zh", "0.0865"),
        (Cell(17726.2, Kind.AMOUNT, "册", countable=True), "zh", "17,726"),
        (Cell(12.345, Kind.AMOUNT, "m²"), "zh", "12.35"),
        (Cell(-0.0, Kind.DELTA), "zh", "0.000"),
        (Cell(-0.003, Kind.DELTA), "zh", "-0.003"),
        (Cell(0.012, Kind.DELTA), "zh", "+0.012"),
        (Cell(1.0, Kind.CHANGE), "zh", "+100.0%"),
        (Cell(0.2049, Kind.PERCENT), "en", "20.5%"),
        (Cell(30.0, Kind.LIMIT, "册", op="≥"), "zh", "≥ 30 册"),
        (Cell(30.0, Kind.LIMIT, "册", op="≥"), "en", "≥ 30 volumes"),
        (Cell(0.55, Kind.LIMIT, op="≤"), "zh", "≤ 0.55"),
        (Cell(False, Kind.VERDICT), "en", "failed"),
        (Cell(None, Kind.VERDICT), "zh", "—"),
        (Cell("生均图书册数", Kind.LABEL, "册"), "zh", "生均图书册数(册)"),
        (Cell("books per student", Kind.LABEL, "册"), "en", "books per student (volumes)"),
    ],
)
def test_one_precision_per_unit(cell: Cell, lang: str, shown: str) -> None:
    assert text(cell, lang) == shown


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+86 123", "'+86 123"),
        ("-危险", "'-危险"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("示范县李庄初级中学", "示范县李庄初级中学"),
        (-0.5, "-0.5"),
        (-3, -3),
        (True, "true"),
        (None, ""),
    ],
)
def test_csv_value(value: object, cell: object) -> None:
    assert csv_value(value) == cell


def test_csv_outputs_neutralise_formulas(tmp_path: Path) -> None:
    """A survey whose school is named =HYPERLINK(…), in a file named =evil.csv: plan's
    purchasing list and the batch summary show both as text; diff's negative changes
    stay numbers."""
    lines = (SAMPLES / "county-b-2023.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    name_at = header.index("学校名称")
    for k, line in enumerate(lines):
        if "示范县李庄初级中学" in line:
            cells = line.split(",")
            cells[name_at] = '"=HYPERLINK(""http://x"")"'
            lines[k] = ",".join(cells)
    (tmp_path / "=evil.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    plan = balance("plan", "=evil.csv", "--format", "csv", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr  # the planned county passes
    raw = plan.stdout.splitlines()
    assert any(line.split(",")[1].startswith("\"'=HYPERLINK") for line in raw[1:])
    rows = list(csv.DictReader(raw))
    names = {r["name"] for r in rows}
    assert '\'=HYPERLINK("http://x")' in names
    assert all(float(r["amount"]) > 0 for r in rows)  # numbers stay numbers

    batch = balance(
        "assess", "=evil.csv", str(SAMPLES / "county-a-2023.csv"), "--format", "csv", cwd=tmp_path
    )
    files = {r["file"] for r in csv.DictReader(batch.stdout.splitlines())}
    assert "'=evil.csv" in files

    diff = balance(
        "diff",
        str(SAMPLES / "county-a-2023.csv"),
        str(SAMPLES / "county-a-2024.csv"),
        "--format",
        "csv",
        cwd=tmp_path,
    )
    deltas = [r["delta"] for r in csv.DictReader(diff.stdout.splitlines())]
    negative = [d for d in deltas if d.startswith("-")]
    assert negative and all(float(d) < 0 for d in negative)  # not "'-0.002…"
    assert not any(d.startswith("'") for d in deltas)


def test_spreadsheet_formats_match_the_text() -> None:
    from balance_cli.model.cells import excel_format

    assert excel_format(Kind.CV) == "0.000"
    assert excel_format(Kind.VALUE, "元") == "#,##0"
    assert excel_format(Kind.VALUE, "m²") == "#,##0.00"
    assert excel_format(Kind.VALUE, "人/生") == "#,##0.0000"
    assert excel_format(Kind.PERCENT) == "0.0%"
