"""What a file really is, from its first bytes, whatever its name says.

Survey files travel by mail and chat and get renamed: a Word document saved as .xlsx, a
web page exported as .xls, a password-protected workbook, a truncated download. Knowing
the real type lets the message say so in plain words ("this is a Word document") instead
of a reader's jargon. Only magic numbers and a few container names are looked at.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from balance_cli.errors import Problem
from balance_cli.workbook import zipdir

if TYPE_CHECKING:
    from pathlib import Path

# The kinds :func:`sniff` returns.
EMPTY = "empty"
XLSX = "xlsx"
ODS = "ods"
XLS = "xls"
ENCRYPTED = "encrypted"
DOCX = "docx"
PPTX = "pptx"
DOC = "doc"
OLE = "ole"
ZIP = "zip"
ZIP_DAMAGED = "zip_damaged"
PDF = "pdf"
HTML = "html"
XML = "xml"
RTF = "rtf"
IMAGE = "image"
TEXT = "text"
UTF16 = "utf16"
BINARY = "binary"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SCAN_BYTES = 64 * 1024 * 1024


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: str | Path) -> str:
    """The kind of content of ``path`` (one of the constants above)."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if not head:
        return EMPTY
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    if head.startswith(b"%PDF"):
        return PDF
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return IMAGE
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return UTF16
    if head.startswith(b"{\\rtf"):
        return RTF
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<meta", b"<table")) or (
        text.startswith(b"<") and b"<html" in text
    ):
        return HTML
    if text.startswith(b"mime-version:"):  # a .mht web archive
        return HTML
    if text.startswith(b"<?xml"):
        return HTML if b"<html" in text else XML
    if _looks_utf16(head):
        return UTF16
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)  # NUL included: a few are text
    if head.count(0) > len(head) // 100:
        return BINARY
    return BINARY if controls > len(head) // 20 else TEXT


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: NUL in most odd (or even) positions of ASCII-heavy text."""
    sample = head[:4096]
    if len(sample) < 4:
        return False
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    half = len(sample) // 2
    return max(odd, even) > half * 0.4 and min(odd, even) < half * 0.05


def _zip_kind(path: str | Path) -> str:
    try:  # a plain zip (what spreadsheet programs write): read without zipfile
        with open(path, "rb") as fh:
            names = [m.filename for m in zipdir.members(fh)]
    except (zipdir.Irregular, OSError):
        import zipfile  # any other zip: as zipfile judges it

        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return ZIP_DAMAGED
    lower = {n.lower() for n in names}
    if "xl/workbook.xml" in lower or "xl/workbook.bin" in lower:
        return XLSX
    if "content.xml" in lower and ("mimetype" in lower or "meta-inf/manifest.xml" in lower):
        return ODS
    if "word/document.xml" in lower:
        return DOCX
    if "ppt/presentation.xml" in lower:
        return PPTX
    return ZIP


def _ole_kind(path: str | Path) -> str:
    """OLE2 compound files: old .xls, .doc, and encrypted (password) Office files."""
    size = os.stat(path).st_size
    with open(path, "rb") as fh:
        if size <= _SCAN_BYTES:
            data = fh.read()
        else:  # the directory is near the start or the end
            data = fh.read(_SCAN_BYTES // 2)
            fh.seek(size - _SCAN_BYTES // 2)
            data += fh.read()
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return ENCRYPTED
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return XLS
    if _utf16("WordDocument") in data:
        return DOC
    return OLE


def unreadable(file: str, label: str, **params: Any) -> Problem:
    """``file_unreadable`` with a plain-language reason (a label of the message catalogue)."""
    return Problem("file_unreadable", {"detail_label": label, **params}, file=file)


def damaged(file: str) -> Problem:
    return unreadable(file, "unreadable_damaged")


# What a spreadsheet name may hold instead, and the reason to give.
NOT_A_WORKBOOK: dict[str, tuple[str, dict[str, str]]] = {
    EMPTY: ("unreadable_empty", {}),
    ENCRYPTED: ("unreadable_encrypted", {}),
    DOCX: ("unreadable_word", {}),
    DOC: ("unreadable_word", {}),
    HTML: ("unreadable_html", {}),
    PDF: ("unreadable_pdf", {}),
    TEXT: ("unreadable_text", {}),
    UTF16: ("unreadable_text", {}),
    PPTX: ("unreadable_other", {"found": "PowerPoint"}),
    ZIP: ("unreadable_other", {"found": "ZIP"}),
    RTF: ("unreadable_other", {"found": "RTF"}),
    XML: ("unreadable_other", {"found": "XML"}),
    IMAGE: ("unreadable_other", {"found": "image (PNG/JPEG/GIF/BMP)"}),
    OLE: ("unreadable_other", {"found": "OLE (Office)"}),
}

# The format names of the kinds that are workbooks, for "rename it to …".
WORKBOOK_SUFFIX = {XLSX: ".xlsx", XLS: ".xls", ODS: ".ods"}
