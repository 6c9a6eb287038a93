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
from pathlib import Path
from typing import Any

from balance_cli import __version__
from balance_cli.rules.catalog import builtin_dir


def _folder() -> Path | None:
    chosen = os.environ.get("BALANCE_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "balance"


def _key() -> str:
    """CRC-32 and length of every built-in file's bytes (zlib is loaded anyway; hashlib's
    OpenSSL would cost more than reading the cache): a change to any file is a miss."""
    crc, size = zlib.crc32(__version__.encode()), 0
    folder = builtin_dir()
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".yaml")):  # no glob:
        data = name.encode() + b"\0" + (folder / name).read_bytes()  # its regex costs more
        crc, size = zlib.crc32(data, crc), size + len(data)
    return f"{crc:08x}{size:x}"


def _file(name: str) -> Path | None:
    folder = _folder()
    return None if folder is None else folder / f"rules-{name}-{_key()}.json"


def load(name: str) -> Any | None:
    """The cached data of built-in ``name``, or None (no cache, stale, unreadable)."""
    import orjson

    try:
        path = _file(name)
        return None if path is None else orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def store(name: str, data: Any) -> None:
    """Cache the data of built-in ``name`` (atomically; silently skipped on failure)."""
    import orjson

    try:
        path = _file(name)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps(data))
        os.replace(tmp, path)
    except (OSError, TypeError):
        return
