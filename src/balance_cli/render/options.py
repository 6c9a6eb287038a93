"""What every command is told besides its own arguments: language, format, quiet."""

from __future__ import annotations

import sys
from dataclasses import field
from typing import TextIO

from balance_cli.record import record
from balance_cli.render.formats import Format


@record
class Options:
    """What every command is told besides its own arguments."""

    lang: str = "zh"
    fmt: Format = Format.TABLE
    quiet: bool = False
    inputs: tuple[str, ...] = field(default_factory=tuple)  # the files the run reads

    @property
    def out(self) -> TextIO:  # looked up at call time: tests swap sys.stdout
        return sys.stdout

    @property
    def err(self) -> TextIO:
        return sys.stderr

    def say(self, text: str) -> None:
        """A line for the person on stderr (written, progress, summaries), wrapped to the
        terminal's width."""
        from balance_cli.render.layout import write_wrapped

        write_wrapped(text.split("\n"), self.err)
