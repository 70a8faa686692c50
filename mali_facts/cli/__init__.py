"""The command line. `main` is the console-script entry point."""

from __future__ import annotations

from typing import List, Optional

from mali_facts.cli.app import app

# Every command, in --help order, and the module under mali_facts/cli that registers it
# on `app`. A module is imported only when its command runs, or when --help lists them
# all (see LazyGroup in cli/app.py): start-up pays for one command, not fourteen.
COMMANDS = {
    "check": "check",
    "cite": "cite",
    "coverage": "coverage",
    "timeline": "timeline",
    "report": "report",
    "schema": "schema",
    "search": "search",
    "show": "search",
    "init": "init",
    "anchor": "anchor",
    "add": "add",
    "fix": "fix",
    "list": "list",
    "source": "source",
}


def main(argv: Optional[List[str]] = None) -> None:
    """Console-script entry point."""
    from mali_facts.cli import lean_rich
    from mali_facts.cli.app import one_shot, run_guarded

    lean_rich.install()  # --help and usage errors: typer's formatter without markdown and pygments
    one_shot()
    run_guarded(lambda: app(args=argv, prog_name="mali-facts"))
