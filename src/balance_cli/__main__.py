"""The program: ``balance`` (the console script) and ``python -m balance_cli``.

Before anything is imported, the garbage collector is set for a run that starts, works
and exits: what start-up makes (modules, classes, the rules) lives to the end, so it is
collected every 50,000 new objects rather than Python's 700 (a county's run walked it in
~60 collections), and not at all at exit, where the interpreter's last collection would
walk everything only for the OS to free the memory anyway (30-40 ms of a county's run).
Files are closed and atexit handlers run as before. README: Start-up.
"""

import atexit
import gc


def main() -> None:
    gc.set_threshold(50_000)
    atexit.register(gc.freeze)
    from balance_cli.cli import main as run_cli

    run_cli()


if __name__ == "__main__":
    main()
