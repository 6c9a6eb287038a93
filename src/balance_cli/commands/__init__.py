"""One module per command: request → core → result → emit → exit code.

A command function takes plain arguments and an :class:`Options` (language, format,
quiet) and returns an :class:`~balance_cli.exit_codes.Exit`. It raises
:class:`~balance_cli.errors.BalanceError` for anything the user can fix; ``cli.py`` turns
that into located messages (and a JSON error object under ``--format json``). Nothing here
knows about click.
"""

from __future__ import annotations

from balance_cli.render.options import Options

__all__ = ["Options"]
