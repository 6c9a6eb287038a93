"""Help and usage errors in the user's language: command and option texts from
:mod:`balance_cli.helptext`, headings translated, click's usage errors turned into our own
problems, the language taken from --lang, BALANCE_LANG or argv; and the path types of the
options, which import no pathlib until a path comes."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from balance_cli import paths
from balance_cli.errors import Problem


class LazyPath(click.Path):
    """``click.Path(path_type=pathlib.Path)``, pathlib imported when a value comes."""

    def coerce_path_result(self, value: Any) -> Any:
        from pathlib import Path

        return Path(value)


class PathText(click.Path):
    """A ``click.Path`` whose values are text, as ``str(pathlib.Path(value))`` prints
    them: ``balance assess`` reads one file without importing pathlib."""

    def coerce_path_result(self, value: Any) -> Any:
        return paths.text(value)


FILES = LazyPath()
INPUTS = PathText()  # the survey files of `assess`
OUT_FILE = LazyPath(dir_okay=False)


def argv_option(name: str, argv: list[str]) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in argv (last one wins)."""
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
    return value


def language(ctx: click.Context | None = None, argv: list[str] | None = None) -> str:
    """The language asked for: --lang (parsed or in argv), else BALANCE_LANG, else zh."""
    if ctx is not None and ctx.params.get("lang") in ("zh", "en"):
        return str(ctx.params["lang"])
    found = argv_option("--lang", sys.argv[1:] if argv is None else argv)
    if found in ("zh", "en"):
        return found
    return "en" if os.environ.get("BALANCE_LANG") == "en" else "zh"


class _LocalisedHelp:
    """Help text, option help and headings in the user's language."""

    def _localise(self, ctx: click.Context) -> str:
        from balance_cli import helptext

        lang = language(ctx)
        path = " ".join(ctx.command_path.split()[1:])
        text = helptext.command_help(path, lang)
        if text is not None:
            self.help = text  # type: ignore[attr-defined]
        return lang

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._lang = self._localise(ctx)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from balance_cli import helptext

        lang = getattr(self, "_lang", "zh")
        path = " ".join(ctx.command_path.split()[1:])
        command = path.split()[-1] if path else ""
        records = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not isinstance(param, click.Option):
                continue
            found = helptext.option_help(command, max(param.opts, key=len), lang)
            if found is not None:
                param.help = found
            if record := param.get_help_record(ctx):
                records.append(record)  # type: ignore[attr-defined]
        if records:
            with formatter.section(helptext.heading("Options", lang)):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = []
            for name in self.list_commands(ctx):
                sub = self.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    path = f"{' '.join(ctx.command_path.split()[1:])} {name}".strip()
                    text = helptext.command_help(path, lang) or sub.help or ""
                    commands.append((name, text.split("\n")[0].rstrip("。.")))
            if commands:
                with formatter.section(helptext.heading("Commands", lang)):
                    formatter.write_dl(commands)


class BalanceCommand(_LocalisedHelp, click.Command):
    pass


class BalanceGroup(_LocalisedHelp, click.Group):
    command_class = BalanceCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_class = BalanceGroup


def usage_problem(exc: click.ClickException) -> Problem:
    """Click's usage errors as our own problems, so they speak the user's language."""
    if isinstance(exc, click.NoSuchOption):
        return Problem("no_such_option", {"option": exc.option_name})
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        name = exc.param.human_readable_name if exc.param else ""
        return Problem("missing_argument", {"param": name})
    if isinstance(exc, click.BadParameter):
        name = exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else ""
        return Problem("bad_value", {"param": name, "detail": exc.message})
    message = exc.format_message()
    if message.startswith("Got unexpected extra argument"):
        args = message.split("(", 1)[-1].rstrip(")")
        return Problem("extra_argument", {"args": args})
    if message.startswith("No such command"):
        return Problem("no_such_command", {"command": message.split("'")[1]})
    return Problem("click_usage", {"detail": message})
