"""The command line. `main` is the console-script entry point."""

from __future__ import annotations

from typing import List, Optional

from mali_facts.cli.app import app

# Each module registers its commands on `app`; their heavy imports stay lazy.
from mali_facts.cli import check  # noqa: E402,F401
from mali_facts.cli import cite  # noqa: E402,F401
from mali_facts.cli import coverage, timeline  # noqa: E402,F401
from mali_facts.cli import report  # noqa: E402,F401
from mali_facts.cli import schema  # noqa: E402,F401
from mali_facts.cli import search  # noqa: E402,F401
from mali_facts.cli import init, source  # noqa: E402,F401
from mali_facts.cli import anchor, add, fix, list  # noqa: E402,F401  (shadows the builtin list here only)


def main(argv: Optional[List[str]] = None) -> None:
    """Console-script entry point."""
    from mali_facts.cli.app import run_guarded

    run_guarded(lambda: app(args=argv, prog_name="mali-facts"))
