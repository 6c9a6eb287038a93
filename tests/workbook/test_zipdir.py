"""The plain-zip reader gives zipfile's answer, or none (then zipfile is asked).

For every zip it accepts, the member list and every small read equal zipfile's, field by
field and byte by byte; the zips it cannot vouch for (a comment, data before the archive,
ZIP64, cp437 names, another compression, a lying size or checksum) are left to zipfile.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from balance_cli.workbook import zipdir
from support import SAMPLES

FIELDS = ("filename", "flag_bits", "compress_type", "CRC", "compress_size", "file_size")


def same_as_zipfile(path: Path) -> None:
    with path.open("rb") as fh:
        plain = zipdir.PlainZip(fh)
        with zipfile.ZipFile(path) as zf:
            theirs = [(*(getattr(i, f) for f in FIELDS), i.header_offset) for i in zf.infolist()]
            ours = [(*(getattr(m, f) for f in FIELDS), m.header_offset) for m in plain.infolist()]
            assert ours == theirs
            assert plain.namelist() == zf.namelist()
            for name in zf.namelist():
                assert plain.read_small(plain.getinfo(name), 0) == zf.read(name)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_every_sample_reads_as_zipfile_reads_it(name):
    same_as_zipfile(SAMPLES / name)


def build(tmp_path: Path, **options: object) -> Path:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for key, value in options.items():
            setattr(zf, key, value)
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>" * 50)
        zf.writestr("xl/stored.xml", "<x/>", compress_type=zipfile.ZIP_STORED)
        zf.writestr("xl/名前.xml", "<x/>")  # a UTF-8 name (flagged)
    return path


def test_a_plain_zip_with_stored_and_utf8_members(tmp_path):
    same_as_zipfile(build(tmp_path))


def irregular(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            archive = zipdir.PlainZip(fh)
            for member in archive.infolist():
                archive.read_small(member, 0)
    except zipdir.Irregular:
        return True
    return False


def test_a_comment_or_data_before_the_archive_is_left_to_zipfile(tmp_path):
    assert irregular(build(tmp_path, comment=b"made by hand"))
    path = build(tmp_path)
    path.write_bytes(b"#!/bin/sh\n" + path.read_bytes())
    assert irregular(path)
    assert zipfile.ZipFile(path).namelist()  # zipfile reads it (offsets shifted)


def test_zip64_and_other_compressions_are_left_to_zipfile(tmp_path, monkeypatch):
    path = tmp_path / "member64.xlsx"  # a ZIP64 local header only: the directory is plain
    with zipfile.ZipFile(path, "w") as zf, zf.open("xl/workbook.xml", "w", force_zip64=True) as f:
        f.write(b"<workbook/>")
    same_as_zipfile(path)
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 0)  # ZIP64 end records
    path = build(tmp_path)
    monkeypatch.undo()
    assert irregular(path)
    assert len(zipfile.ZipFile(path).namelist()) == 4
    path = tmp_path / "bz2.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert irregular(path)


def test_a_cp437_name_is_left_to_zipfile(tmp_path):
    path = build(tmp_path)
    data = path.read_bytes()
    # Clear the UTF-8 flag of the central entry of xl/名前.xml: zipfile decodes it as cp437.
    at = data.rfind(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, at + 8)[0]
    patched = data[: at + 8] + struct.pack("<H", flags & ~0x800) + data[at + 10 :]
    path.write_bytes(patched)
    assert irregular(path)


def test_a_lying_size_or_checksum_is_left_to_zipfile(tmp_path):
    for offset in (16, 24):  # the CRC-32, the uncompressed size
        path = build(tmp_path)
        data = bytearray(path.read_bytes())
        at = data.rfind(b"xl/workbook.xml") - 46  # its central directory entry
        assert data[at : at + 4] == b"PK\x01\x02"
        struct.pack_into(
            "<L", data, at + offset, struct.unpack_from("<L", data, at + offset)[0] + 1
        )
        path.write_bytes(bytes(data))
        with path.open("rb") as fh:
            archive = zipdir.PlainZip(fh)  # the directory itself is plain
            with pytest.raises(zipdir.Irregular):
                archive.read_small(archive.getinfo("xl/workbook.xml"), 0)


def test_a_truncated_zip_is_left_to_zipfile(tmp_path):
    path = build(tmp_path)
    data = path.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        assert irregular(path)


def test_extra_fields_are_walked_as_zipfile_walks_them(tmp_path):
    path = tmp_path / "extra.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("xl/workbook.xml")
        info.extra = struct.pack("<HH", 0x5455, 5) + b"\x01abcd"  # a timestamp field
        zf.writestr(info, "<workbook/>")
    same_as_zipfile(path)
    data = bytearray(path.read_bytes())
    at = data.rfind(b"xl/workbook.xml") + len("xl/workbook.xml")
    struct.pack_into("<H", data, at + 2, 50)  # the field now claims more than there is
    path.write_bytes(bytes(data))
    assert irregular(path)
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(path)
