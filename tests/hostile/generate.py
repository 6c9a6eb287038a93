"""Build the hostile corpus: files that lie about what they are or ask for unbounded work.

    python tests/hostile/generate.py OUT_DIR     # writes every case, to look at by hand

Every case is built from the clean sample (samples/county-a-2023.csv) into a directory,
seeded and small on disk: zip bombs are written as one compressed block repeated (a
deflate stream with full flushes), so a 450 MB sheet costs ~0.5 MB and a fraction of a
second. :data:`CASES` maps a case name to its builder and what ``balance`` must do:

- ``clean``: read as the clean sample (same levels, CVs, verdict);
- ``error``: exit 2 with one of the named problem kinds, located in the file;
- ``any``: exit 0, 1 or 2, but never a traceback, a signal or a timeout.
"""

from __future__ import annotations

import csv
import io
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_CSV = ROOT / "samples" / "county-a-2023.csv"
SAMPLE_XLSX = ROOT / "samples" / "county-a-2023.xlsx"
NUMERIC_FROM = 3
SEED = 16


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    expect: str  # "clean", "error" or "any"
    kinds: frozenset[str] = frozenset()  # for "error": the problem kinds that may come
    rules: bool = False  # the file is a rules file (run with --rules on the clean sample)
    heavy: bool = False  # a bomb: seconds of work to refuse


def clean_rows() -> list[list[str]]:
    with SAMPLE_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def csv_text(rows: list[list[str]], line_end: str = "\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=line_end).writerows(rows)
    return buffer.getvalue()


def _write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    if isinstance(data, str):
        data = data.encode(encoding)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- a zip written by hand
def write_zip(path: Path, members: list[tuple[str, bytes | tuple[bytes, int, int]]]) -> Path:
    """Members as (name, data) or (name, (deflated raw, real size, crc)); the sizes of a
    pre-deflated member are written as given, which lets a case lie about them."""
    out = bytearray()
    central = bytearray()
    for name, data in members:
        encoded = name.encode()
        if isinstance(data, tuple):
            raw, size, crc = data
            method = 8
        else:
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = comp.compress(data) + comp.flush()
            size, crc, method = len(data), zlib.crc32(data), 8
        offset = len(out)
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(raw), size, len(encoded), 0
        )
        out += header + encoded + raw
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(raw),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    path.write_bytes(bytes(out + central + end))
    return path


