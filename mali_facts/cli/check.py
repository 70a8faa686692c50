"""`mali-facts check`: verify every quote of a claims file."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from mali_facts.cli.app import (EXIT_CODES_HELP, EXIT_FINDINGS, EXIT_OK, ClaimsOption, app, fail,
                                load, progress_printer, use_color, write_output)
from mali_facts.errors import MaliFactsError


class CheckFormat(str, Enum):
    table = "table"
    json = "json"


@app.command(epilog=EXIT_CODES_HELP)
def check(
    claims: ClaimsOption = None,
    format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="Output format: table for people, json for programs.",
        case_sensitive=False)] = CheckFormat.table,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail on drifted and ambiguous quotes and on every warning.")] = False,
) -> None:
    """Verify every quote in the claims file against its source.

    Each quote is verified, drifted, ambiguous, misquoted, not_found or
    source_error. Verified, drifted and ambiguous pass (the last two with a
    warning) unless --strict is given.
    """
    from mali_facts.render import CHECK_FORMATS, renderer
    from mali_facts.verify import verify_ledger

    try:
        ledger = load(claims)
        report = verify_ledger(ledger, strict=strict, progress=progress_printer("checking quotes"))
    except MaliFactsError as err:
        raise fail(err)
    write_output(renderer(CHECK_FORMATS, format.value)(report, color=use_color()))
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)
