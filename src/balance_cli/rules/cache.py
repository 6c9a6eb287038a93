"""The built-in rule sets, cached as JSON so that a run neither imports nor parses YAML.

The YAML files under ``rules/`` stay the only source: the cache holds each built-in
set's data with its ``extends`` chain merged (before validation, which runs as always),
keyed by a checksum of every built-in file's bytes and of balance's version, so that any
change to a file, or another version, is a miss. It lives in ``BALANCE_CACHE_DIR``, else
``$XDG_CACHE_HOME/balance``, else ``~/.cache/balance``; ``BALANCE_CACHE_DIR=off`` turns
it off. A cache that cannot be read or written is ignored: the rules are read from YAML.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

from balance_cli import __version__
from balance_cli.rules.catalog import builtin_file, builtin_names


def _folder() -> str | None:
    chosen = os.environ.get("BALANCE_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "balance")


def _key() -> str:
    """CRC-32 and length of every built-in file's bytes (zlib is loaded anyway; hashlib's
    OpenSSL would cost more than reading the cache): a change to any file is a miss."""
    crc, size = zlib.crc32(__version__.encode()), 0
    for name in builtin_names():
        with open(builtin_file(name), "rb") as fh:
            data = f"{name}.yaml".encode() + b"\0" + fh.read()
        crc, size = zlib.crc32(data, crc), size + len(data)
    return f"{crc:08x}{size:x}"


def _file(name: str) -> str | None:
    folder = _folder()
    return None if folder is None else os.path.join(folder, f"rules-{name}-{_key()}.json")


def load(name: str) -> Any | None:
    """The cached data of built-in ``name``, or None (no cache, stale, unreadable).

    Through the standard json module: a ~10 KB file parses in a fraction of a
    millisecond, and orjson's import (2-3 ms more) is then paid only by JSON output."""
    import json

    try:
        path = _file(name)
        if path is None:
            return None
        with open(path, "rb") as fh:
            return json.loads(fh.read())
    except (OSError, ValueError):  # ValueError: not JSON (json.JSONDecodeError), not UTF-8
        return None


def store(name: str, data: Any) -> None:
    """Cache the data of built-in ``name`` (atomically; silently skipped on failure)."""
    import json

    try:
        path = _file(name)
        if path is None:
            return
        from pathlib import Path  # a miss only

        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        tmp.write_bytes(json.dumps(data, ensure_ascii=False).encode())
        os.replace(tmp, file)
    except (OSError, TypeError, ValueError):
        return