def repeated_deflate(block: bytes, times: int) -> tuple[bytes, int, int]:
    """A deflate stream of ``block`` repeated ``times`` times, built from one compression."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return piece * times + b"\x03\x00", len(block) * times, crc


# ---------------------------------------------------------------- an xlsx written by hand
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value)
    if text.startswith("raw:"):
        return text[4:].replace("{ref}", ref)
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def sheet_xml(rows: list[list[object]], extra: str = "", head: str = "") -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{column_letters(c)}{r}", v) for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<worksheet xmlns="{NS_MAIN}">'
        f"<sheetData>{''.join(body)}{extra}</sheetData></worksheet>"
    )


def typed(rows: list[list[str]]) -> list[list[object]]:
    out: list[list[object]] = [list(rows[0])]
    for r in rows[1:]:
        out.append(r[:NUMERIC_FROM] + [float(v) if "." in v else int(v) for v in r[NUMERIC_FROM:]])
    return out


def write_xlsx(
    path: Path,
    sheets: list[tuple[str, str | bytes | tuple[bytes, int, int], str]],
    more: list[tuple[str, bytes | tuple[bytes, int, int]]] = (),
) -> Path:
    """Sheets as (name, sheet XML or pre-deflated data, state), plus any other members."""
    entries = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i + 1}" state="{state}" r:id="rId{i + 1}"/>'
        for i, (name, _, state) in enumerate(sheets)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" '
        f'xmlns:r="{NS_REL}"><sheets>{entries}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{NS_REL}/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    members: list[tuple[str, bytes | tuple[bytes, int, int]]] = [
        ("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides).encode()),
        ("_rels/.rels", ROOT_RELS.encode()),
        ("xl/workbook.xml", workbook.encode()),
        (
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
                f'"http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                "</Relationships>"
            ).encode(),
        ),
    ]
    for i, (_, xml, _) in enumerate(sheets):
        members.append(
            (f"xl/worksheets/sheet{i + 1}.xml", xml.encode() if isinstance(xml, str) else xml)
        )
    members += list(more)
    return write_zip(path, members)


def clean_xlsx(path: Path, rows: list[list[object]] | None = None, **kw) -> Path:
    return write_xlsx(path, [("学校", sheet_xml(rows or typed(clean_rows()), **kw), "visible")])


# ---------------------------------------------------------------- builders
def _edit_csv(name: str, row: int, col: int, value: str) -> Callable[[Path], Path]:
    def build(out: Path) -> Path:
        rows = clean_rows()
        rows[row - 1][col] = value
        return _write(out / name, csv_text(rows))

    return build


def _edit_xlsx(name: str, row: int, col: int, value: object) -> Callable[[Path], Path]:
    def build(out: Path) -> Path:
        rows = typed(clean_rows())
        rows[row - 1][col] = value
        return clean_xlsx(out / name, rows)

    return build


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    return lambda out: _write(out / name, data)


def _junk(name: str, size: int) -> Callable[[Path], Path]:
    return lambda out: _write(out / name, random.Random(SEED).randbytes(size))


def truncated(out: Path) -> Path:
    data = SAMPLE_XLSX.read_bytes()
    return _write(out / "truncated.xlsx", data[: len(data) // 2])


def truncated_tail(out: Path) -> Path:
    data = SAMPLE_XLSX.read_bytes()
    return _write(out / "truncated-tail.xlsx", data[:-60])


def docx(out: Path) -> Path:
    return write_zip(
        out / "report.docx.xlsx",
        [
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document>\xe6\x8a\xa5\xe5\x91\x8a</w:document>"),
        ],
    )


def pptx(out: Path) -> Path:
    return write_zip(out / "slides.xlsx", [("ppt/presentation.xml", b"<p:presentation/>")])


def zip_of_csv(out: Path) -> Path:
    return write_zip(out / "zipped.xlsx", [("county.csv", csv_text(clean_rows()).encode())])


HTML_TABLE = (
    "<html><head><meta charset='utf-8'></head><body><table>"
    + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in clean_rows())
    + "</table></body></html>"
)


def ole(name: str, stream: str) -> Callable[[Path], Path]:
    def build(out: Path) -> Path:
        data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
        data += random.Random(SEED).randbytes(2048)
        data += stream.encode("utf-16-le") + b"\x00" * 64
        return _write(out / name, bytes(data))

    return build


def xlsx_renamed(name: str) -> Callable[[Path], Path]:
    return lambda out: _write(out / name, SAMPLE_XLSX.read_bytes())


def csv_encoded(name: str, encoding: str, line_end: str = "\r\n") -> Callable[[Path], Path]:
    return lambda out: _write(out / name, csv_text(clean_rows(), line_end), encoding)


def mixed_line_ends(out: Path) -> Path:
    lines = csv_text(clean_rows(), "\n").split("\n")
    ends = ["\r\n", "\n", "\r"]
    text = "".join(line + ends[i % 3] for i, line in enumerate(lines) if line)
    return _write(out / "mixed-line-ends.csv", text)


def nul_bytes(out: Path) -> Path:
    text = csv_text(clean_rows())
    cut = len(text) // 2
    return _write(out / "nul.csv", text[:cut].encode() + b"\x00\x00" + text[cut:].encode())


def huge_note_field(out: Path) -> Path:
    rows = clean_rows()
    rows[0].append("备注")
    for r in rows[1:]:
        r.append("")
    rows[3][-1] = "长" * 200_000  # past the csv module's 128 KB default field limit
    return _write(out / "huge-note.csv", csv_text(rows))


def quoted_huge_field_cr(out: Path) -> Path:
    """A huge quoted field and CR-only line ends: both parsers' weak spots at once."""
    rows = clean_rows()
    rows[0].append("备注")
    for r in rows[1:]:
        r.append("")
    rows[5][-1] = "x" * 300_000
    return _write(out / "huge-field-cr.csv", csv_text(rows, "\r"))


def huge_name(out: Path) -> Path:
    rows = clean_rows()
    rows[4][1] = "校名" + "x" * 5_000_000
    return _write(out / "name-5mb.csv", csv_text(rows))


