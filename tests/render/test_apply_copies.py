"""`plan --apply-to` copies keep what they do not change, and assess to the plan.

Each copy is made and assessed by the installed command (subprocesses): its difference
coefficients must be exactly the plan's after-values (``plan --format json``), and the
bytes must be the original's except the changed cells/fields: formulas keep their saved
values, CSV keeps encoding, separator, quoting and line ends.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from balance_cli.render.apply import patch_csv
from balance_cli.render.xlsx_patch import patch_sheet
from support import EIGHT_INDICATORS, SAMPLES, balance

CSV_SOURCE = SAMPLES / "county-b-2023.csv"  # fails; its plan adds books and teachers


def plan_and_assess(source: Path, copy: Path) -> tuple[dict, dict, str]:
    planned = balance("plan", source, "--format", "json", "--apply-to", copy)
    assert planned.returncode == 0, planned.stderr
    assessed = balance("assess", copy, "--format", "json")
    assert assessed.returncode in (0, 1), assessed.stderr
    return json.loads(planned.stdout), json.loads(assessed.stdout), planned.stderr


def assert_assesses_to_the_plan(plan: dict, after: dict) -> None:
    assert plan["additions"], "the plan must change something"
    for level, sides in plan["levels"].items():
        got = after["levels"][level]
        for key in EIGHT_INDICATORS:
            assert got["indicators"][key]["cv"] == pytest.approx(sides["after"][key], abs=1e-12)
        assert got["composite_cv"] == pytest.approx(sides["after"]["composite"], abs=1e-12)


# --- xlsx with formulas and their cached values ------------------------------------------


@pytest.fixture(scope="module")
def formula_workbook(tmp_path_factory) -> Path:
    """county-b with formulas: 在校生数 and 图书册数 as =N-0 / =N+0 and a 合计 row of
    SUMs, saved by LibreOffice so that every formula has its cached value (as Excel and
    WPS save them)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is needed to compute the cached values")
    from openpyxl import load_workbook

    folder = tmp_path_factory.mktemp("formulas")
    wb = load_workbook(SAMPLES / "county-b-2023.xlsx")
    ws = wb.active
    last = ws.max_row
    for r in range(2, last + 1):
        ws.cell(r, 4).value = f"={ws.cell(r, 4).value}-0"  # 在校生数
        ws.cell(r, 10).value = f"={ws.cell(r, 10).value}+0"  # 图书册数
    ws.cell(last + 1, 2).value = "合计"
    for c in range(4, ws.max_column + 1):
        letter = ws.cell(1, c).column_letter
        ws.cell(last + 1, c).value = f"=SUM({letter}2:{letter}{last})"
    wb.save(folder / "raw.xlsx")
    out = folder / "lo"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xlsx", "--outdir", out, folder / "raw.xlsx"],
        capture_output=True,
        timeout=180,
        check=True,
    )
    path = out / "raw.xlsx"
    assert balance("assess", path).returncode == 1  # readable: the cached values are there
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)')


def cells(xml: bytes) -> dict[str, str]:
    return {m.group(1) + m.group(2): m.group(0) for m in CELL.finditer(xml.decode())}


