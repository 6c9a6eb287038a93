"""The member list of a plain zip, read without :mod:`zipfile` (whose import, with shutil,
bz2 and lzma behind it, costs more than a one-county .xlsx takes to scan).

Only the plain layout that Excel, WPS, LibreOffice and openpyxl write is read here: the
end record last (no archive comment), no ZIP64, nothing before the archive, names in
ASCII or flagged UTF-8. Anything else raises :class:`Irregular`, and the caller asks
:mod:`zipfile` instead; so every file is judged as zipfile judges it, and this module only
answers when it would give zipfile's answer. :func:`read_small` likewise returns a
member's bytes only when they decompress cleanly to the declared size and checksum.
"""

from __future__ import annotations

import os
import struct
import zlib
from typing import Any, BinaryIO

_END = struct.Struct("<4s4H2LH")  # end of central directory record (22 bytes)
_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # central directory entry (46 bytes)
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # local file header (30 bytes)
_MAX_VERSION = 63  # zipfile refuses newer versions (NotImplementedError)
_UTF8 = 0x800
_ODD_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, patched data, strong encryption


class Irregular(Exception):
    """Not the plain layout read here: let :mod:`zipfile` judge the file."""


class Member:
    """The fields of a zip member that the scan uses (named as in ``zipfile.ZipInfo``)."""

    __slots__ = (
        "CRC",
        "compress_size",
        "compress_type",
        "file_size",
        "filename",
        "flag_bits",
        "header_offset",
    )

    def __init__(self, entry: tuple, name: str) -> None:
        self.filename = name
        self.flag_bits, self.compress_type = entry[5], entry[6]
        self.CRC, self.compress_size, self.file_size = entry[9], entry[10], entry[11]
        self.header_offset = entry[18]


def _name(raw: bytes, flags: int) -> str:
    """A member name as zipfile decodes it (UTF-8 when flagged, else cp437, which is ASCII
    for ASCII bytes); what zipfile would alter or could fail on is irregular."""
    try:
        name = raw.decode("utf-8" if flags & _UTF8 else "ascii")
    except UnicodeDecodeError:
        raise Irregular from None
    if "\x00" in name or (os.sep != "/" and os.sep in name):
        raise Irregular
    return name


def members(fh: BinaryIO) -> list[Member]:
    """The central directory of the zip open in ``fh``, in order, as zipfile lists it."""
    size = fh.seek(0, 2)
    if size < _END.size + 20:
        raise Irregular
    fh.seek(size - _END.size - 20)
    tail = fh.read(_END.size + 20)
    sig, _disk, _cd_disk, _here, _count, cd_size, cd_offset, comment = _END.unpack(tail[20:])
    if sig != b"PK\x05\x06" or comment or tail[:4] == b"PK\x06\x07":
        raise Irregular  # a comment, ZIP64, or no end record where it should be
    if cd_offset + cd_size != size - _END.size:
        raise Irregular  # data before the archive, or offsets that do not add up
    fh.seek(cd_offset)
    data = fh.read(cd_size)
    if len(data) != cd_size:
        raise Irregular
    out = []
    at = 0
    while at < cd_size:
        if at + _ENTRY.size > cd_size:
            raise Irregular
        entry = _ENTRY.unpack_from(data, at)
        name_len, extra_len, comment_len = entry[12], entry[13], entry[14]
        end = at + _ENTRY.size + name_len + extra_len + comment_len
        if entry[0] != b"PK\x01\x02" or entry[3] > _MAX_VERSION or end > cd_size:
            raise Irregular
        start = at + _ENTRY.size
        _check_extra(data[start + name_len : start + name_len + extra_len])
        out.append(Member(entry, _name(data[start : start + name_len], entry[5])))
        at = end
    return out


def _check_extra(extra: bytes) -> None:
    """Extra fields as zipfile walks them: a field longer than what is left, or a ZIP64
    field (which may change the sizes), is irregular; the others are ignored."""
    while len(extra) >= 4:
        kind, length = struct.unpack_from("<HH", extra)
        if length + 4 > len(extra) or kind == 0x0001:
            raise Irregular
        extra = extra[length + 4 :]


def read_small(fh: BinaryIO, member: Member) -> bytes:
    """The whole content of a small member, exactly as zipfile would return it; irregular
    unless the local header matches and the data come out whole with their checksum."""
    if member.flag_bits & _ODD_FLAGS or member.compress_type not in (0, 8):
        raise Irregular
    fh.seek(member.header_offset)
    header = fh.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
        raise Irregular
    local = _LOCAL.unpack(header)
    name = fh.read(local[10])
    fh.seek(local[11], 1)
    if _name(name, local[3]) != member.filename:
        raise Irregular
    raw = fh.read(member.compress_size)
    if len(raw) != member.compress_size:
        raise Irregular
    if member.compress_type == 8:
        inflate = zlib.decompressobj(-15)
        try:
            data = inflate.decompress(raw, member.file_size + 1)
        except zlib.error:
            raise Irregular from None
        if not inflate.eof:
            raise Irregular
    else:
        data = raw
    if len(data) != member.file_size or zlib.crc32(data) != member.CRC:
        raise Irregular
    return data


class PlainZip:
    """A plain zip read by this module: the interface of ``zipfile.ZipFile`` that the scan
    uses, plus :meth:`read_small`."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.infos = members(fh)
        self.by_name = {m.filename: m for m in self.infos}  # the last of a name, as zipfile

    def infolist(self) -> list[Member]:
        return self.infos

    def namelist(self) -> list[str]:
        return [m.filename for m in self.infos]

    def getinfo(self, name: str) -> Member:
        return self.by_name[name]

    def read_small(self, info: Member, limit: int) -> bytes:
        return read_small(self.fh, info)  # whole and checked: never more than declared


class ZipfileZip:
    """The same interface over ``zipfile.ZipFile``, for the zips :class:`PlainZip` leaves."""

    def __init__(self, zf: Any) -> None:  # a zipfile.ZipFile
        self.zf = zf

    def infolist(self) -> list[Any]:
        return self.zf.infolist()

    def namelist(self) -> list[str]:
        return self.zf.namelist()

    def getinfo(self, name: str) -> Any:
        return self.zf.getinfo(name)

    def read_small(self, info: Any, limit: int) -> bytes:
        with self.zf.open(info) as fh:
            return fh.read(limit)
