"""The report prints: rendered by LibreOffice (headless) to PDF, it is short, every table is
whole on each page's width with its header repeated, and the figures read back from the
PDF are the assessment's own.

Needs ``soffice`` (Debian: libreoffice-calc-nogui) and poppler-utils (pdfinfo, pdftotext).
Skipped when they are missing on a developer's machine; under CI they must be there
(``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from support import SAMPLES, balance

MAX_PAGES = 12
TOOLS = ("soffice", "pdfinfo", "pdftotext")


def _tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (libreoffice-calc-nogui, poppler-utils)"
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}")
    pytest.skip(reason)


def _run(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def render(sample: Path, tmp: Path, *options: str) -> tuple[Path, Path, dict]:
    """(report.xlsx, report.pdf, the JSON assessment) of ``sample``."""
    _tools()
    xlsx = tmp / "report.xlsx"
    result = balance("report", sample, "-o", xlsx, *options, timeout=60)
    assert result.returncode in (0, 1), result.stderr
    assessed = balance("assess", sample, "--format", "json", *options, timeout=60)
    profile = (tmp / "lo-profile").as_uri()  # private: parallel runs do not share one
    converted = _run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(xlsx),
        ],
        timeout=120,
    )
    pdf = tmp / "report.pdf"
    assert pdf.exists(), converted.stdout + converted.stderr
    return xlsx, pdf, json.loads(assessed.stdout)


def page_count(pdf: Path) -> int:
    info = _run(["pdfinfo", str(pdf)]).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_texts(pdf: Path) -> list[str]:
    text = _run(["pdftotext", "-layout", str(pdf), "-"]).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def sheet_of(page: str, sheets: list[str]) -> str:
    """The sheet a page prints, from its footer ("sheet — page / pages"; a chart's stray
    text may sit on the footer's line, so only the sheet's name and the dash count)."""
    for line in reversed(page.splitlines()):
        found = [name for name in sheets if f"{name} —" in line]
        if found:
            return max(found, key=len)
    raise AssertionError(f"no footer on the page: {page[-200:]!r}")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cvs(data: dict) -> list[str]:
    """Every CV of both levels (each indicator and the composite), as the report shows
    them: three decimals."""
    shown = []
    for level in data["levels"].values():
        shown += [f"{r['cv']:.3f}" for r in level["indicators"].values()]
        if level.get("composite_cv") is not None:
            shown.append(f"{level['composite_cv']:.3f}")
    return shown


@pytest.fixture(scope="module")
def county_b(tmp_path_factory):
    return render(SAMPLES / "county-b-2023.xlsx", tmp_path_factory.mktemp("print-b"))


@pytest.fixture(scope="module")
def county_a_en(tmp_path_factory):
    return render(
        SAMPLES / "county-a-2023.xlsx", tmp_path_factory.mktemp("print-a"), "--lang", "en"
    )


def check_print(xlsx: Path, pdf: Path, data: dict, names: dict) -> dict[str, list[str]]:
    """The checks both languages share; returns the pages' text by sheet."""
    pages = page_texts(pdf)
    assert page_count(pdf) == len(pages)
    assert len(pages) <= MAX_PAGES
    wb = load_workbook(xlsx)
    by_sheet: dict[str, list[str]] = {}
    for page in pages:
        by_sheet.setdefault(sheet_of(page, wb.sheetnames), []).append(page)
    # Every visible sheet prints, the chart data never.
    assert list(by_sheet) == [ws.title for ws in wb if ws.sheet_state == "visible"]
    # Each table is whole across the page: every page of a table sheet holds its first
    # column's header (repeated print titles) — a table split across the width would
    # print pages without it.
    for sheet, header in names["first_headers"].items():
        assert all(header in squeeze(p) for p in by_sheet[sheet]), sheet
    # Charts: four to a page, none cut across a page edge into a page of its own.
    charts = len(wb[names["charts"]]._charts)
    assert len(by_sheet[names["charts"]]) == math.ceil(charts / 4)
    text = "\n".join(pages)
    flat = squeeze(text)
    for cv in cvs(data):
        assert cv in flat, cv
    standards = wb[names["standards"]]
    schools = [r[1] for r in standards.iter_rows(min_row=5, values_only=True)]
    assert schools and all(squeeze(name) in flat for name in schools)
    assert "--gov-score" not in text and "--satisfaction" not in text
    return by_sheet


def test_county_b_prints_on_twelve_pages(county_b):
    xlsx, pdf, data = county_b
    names = {
        "first_headers": {"校际均衡": "项目", "达标情况": "学校标识码", "学校指标": "学校标识码"},
        "charts": "图表",
        "standards": "达标情况",
    }
    by_sheet = check_print(xlsx, pdf, data, names)
    standards = squeeze("".join(by_sheet["达标情况"]))
    passed = [s["passed"] for s in data["schools"]]
    assert passed.count(False) == 8  # eight schools miss a standard
    assert standards.count("否") == 8 and standards.count("是") == passed.count(True)
    assert "未提供（须另附评估结果）" in squeeze("".join(by_sheet["结论"]))
    assert page_count(pdf) <= MAX_PAGES


def test_county_a_prints_in_english(county_a_en):
    xlsx, pdf, data = county_a_en
    names = {
        "first_headers": {"Balance": "item", "Standards": "code", "School values": "code"},
        "charts": "Charts",
        "standards": "Standards",
    }
    by_sheet = check_print(xlsx, pdf, data, names)
    standards = "".join(by_sheet["Standards"])
    passed = [s["passed"] for s in data["schools"]]
    assert len(re.findall(r"\bYes\b", standards)) == passed.count(True)
    assert len(re.findall(r"\bNo\b", standards)) == passed.count(False)
    verdict = "".join(by_sheet["Verdict"])
    assert "not supplied (the assessment result is to be attached)" in verdict
    assert "difference coefficient" in "".join(by_sheet["Balance"])