def test_formula_workbook_copy_keeps_cached_values_and_assesses_to_the_plan(
    formula_workbook, tmp_path
):
    copy = tmp_path / "planned.xlsx"
    plan, after, stderr = plan_and_assess(formula_workbook, copy)
    assert_assesses_to_the_plan(plan, after)
    assert [e["reason"] for e in after["excluded"]] == ["totals_row"]  # the 合计 row
    before, got = members(formula_workbook), members(copy)
    assert list(before) == list(got)  # same members, same order
    sheet = "xl/worksheets/sheet1.xml"
    changed_parts = {name for name in before if before[name] != got[name]}
    assert changed_parts == {sheet, "xl/workbook.xml"}  # + recalculate-on-open
    assert 'fullCalcOnLoad="1"' in got["xl/workbook.xml"].decode()
    old_cells, new_cells = cells(before[sheet]), cells(got[sheet])
    assert old_cells.keys() == new_cells.keys()
    differ = {ref for ref in old_cells if old_cells[ref] != new_cells[ref]}
    planned = {(a["row"], a["column"]) for a in plan["additions"]}
    letters = {"books": "J", "teachers": "K", "senior_teachers": "M", "qualified_teachers": "L"}
    letters["computers"] = "I"  # the cheapest plan at the example prices buys these
    assert differ == {f"{letters[column]}{row}" for row, column in planned}
    # untouched formula cells keep their formula and cached value; changed ones are numbers
    kept = [ref for ref in old_cells if "<f" in old_cells[ref] and ref not in differ]
    assert len(kept) > 100 and all("<v>" in new_cells[ref] for ref in kept)
    for ref in differ:
        assert "<f" not in new_cells[ref] and re.search(r"<v>[0-9.]+</v>", new_cells[ref])
    # the 合计 row's SUMs read changed cells: named, since their saved values are stale
    total_row = max(int(re.sub("[A-Z]", "", ref)) for ref in old_cells)
    for column in {c for _r, c in planned}:
        assert f"学校!{letters[column]}{total_row}" in stderr


def test_copy_keeps_a_doctype_and_drops_only_a_stale_calc_chain(formula_workbook, tmp_path):
    """A package as Excel writes it (calcChain.xml) with document properties holding a
    DOCTYPE: the properties are copied byte for byte (no XML parser reads them), and the
    calculation chain, which would name cells that no longer hold formulas, is removed
    with its relation and content type (Excel rebuilds it)."""
    source = tmp_path / "excel.xlsx"
    parts = members(formula_workbook)
    formula_refs = [r for r, c in cells(parts["xl/worksheets/sheet1.xml"]).items() if "<f" in c]
    parts["xl/calcChain.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f'<c r="{r}" i="1"/>' for r in formula_refs)
        + "</calcChain>"
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    ).encode()
    core = parts["docProps/core.xml"].decode()
    parts["docProps/core.xml"] = core.replace(
        "?>", '?>\n<!DOCTYPE coreProperties [<!ENTITY who "王老师">]>', 1
    ).encode()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    copy = tmp_path / "planned.xlsx"
    plan, after, _ = plan_and_assess(source, copy)
    assert_assesses_to_the_plan(plan, after)
    got = members(copy)
    assert got["docProps/core.xml"] == parts["docProps/core.xml"]
    assert "xl/calcChain.xml" not in got
    assert "calcChain" not in got["xl/_rels/workbook.xml.rels"].decode()
    assert "calcChain" not in got["[Content_Types].xml"].decode()
    assert got["xl/styles.xml"] == parts["xl/styles.xml"]


def test_xlsm_copy_keeps_its_macros(tmp_path):
    """An .xlsm stays an .xlsm: its VBA project and content types are copied unchanged."""
    source = tmp_path / "macros.xlsm"
    parts = members(SAMPLES / "county-b-2023.xlsx")
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really VBA, but kept byte for byte"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    copy = tmp_path / "planned.xlsm"
    plan, after, _ = plan_and_assess(source, copy)
    assert_assesses_to_the_plan(plan, after)
    assert members(copy)["xl/vbaProject.bin"] == parts["xl/vbaProject.bin"]


# --- CSV: encoding, separator, quoting, line ends ----------------------------------------

VARIANTS = {
    "crlf-utf8": ("\r\n", "utf-8", csv.QUOTE_MINIMAL, ","),
    "cr-only": ("\r", "utf-8", csv.QUOTE_MINIMAL, ","),
    "lf-gbk-quoted": ("\n", "gbk", csv.QUOTE_ALL, ","),
    "crlf-bom-tab-nonnumeric": ("\r\n", "utf-8-sig", csv.QUOTE_NONNUMERIC, "\t"),
    "crlf-gbk-semiquoted": ("\r\n", "gbk", csv.QUOTE_MINIMAL, ","),
}


