"""Run a risky read in a forked child with a cap on its address space.

The spreadsheet readers are native code: given a hostile .xls or .ods they may try to
allocate more memory than exists and abort the whole process, which no ``except`` can
catch. In a child, such an abort (or a MemoryError) ends the child only; the parent turns
it into a located error for that file. Where ``fork`` does not exist (Windows) the
function simply runs in-process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ChildDied(Exception):
    """The child ended without an answer: killed by ``signal`` (or out of memory)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _address_space_used() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run_isolated(fn: Callable[[], T], extra_bytes: int) -> T:
    """``fn()`` computed in a forked child allowed ``extra_bytes`` more address space.

    Exceptions raised by ``fn`` are raised again here (pickled); MemoryError stays
    MemoryError. A child that dies (signal, allocation abort) raises :class:`ChildDied`.
    """
    if not hasattr(os, "fork"):
        return fn()
    import resource

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the caller's stack
        status = 0
        try:
            os.close(read_end)
            # A native abort prints its backtrace on stderr: not the user's to read.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = _address_space_used() + extra_bytes
            if soft == resource.RLIM_INFINITY or soft > cap:
                limit = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
            try:
                payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps((False, MemoryError()))
            except BaseException as exc:  # sent back to be raised in the parent
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:
                    payload = pickle.dumps((False, RuntimeError(repr(exc)[:500])))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            status = 70
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end, "rb") as fh:
        while True:
            data = fh.read(1 << 20)
            if not data:
                break
            chunks.append(data)
    _, status = os.waitpid(pid, 0)
    if chunks:
        try:
            ok, value = pickle.loads(b"".join(chunks))
        except Exception:
            ok, value = None, None
        if ok is True:
            return value
        if ok is False:
            raise value
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        import signal  # only to name the signal that killed the child

        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        raise ChildDied(name)
    raise ChildDied(f"exit {os.WEXITSTATUS(status)}")
