"""Paths as text, answered as :mod:`pathlib` answers: a one-file run imports no pathlib.

Importing pathlib (with fnmatch, urllib.parse and ipaddress behind it) costs a one-county
run more than its questions are worth: whether a path is a file or a folder, its suffix,
and how it prints. Each function here gives exactly the answer of the ``pathlib.Path``
method it names (a test compares them), errors included, so messages do not change.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Any

# What Path.is_file()/is_dir() read as "no" rather than raise (pathlib's _ignore_error).
_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_IGNORED_WINERRORS = (21, 123, 1921)  # not ready, invalid name, cannot resolve the name


def text(path: Any) -> str:
    """``str(pathlib.Path(path))``: repeated and trailing slashes and ``.`` parts dropped,
    ``..`` kept, two leading slashes kept (POSIX); ``.`` for an empty path."""
    if os.name != "posix" or not isinstance(path, str):
        from pathlib import Path

        return str(Path(path))
    stripped = path.lstrip("/")
    slashes = len(path) - len(stripped)
    root = "//" if slashes == 2 else "/" if slashes else ""
    return root + "/".join(p for p in stripped.split("/") if p and p != ".") or "."


def suffix(path: Any) -> str:
    """``pathlib.Path(path).suffix``: the last part's extension, "" for ``.bashrc``."""
    name = text(path).rsplit("/", 1)[-1]
    if name == ".":
        return ""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _mode_is(path: Any, kind: Any) -> bool:
    try:
        return bool(kind(os.stat(text(path)).st_mode))  # "a.xlsx/" is a.xlsx, as in pathlib
    except OSError as exc:
        if exc.errno in _IGNORED_ERRNOS or getattr(exc, "winerror", None) in _IGNORED_WINERRORS:
            return False
        raise
    except ValueError:  # a NUL byte
        return False


def is_file(path: Any) -> bool:
    """``pathlib.Path(path).is_file()``: False when missing, raises on other errors."""
    return _mode_is(path, stat.S_ISREG)


def is_dir(path: Any) -> bool:
    """``pathlib.Path(path).is_dir()``."""
    return _mode_is(path, stat.S_ISDIR)


def is_folder(path: Any) -> bool:
    """A folder whose files are assessed one by one: ``is_dir``, except that a path the
    system cannot even examine (a name too long) is not one; reading it as a file then
    says why, located, with exit status 2."""
    try:
        return is_dir(path)
    except OSError:
        return False