def write_variant(path: Path, line_end: str, encoding: str, quoting: int, sep: str) -> None:
    with CSV_SOURCE.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[1][1] = "示范县南关小学,东校区"  # a separator inside a name: quoted in any variant
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=line_end, quoting=quoting)
    for i, row in enumerate(rows):
        if quoting == csv.QUOTE_NONNUMERIC and i:
            row = row[:3] + [float(v) if "." in v else int(v) for v in row[3:]]
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode(encoding))


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_csv_copy_changes_only_the_planned_fields(tmp_path, variant):
    line_end, encoding, quoting, sep = VARIANTS[variant]
    source = tmp_path / "survey.csv"
    write_variant(source, line_end, encoding, quoting, sep)
    copy = tmp_path / "planned.csv"
    plan, after, _ = plan_and_assess(source, copy)
    assert_assesses_to_the_plan(plan, after)
    old, new = source.read_bytes(), copy.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    for ending in (b"\r\n", b"\n", b"\r"):
        assert new.count(ending) == old.count(ending)
    old_lines = old.decode(encoding).split(line_end)
    new_lines = new.decode(encoding).split(line_end)  # decodes: same encoding
    assert len(old_lines) == len(new_lines)
    planned: dict[int, set[int]] = {}
    header = next(csv.reader([old_lines[0]], delimiter=sep))
    names = {"books": "图书册数", "teachers": "专任教师数"}
    names["senior_teachers"] = "中级及以上职称教师数"
    names["computers"] = "计算机台数"  # the cheapest plan at the example prices buys these
    for a in plan["additions"]:
        planned.setdefault(a["row"], set()).add(header.index(names[a["column"]]))
    for row, (a, b) in enumerate(zip(old_lines, new_lines, strict=True), start=1):
        if row not in planned:
            assert a == b
            continue
        fa = next(csv.reader([a], delimiter=sep))
        fb = next(csv.reader([b], delimiter=sep))
        assert len(fa) == len(fb) and a.count('"') == b.count('"')  # quoting kept
        assert {j for j in range(len(fa)) if fa[j] != fb[j]} == planned[row]
        for j in planned[row]:
            assert float(fb[j]) > float(fa[j])  # only additions


# --- the patchers themselves, on hand-made cases -----------------------------------------


def test_patch_csv_pads_a_short_record_and_keeps_quotes():
    text = 'a,b,c\r\n"1","2"\r\n3,4,5\r\n'
    changes = {2: {1: "20", 3: "40"}, 3: {0: "30"}}
    assert patch_csv(text, ",", changes) == 'a,b,c\r\n"1","20",,40\r\n30,4,5\r\n'


def test_patch_csv_counts_records_not_lines():
    """A quoted field spanning lines is one record, as the reader counts rows."""
    text = 'name,n\n"two\nlines",1\nx,2\n'
    assert patch_csv(text, ",", {3: {1: "9"}}) == 'name,n\n"two\nlines",1\nx,9\n'


def test_patch_sheet_replaces_inserts_and_keeps_the_rest():
    xml = (
        '<x:worksheet xmlns:x="main"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" s="3"><x:f>1+1</x:f><x:v>2</x:v></x:c>'
        '<x:c r="C2" t="inlineStr"><x:is><x:t>a&gt;b</x:t></x:is></x:c></x:row>'
        '<x:row r="4" spans="1:3"/>'
        "<x:row><x:c><x:v>7</x:v></x:c><x:c><x:v>8</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>"
    )
    changes = {(2, 0): "5", (2, 1): "6", (4, 2): "9", (5, 1): "10"}
    patched, formulas = patch_sheet(xml, changes)
    assert formulas == ["A2"]
    assert patched == (
        '<x:worksheet xmlns:x="main"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" s="3"><x:v>5</x:v></x:c><x:c r="B2"><x:v>6</x:v></x:c>'
        '<x:c r="C2" t="inlineStr"><x:is><x:t>a&gt;b</x:t></x:is></x:c></x:row>'
        '<x:row r="4" spans="1:3"><x:c r="C4"><x:v>9</x:v></x:c></x:row>'
        '<x:row><x:c><x:v>7</x:v></x:c><x:c r="B5"><x:v>10</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
