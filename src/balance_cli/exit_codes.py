"""The exit statuses every command uses; scripts depend on them."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    PASSED = 0  # assessed and passed (check: no errors; plan: the planned data pass)
    FAILED = 1  # assessed and failed
    INPUT_ERROR = 2  # the input, the rules or the command line cannot be used
    INTERNAL_ERROR = 3  # a bug of balance: a one-line apology, never a traceback

    @classmethod
    def of(cls, passed: bool) -> Exit:
        return cls.PASSED if passed else cls.FAILED