def excel_max_name_many_rows(out: Path) -> Path:
    """20,000 schools, one of them named with Excel's maximum of 32,767 characters."""
    rng = random.Random(SEED)
    rows = [clean_rows()[0]]
    for i in range(20_000):
        students = rng.randint(100, 2000)
        rows.append(
            [
                f"{3_000_000_000 + i}",
                f"学校{i}",
                "小学" if i % 3 else "初中",
                str(students),
                str(max(1, students // 40)),
                *[str(round(students * f, 1)) for f in (5, 10, 2500, 0.1, 30, 0.05, 0.05, 0.02)],
            ]
        )
    rows[7][1] = "长" * 32_767
    return _write(out / "rows-20000-long-name.csv", csv_text(rows))


def blank_rows(out: Path) -> Path:
    text = csv_text(clean_rows()) + ",,,,,,,,,,,,\r\n" * 100_000
    return _write(out / "blank-rows-100k.csv", text)


def stray(name: str, ref: str, first: bool = False, attrs_first: bool = False):
    def build(out: Path) -> Path:
        xml = sheet_xml(typed(clean_rows()))
        row = "".join(ch for ch in ref if ch.isdigit())
        cell = f'<c s="0" r="{ref}"><v>1</v></c>' if attrs_first else f'<c r="{ref}"><v>1</v></c>'
        tag = f'<row r="{row}">{cell}</row>'
        if first:
            xml = xml.replace("<sheetData>", "<sheetData>" + tag)
        else:
            xml = xml.replace("</sheetData>", tag + "</sheetData>")
        return write_xlsx(out / name, [("学校", xml, "visible")])

    return build


def stray_wide_near(out: Path) -> Path:
    """A value at XFD2, next to the table: 16,384 columns × 41 rows is still readable."""
    rows = typed(clean_rows())
    xml = sheet_xml(rows).replace('<row r="2">', '<row r="2"><c r="XFD2"><v>7</v></c>', 1)
    # cells of a row in order: move the stray cell to the end of row 2
    xml = xml.replace('<row r="2"><c r="XFD2"><v>7</v></c>', '<row r="2">', 1).replace(
        '</row><row r="3">', '<c r="XFD2"><v>7</v></c></row><row r="3">', 1
    )
    return write_xlsx(out / "stray-xfd2.xlsx", [("学校", xml, "visible")])


def formatted_far_cell(out: Path) -> Path:
    """A formatted but empty cell at XFD1048576 and a dimension that claims the sheet."""
    xml = sheet_xml(typed(clean_rows()), extra='<row r="1048576"><c r="XFD1048576" s="1"/></row>')
    xml = xml.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    return write_xlsx(out / "formatted-far-cell.xlsx", [("学校", xml, "visible")])


def formatted_rows(out: Path) -> Path:
    """200,000 formatted empty rows below the table."""
    xml = sheet_xml(typed(clean_rows()))
    empty = "".join(f'<row r="{r}" s="1" customFormat="1"/>' for r in range(60, 200_060))
    xml = xml.replace("</sheetData>", empty + "</sheetData>")
    return write_xlsx(out / "formatted-rows-200k.xlsx", [("学校", xml, "visible")])


def bomb_sheet(name: str, lie: bool) -> Callable[[Path], Path]:
    def build(out: Path) -> Path:
        block = b" " * (1 << 20)
        raw, size, crc = repeated_deflate(block, 450)
        head = f'<?xml version="1.0"?><worksheet xmlns="{NS_MAIN}"><sheetData>'.encode()
        # The whitespace sits inside the sheet: the real part is head + 450 MB + tail.
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        first = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
        tail_bytes = b"</sheetData></worksheet>"
        comp2 = zlib.compressobj(9, zlib.DEFLATED, -15)
        last = comp2.compress(tail_bytes) + comp2.flush()
        data = first + raw[:-2] + last
        crc = zlib.crc32(tail_bytes, _crc_combine_prefix(head, block, 450))
        real = len(head) + size + len(tail_bytes)
        declared = 1024 if lie else real
        return write_xlsx(out / name, [("学校", (data, declared, crc), "visible")])

    return build


def _crc_combine_prefix(head: bytes, block: bytes, times: int) -> int:
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return crc


def bomb_shared_string(out: Path) -> Path:
    """One shared string of 1.1 GB (declared honestly): refused before any inflation."""
    raw, size, crc = repeated_deflate(b"A" * (1 << 20), 1100)
    xml = sheet_xml(typed(clean_rows()))
    return write_xlsx(
        out / "bomb-shared-string.xlsx",
        [("学校", xml, "visible")],
        [("xl/sharedStrings.xml", (raw, size, crc))],
    )


DOCTYPE = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'


def doctype_sheet(out: Path) -> Path:
    return clean_xlsx(out / "doctype-sheet.xlsx", head=DOCTYPE)


def doctype_props(out: Path) -> Path:
    xml = sheet_xml(typed(clean_rows()))
    props = f'<?xml version="1.0"?>{DOCTYPE}<coreProperties>&lol2;</coreProperties>'
    return write_xlsx(
        out / "doctype-props.xlsx",
        [("学校", xml, "visible")],
        [("docProps/core.xml", props.encode())],
    )


def many_members(out: Path) -> Path:
    xml = sheet_xml(typed(clean_rows()))
    more = [(f"xl/media/m{i}.bin", b"") for i in range(21_000)]
    return write_xlsx(out / "many-members.xlsx", [("学校", xml, "visible")], more)


def hidden_sheet(state: str) -> Callable[[Path], Path]:
    def build(out: Path) -> Path:
        rows = typed(clean_rows())
        extra = [rows[0], ["9999999999", "隐藏学校", "小学", 500, 10, *[1000] * 8]]
        return write_xlsx(
            out / f"{state}-sheet.xlsx",
            [("学校", sheet_xml(rows), "visible"), ("备用", sheet_xml(extra), state)],
        )

    return build


def duplicated_sheets(out: Path) -> Path:
    xml = sheet_xml(typed(clean_rows()))
    return write_xlsx(
        out / "duplicated-sheets.xlsx", [("学校", xml, "visible"), ("学校 (2)", xml, "visible")]
    )


def error_cells(out: Path) -> Path:
    rows = typed(clean_rows())
    rows[5][7] = 'raw:<c r="{ref}" t="e"><v>#DIV/0!</v></c>'
    rows[8][9] = 'raw:<c r="{ref}" t="e"><f>VLOOKUP(A9,X:Y,2,0)</f><v>#N/A</v></c>'
    rows[9][3] = 'raw:<c r="{ref}" t="e"><v>#REF!</v></c>'
    return clean_xlsx(out / "error-cells.xlsx", rows)


def formula_no_value(out: Path) -> Path:
    rows = typed(clean_rows())
    for r in range(1, len(rows)):
        rows[r][9] = 'raw:<c r="{ref}"><f>SUM(1,2)</f></c>'
    return clean_xlsx(out / "formula-no-value.xlsx", rows)


def formula_with_value(out: Path) -> Path:
    rows = typed(clean_rows())
    for r in range(1, len(rows)):
        v = rows[r][9]
        rows[r][9] = f'raw:<c r="{{ref}}"><f>{v}-1+1</f><v>{v}</v></c>'
    return clean_xlsx(out / "formula-with-value.xlsx", rows)


def namespaced(out: Path) -> Path:
    xml = sheet_xml(typed(clean_rows()))
    xml = (
        xml.replace(f'<worksheet xmlns="{NS_MAIN}">', f'<x:worksheet xmlns:x="{NS_MAIN}">')
        .replace("</worksheet>", "</x:worksheet>")
        .replace("<sheetData>", "<x:sheetData>")
        .replace("</sheetData>", "</x:sheetData>")
        .replace("<row ", "<x:row ")
        .replace("</row>", "</x:row>")
        .replace("<c ", "<x:c ")
        .replace("</c>", "</x:c>")
        .replace("<v>", "<x:v>")
        .replace("</v>", "</x:v>")
        .replace("<is>", "<x:is>")
        .replace("</is>", "</x:is>")
        .replace("<t>", "<x:t>")
        .replace("</t>", "</x:t>")
    )
    return write_xlsx(out / "namespaced.xlsx", [("学校", xml, "visible")])


def cells_without_refs(out: Path) -> Path:
    import re

    xml = re.sub(r'<c r="[A-Z]+\d+"', "<c", sheet_xml(typed(clean_rows())))
    return write_xlsx(out / "no-cell-refs.xlsx", [("学校", xml, "visible")])


def merged_weird(out: Path) -> Path:
    rows = typed(clean_rows())
    rows.insert(0, ["调查表", "", "", "", "", "", "", "", "", "", "", "", ""])
    xml = sheet_xml(rows).replace(
        "</sheetData>",
        '</sheetData><mergeCells count="3"><mergeCell ref="A1:M1"/>'
        '<mergeCell ref="A1:XFD1048576"/><mergeCell ref="B5:B3"/></mergeCells>',
    )
    return write_xlsx(out / "merged-weird.xlsx", [("学校", xml, "visible")])


def control_chars(out: Path) -> Path:
    rows = clean_rows()
    rows[2][1] = "示例\x07县\x1b北关\x0b小学"
    rows[3][1] = "\u202e示例县李庄小学\u200f"
    rows[4][1] = "\ufeff示例县王店\u200b小学"
    return _write(out / "control-chars.csv", csv_text(rows))


def quoted_newlines(out: Path) -> Path:
    rows = clean_rows()
    rows[2][1] = "示例县\n北关小学"
    rows[3][1] = "示例县\r\n李庄小学"
    return _write(out / "quoted-newlines.csv", csv_text(rows))


def duplicate_without_code(out: Path) -> Path:
    rows = clean_rows()
    copy = list(rows[6])
    copy[0] = ""
    rows.append(copy)
    return _write(out / "duplicate-no-code.csv", csv_text(rows))


def duplicate_row(out: Path) -> Path:
    rows = clean_rows()
    rows.append(list(rows[6]))
    return _write(out / "duplicate-row.csv", csv_text(rows))


def thousands(out: Path) -> Path:
    rows = clean_rows()
    for r in rows[1:]:
        for c in range(NUMERIC_FROM, len(r)):
            v = float(r[c])
            r[c] = f"{v:,.1f}" if "." in r[c] else f"{int(v):,}"
    return _write(out / "thousands.csv", csv_text(rows))


def one_long_line(out: Path) -> Path:
    return _write(out / "one-long-line.csv", "a," * 1_000_000)


def wide_header(out: Path) -> Path:
    rows = clean_rows()
    for r in rows:
        r += [""] * 3000
    rows[1][-1] = "far"
    return _write(out / "wide-3000.csv", csv_text(rows))


def xls_clean(out: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("学校")
    for r, row in enumerate(typed(clean_rows())):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    path = out / "clean.xls"
    book.save(str(path))
    return path


def xls_stray(out: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("学校")
    for r, row in enumerate(typed(clean_rows())):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    sheet.write(65535, 255, 1)
    path = out / "stray.xls"
    book.save(str(path))
    return path


def ods_clean(out: Path) -> Path:
    import pandas as pd

    path = out / "clean.ods"
    rows = typed(clean_rows())
    pd.DataFrame(rows).to_excel(path, engine="odf", header=False, index=False, sheet_name="学校")
    return path


def ods_repeat_bomb(out: Path) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:office-value="urn:x"><office:body><office:spreadsheet>'
        '<table:table table:name="学校"><table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    return write_zip(
        out / "repeat-bomb.ods",
        [
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", content.encode()),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
    )


def ods_damaged(out: Path) -> Path:
    return write_zip(
        out / "damaged.ods",
        [
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", b"<office:document-content><broken"),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
    )


# ---------------------------------------------------------------- rules files
def _rules(name: str, text: str | bytes) -> Callable[[Path], Path]:
    return lambda out: _write(out / name, text)


def laughs() -> str:
    lines = ["extends: henan-199", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def rules_cycle(out: Path) -> Path:
    (out / "sub").mkdir(exist_ok=True)
    return _write(out / "cycle.yaml", "extends: sub/../cycle.yaml\n")


def rules_mutual(out: Path) -> Path:
    _write(out / "mutual-b.yaml", "extends: mutual-a.yaml\n")
    return _write(out / "mutual-a.yaml", "extends: mutual-b.yaml\n")


def rules_extends_text(out: Path) -> Path:
    _write(out / "secret-notes.txt", "这是一份不该出现在错误信息里的文本\npassword: hunter2 [\n")
    return _write(out / "extends-text.yaml", "extends: secret-notes.txt\n")


def rules_extends_list_file(out: Path) -> Path:
    _write(out / "a-list.yaml", "- 1\n- 2\n")
    return _write(out / "extends-list-file.yaml", "extends: a-list.yaml\n")


def rules_big(out: Path) -> Path:
    return _write(out / "big.yaml", "extends: henan-199\n" + "# padding\n" * 220_000)


def rules_deep(out: Path) -> Path:
    return _write(out / "deep.yaml", "extends: henan-199\nx: " + "[" * 5000 + "]" * 5000 + "\n")


E = "error"
UNREADABLE = frozenset({"file_unreadable"})


def K(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


CASES: dict[str, Case] = {
    # files that are not what their name says
    "zero-byte.xlsx": Case(_bytes("zero.xlsx", b""), E, UNREADABLE),
    "zero-byte.csv": Case(_bytes("zero.csv", b""), E, UNREADABLE),
    "zero-byte.xls": Case(_bytes("zero.xls", b""), E, UNREADABLE),
    "truncated.xlsx": Case(truncated, E, UNREADABLE),
    "truncated-tail.xlsx": Case(truncated_tail, E, UNREADABLE),
    "docx-renamed.xlsx": Case(docx, E, UNREADABLE),
    "pptx-renamed.xlsx": Case(pptx, E, UNREADABLE),
    "zip-of-csv.xlsx": Case(zip_of_csv, E, UNREADABLE),
    "html-renamed.xls": Case(lambda o: _write(o / "export.xls", HTML_TABLE), E, UNREADABLE),
    "html-renamed.xlsx": Case(lambda o: _write(o / "export.xlsx", HTML_TABLE), E, UNREADABLE),
    "html-renamed.csv": Case(lambda o: _write(o / "export.csv", HTML_TABLE), E, UNREADABLE),
    "pdf-renamed.xlsx": Case(_bytes("scan.xlsx", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), E, UNREADABLE),
    "png-renamed.csv": Case(_bytes("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(64)), E, UNREADABLE),
    "rtf-renamed.xlsx": Case(_bytes("memo.xlsx", b"{\\rtf1\\ansi hello}"), E, UNREADABLE),
    "encrypted-ole.xlsx": Case(ole("locked.xlsx", "EncryptedPackage"), E, UNREADABLE),
    "word-ole.xls": Case(ole("memo.xls", "WordDocument"), E, UNREADABLE),
    "fake-xls-ole.xls": Case(ole("fake.xls", "Workbook"), E, UNREADABLE),
    "csv-renamed.xlsx": Case(
        lambda o: _write(o / "text.xlsx", csv_text(clean_rows())), E, UNREADABLE
    ),
    "xlsx-renamed.csv": Case(xlsx_renamed("book.csv"), E, UNREADABLE),
    "xlsx-renamed.xls": Case(xlsx_renamed("book.xls"), E, K("wrong_extension")),
    "xlsx-renamed.ods": Case(xlsx_renamed("book.ods"), E, K("wrong_extension")),
    "junk.xlsx": Case(_junk("junk.xlsx", 4096), E, UNREADABLE),
    "junk.xls": Case(_junk("junk.xls", 4096), E, UNREADABLE),
    "junk.csv": Case(_junk("junk.csv", 4096), E, UNREADABLE | K("csv_nul", "csv_encoding")),
    "damaged.ods": Case(ods_damaged, E, UNREADABLE),
    "nul-bytes.csv": Case(nul_bytes, E, K("csv_nul")),
    # text encodings and line ends
    "utf16-bom.csv": Case(csv_encoded("utf16.csv", "utf-16"), "clean"),
    "utf16le-no-bom.csv": Case(csv_encoded("utf16le.csv", "utf-16-le"), "clean"),
    "utf8-bom.csv": Case(csv_encoded("bom.csv", "utf-8-sig"), "clean"),
    "gb18030.csv": Case(csv_encoded("gbk.csv", "gb18030"), "clean"),
    "cr-only.csv": Case(csv_encoded("cr.csv", "utf-8", "\r"), "clean"),
    "lf-only.csv": Case(csv_encoded("lf.csv", "utf-8", "\n"), "clean"),
    "mixed-line-ends.csv": Case(mixed_line_ends, "clean"),
    "huge-note-field.csv": Case(huge_note_field, "clean"),
    "huge-field-cr-only.csv": Case(quoted_huge_field_cr, "clean"),
    "quoted-newlines.csv": Case(quoted_newlines, "clean"),
    "control-chars-rtl.csv": Case(control_chars, "clean"),
    "thousands-separators.csv": Case(thousands, "clean"),
    "blank-rows-100k.csv": Case(blank_rows, "clean"),
    "wide-3000-columns.csv": Case(wide_header, "clean"),
    "one-long-line.csv": Case(one_long_line, E, K("too_many_columns")),
    "header-only.csv": Case(
        lambda o: _write(o / "header.csv", csv_text(clean_rows()[:1])), E, K("no_schools")
    ),
    # strings
    "name-5mb.csv": Case(huge_name, E, K("text_too_long")),
    "rows-20000-name-32767.csv": Case(excel_max_name_many_rows, "any", heavy=True),
    # shape: stray cells, dimensions, formatting
    "stray-XFD1048576.xlsx": Case(stray("xfd.xlsx", "XFD1048576"), E, K("sheet_stray_cell")),
    "stray-A1048576.xlsx": Case(stray("a1m.xlsx", "A1048576"), E, K("sheet_stray_cell")),
    "stray-first-row.xlsx": Case(
        stray("first.xlsx", "XFD1048576", first=True), E, K("sheet_stray_cell")
    ),
    "stray-attr-order.xlsx": Case(
        stray("attrs.xlsx", "XFD1048576", attrs_first=True), E, K("sheet_stray_cell")
    ),
    "stray-XFD2.xlsx": Case(stray_wide_near, "clean"),
    "formatted-far-cell.xlsx": Case(formatted_far_cell, "clean"),
    "formatted-rows-200k.xlsx": Case(formatted_rows, "clean"),
    "namespaced.xlsx": Case(namespaced, "clean"),
    "no-cell-refs.xlsx": Case(cells_without_refs, "clean"),
    "merged-weird.xlsx": Case(merged_weird, "clean"),
    "xls-clean.xls": Case(xls_clean, "clean"),
    "xls-stray-IV65536.xls": Case(xls_stray, "any"),
    "ods-clean.ods": Case(ods_clean, "clean"),
    "ods-repeat-bomb.ods": Case(ods_repeat_bomb, "any", heavy=True),
    # zip and XML bombs
    "bomb-sheet-450mb.xlsx": Case(bomb_sheet("bomb.xlsx", False), E, K("xlsx_too_large")),
    "bomb-sheet-lying-size.xlsx": Case(bomb_sheet("bomb-lie.xlsx", True), E, UNREADABLE),
    "bomb-shared-string-1.1gb.xlsx": Case(bomb_shared_string, E, K("xlsx_too_large")),
    "doctype-sheet.xlsx": Case(doctype_sheet, E, K("xml_doctype")),
    "doctype-docprops.xlsx": Case(doctype_props, "clean"),  # no one parses docProps
    "many-members.xlsx": Case(many_members, E, K("zip_too_many")),
    # cells that must not be guessed
    "comma-1,5.csv": Case(_edit_csv("c15.csv", 5, 9, "1,5"), E, K("ambiguous_number")),
    "comma-12,34.csv": Case(_edit_csv("c1234.csv", 6, 7, "12,34"), E, K("ambiguous_number")),
    "comma-european.csv": Case(_edit_csv("eu.csv", 7, 5, "1.234,5"), E, K("ambiguous_number")),
    "error-cells.xlsx": Case(error_cells, E, K("error_cell")),
    "error-text.csv": Case(_edit_csv("ref.csv", 4, 7, "#REF!"), E, K("error_cell")),
    "formula-no-value.xlsx": Case(formula_no_value, E, K("formula_no_value")),
    "formula-with-value.xlsx": Case(formula_with_value, "clean"),
    "hidden-sheet.xlsx": Case(hidden_sheet("hidden"), "clean"),
    "very-hidden-sheet.xlsx": Case(hidden_sheet("veryHidden"), "clean"),
    "duplicated-sheets.xlsx": Case(duplicated_sheets, E, K("duplicate_school")),
    "duplicate-no-code.csv": Case(duplicate_without_code, E, K("duplicate_content")),
    "duplicate-row.csv": Case(duplicate_row, E, K("duplicate_school")),
    "1e308.csv": Case(_edit_csv("e308.csv", 3, 7, "1e308"), E, K("number_too_large")),
    "1e308.xlsx": Case(_edit_xlsx("e308.xlsx", 3, 7, 1e308), E, K("number_too_large")),
    "inf.csv": Case(_edit_csv("inf.csv", 3, 8, "inf"), E, K("not_a_number")),
    "nan.csv": Case(_edit_csv("nan.csv", 3, 8, "nan"), E, K("not_a_number")),
    "negative-students.csv": Case(_edit_csv("neg.csv", 4, 3, "-12"), E, K("students_not_positive")),
    "negative-books.csv": Case(_edit_csv("negb.csv", 4, 9, "-1"), E, K("negative_value")),
    "zero-width-in-number.csv": Case(_edit_csv("zw.csv", 4, 9, "5\u200b004"), E, K("not_a_number")),
    "students-as-text-junk.xlsx": Case(
        _edit_xlsx("junk-cell.xlsx", 4, 3, "一百五十六"), E, K("not_a_number")
    ),
    # rules files (run as --rules on the clean sample)
    "rules-alias-bomb.yaml": Case(_rules("laughs.yaml", laughs()), E, K("rules_aliases"), True),
    "rules-recursive-alias.yaml": Case(
        _rules("rec.yaml", "extends: henan-199\na: &a [*a]\n"), E, K("rules_not_yaml"), True
    ),
    "rules-deep.yaml": Case(rules_deep, E, K("rules_not_yaml"), True),
    "rules-extends-list.yaml": Case(
        _rules("ext-list.yaml", "extends: [henan-199, national-2017]\n"), E, K("rules_schema"), True
    ),
    "rules-extends-number.yaml": Case(
        _rules("ext-num.yaml", "extends: 42\n"), E, K("rules_schema"), True
    ),
    "rules-extends-text-file.yaml": Case(
        rules_extends_text, E, K("rules_schema", "rules_not_yaml"), True
    ),
    "rules-extends-list-file.yaml": Case(rules_extends_list_file, E, K("rules_schema"), True),
    "rules-extends-missing.yaml": Case(
        _rules("ext-miss.yaml", "extends: nowhere/none.yaml\n"), E, K("rules_not_found"), True
    ),
    "rules-cycle-sub-dotdot.yaml": Case(rules_cycle, E, K("rules_schema"), True),
    "rules-mutual-cycle.yaml": Case(rules_mutual, E, K("rules_schema"), True),
    "rules-inf-limit.yaml": Case(
        _rules("inf.yaml", "extends: henan-199\nbalance:\n  limits:\n    primary: .inf\n"),
        E,
        K("rules_not_finite"),
        True,
    ),
    "rules-nan-limit.yaml": Case(
        _rules("nan.yaml", "extends: henan-199\nbalance:\n  limits:\n    junior: .nan\n"),
        E,
        K("rules_not_finite"),
        True,
    ),
    "rules-binary.yaml": Case(
        lambda o: _write(o / "bin.yaml", random.Random(SEED).randbytes(2048)),
        E,
        K("rules_not_yaml"),
        True,
    ),
    "rules-too-big.yaml": Case(rules_big, E, K("rules_too_large"), True),
    "rules-not-yaml.yaml": Case(
        _rules("broken.yaml", "id: x\nlevels: [unclosed\n"), E, K("rules_not_yaml"), True
    ),
    "rules-top-level-list.yaml": Case(
        _rules("list.yaml", "- a\n- b\n"), E, K("rules_schema"), True
    ),
    "rules-empty.yaml": Case(_rules("empty.yaml", ""), E, K("rules_schema"), True),
}


def build_all(out: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Every case (or those named) built under ``out``; name → path."""
    built = {}
    for name, case in CASES.items():
        if names is not None and name not in names:
            continue
        directory = out / name.replace("/", "_")
        directory.mkdir(parents=True, exist_ok=True)
        built[name] = case.build(directory)
    return built


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for name, path in build_all(target).items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
