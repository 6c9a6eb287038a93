"""The one rule for every file balance writes (``-o``, ``report``, ``template``, ``--apply-to``).

1. **Never an input.** The output may not be any file the run reads (the survey, a rules
   file, a prices file), compared by identity (device and inode), so a symlink or a hard
   link to an input is refused as well as the same path -- even with ``--force``.
2. **Checked before any work.** :func:`check_target` runs before a file is read: the output
   must be a regular file or not exist yet, its folder must exist and accept a new file
   (tried for real, so read-only disks and permissions are caught), its extension must
   suit the writer. A failure is a :class:`~balance_cli.errors.WriteError` naming the
   output ("OUT: 无法写入：…"), exit status 2.
3. **One overwrite rule.** An existing file is replaced only when it is a report balance
   wrote and nobody saved since (its document properties say so: :func:`mark` /
   :func:`is_balance_report`) or with ``--force``. Templates and ``--apply-to`` copies hold
   the user's data, so replacing them always needs ``--force``.
4. **Atomic.** :func:`write_atomically` writes a temporary file in the target's folder,
   flushes and fsyncs it, then renames it over the target: an interrupted or failed write
   leaves the previous file as it was, and a write error (disk full, size limit) is an
   error, never "written". A kill (SIGKILL, power loss) can leave a hidden
   ``.NAME.*.balance-tmp`` file next to the target; the target itself is intact.

Symlinked outputs are written through: the file the link points to is replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import IO, Any

from balance_cli.errors import Problem, WriteError
from balance_cli.record import record

TEMP_SUFFIX = ".balance-tmp"
MARK_PREFIX = "balance"
REPORT_DESCRIPTION = "balance report"
TEMPLATE_DESCRIPTION = "balance template"
_CORE_XML = "docProps/core.xml"
_CORE_MAX = 1 << 20  # a larger core.xml is not one balance wrote


@record
class Target:
    """A checked output: ``path`` as the user gave it, ``final`` the file really replaced."""

    path: Path
    final: Path
    inputs: tuple[Path, ...]


def run_inputs(*paths: Path | str | None) -> tuple[Path, ...]:
    """The files a run reads, for the "never an input" check (names that are not files,
    such as a built-in rules name, are left out)."""
    found = []
    for p in paths:
        if p is None:
            continue
        path = Path(p)
        try:
            if path.is_file():
                found.append(path)
        except OSError:
            continue
    return tuple(found)


def _refuse(kind: str, out: Path, **params: Any) -> WriteError:
    return WriteError(Problem(kind, {"output": str(out), **params}, file=str(out)))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _same_as_input(out: Path, final: Path, inputs: Iterable[Path]) -> Path | None:
    out_id = _identity(final)
    for source in inputs:
        source_id = _identity(source)
        if out_id is not None and out_id == source_id:
            return source
        if os.path.realpath(source) == str(final):
            return source
    return None


def check_target(
    out: Path,
    *,
    inputs: Iterable[Path] = (),
    suffixes: Collection[str] = (".xlsx",),
    force: bool = False,
    replaceable: Callable[[Path], bool] | None = None,
) -> Target:
    """Refuse, before any work, an output that cannot or may not be written.

    ``suffixes``: the extensions the writer produces (lower case, with the dot).
    ``replaceable``: whether an existing file may be replaced without ``--force``
    (default: :func:`is_balance_report`).
    """
    out = Path(out)
    inputs = tuple(inputs)
    st = check_kind(out)
    if out.suffix.lower() not in suffixes:
        raise _refuse("write_suffix", out, expected="、".join(sorted(suffixes)))
    final = Path(os.path.realpath(out))
    source = _same_as_input(out, final, inputs)
    if source is not None:
        raise _refuse("write_is_input", out, input=str(source))
    folder = final.parent
    if not folder.is_dir():  # named as given, or as the symlink's target when it is one
        shown = out.parent if out.parent.resolve() == folder else folder
        raise _refuse("write_no_folder", out, folder=str(shown))
    _probe(out, folder)
    if st is not None:
        if not os.access(final, os.W_OK):
            raise _refuse("write_read_only", out)
        if not force and not (replaceable or is_balance_report)(final):
            raise _refuse("write_exists", out)
    return Target(out, final, inputs)


def check_kind(out: Path) -> os.stat_result | None:
    """Refuse a folder, a device, a pipe or a terminal (``/dev/stdout``, a link to
    ``/dev/full``); the target's status when it exists, else None."""
    try:
        st = os.stat(out)  # follows symlinks
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked later
        return None
    except OSError as exc:
        raise _os_error(out, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise _refuse("write_is_folder", out)
    if not stat.S_ISREG(st.st_mode):
        raise _refuse("write_not_regular", out)
    return st


def _probe(out: Path, folder: Path) -> None:
    """Create and remove a file in ``folder``: the only sure test that it accepts one."""
    try:
        fd, name = tempfile.mkstemp(prefix=".balance-probe-", dir=folder)
    except OSError as exc:
        raise _os_error(out, exc, folder) from None
    os.close(fd)
    os.unlink(name)


def _os_error(out: Path, exc: OSError, folder: Path | None = None) -> WriteError:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _refuse("write_no_space", out)
    if code == errno.EFBIG:
        return _refuse("write_too_large", out)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = folder if folder is not None else out.parent
        return _refuse("write_denied", out, folder=str(where))
    detail = exc.strerror or type(exc).__name__
    return _refuse("write_failed", out, detail=detail)


def write_atomically(target: Target, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write(fh)`` on a temporary file next to the target, then rename it over the
    target. Any failure removes the temporary file and leaves the target untouched; an
    OSError becomes a located :class:`WriteError`."""
    final = target.final
    source = _same_as_input(target.path, final, target.inputs)  # again: links may change
    if source is not None:
        raise _refuse("write_is_input", target.path, input=str(source))
    try:
        prefix = f".{final.name[:40]}."  # a long name must not make the temporary one too long
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=final.parent)
    except OSError as exc:
        raise _os_error(target.path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(final))
        os.replace(tmp, final)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _os_error(target.path, exc) from None
        raise
    _fsync_folder(final.parent)


def _mode_for(final: Path) -> int:
    """The replaced file's permissions, or the usual ones for a new file (0666 & ~umask)."""
    try:
        return stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system opens folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def mark(workbook: Any, description: str) -> None:
    """Sign an openpyxl workbook as balance's: creator, last saved by, what it is."""
    from balance_cli import __version__

    signature = f"{MARK_PREFIX} {__version__}"
    workbook.properties.creator = signature
    workbook.properties.lastModifiedBy = signature
    workbook.properties.description = description


def is_balance_report(path: Path) -> bool:
    """Whether ``path`` is a report balance wrote and nobody saved since: its core
    properties say "balance report" and were last modified by balance (Excel and WPS put
    the user's name there on save). Read as text: no XML parser, no entities."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(_CORE_XML)
            if info.file_size > _CORE_MAX:
                return False
            text = archive.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return False
    return bool(
        re.search(r"<(?:\w+:)?description>\s*" + re.escape(REPORT_DESCRIPTION), text)
        and re.search(r"<(?:\w+:)?lastModifiedBy>\s*" + MARK_PREFIX + r"\b", text)
    )


def save_workbook(workbook: Any, target: Target | Path, description: str) -> None:
    """Mark an openpyxl workbook as balance's and save it atomically to ``target`` (a
    checked :class:`Target`; a bare path is written without the checks)."""
    if not isinstance(target, Target):
        path = Path(target)
        target = Target(path, Path(os.path.realpath(path)), ())
    mark(workbook, description)
    write_atomically(target, workbook.save)
