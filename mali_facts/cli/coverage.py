"""`mali-facts coverage`: which sentences of each source the ledger cites."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from mali_facts.cli.app import (CacheOption, EXIT_FINDINGS, EXIT_OK, ClaimsOption, app, fail, load,
                                use_color, write_output)
from mali_facts.errors import MaliFactsError


class CoverageFormat(str, Enum):
    table = "table"
    json = "json"


FORMATS = {"table": ("mali_facts.render.coverage", "render_table"),
           "json": ("mali_facts.render.coverage", "render_json")}


@app.command(epilog="Exit codes: 0 done; 1 a source is below --fail-under, cannot be read, "
                    "or declares furniture that is not in it; 2 bad input or usage; "
                    "3 internal error (a bug: please report it).")
def coverage(
    claims: ClaimsOption = None,
    cache: CacheOption = False,
    format: Annotated[CoverageFormat, typer.Option(
        "--format", "-f", help="Output format: table for people, json for programs.",
        case_sensitive=False)] = CoverageFormat.table,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PERCENT", min=0, max=100,
        help="Exit 1 when a source has less than PERCENT of its sentences covered.")] = None,
) -> None:
    """Show which sentences of each source are cited by at least one quote.

    A sentence is covered when verified quotes span at least half of its
    non-space characters. Spans a source lists under 'furniture:' (navigation,
    captions, bylines) are left out of the count. Uncovered sentences are listed.
    """
    from mali_facts.coverage import coverage as compute
    from mali_facts.render import renderer

    try:
        report = compute(load(claims, cache))
    except MaliFactsError as err:
        raise fail(err)
    write_output(renderer(FORMATS, format.value)(report, color=use_color()))
    from mali_facts.render.safe import escape_controls

    for problem in report.problems:
        typer.echo(f"warning: {escape_controls(problem)}", err=True)
    below = fail_under is not None and any(s.percent < fail_under for s in report.sources)
    raise typer.Exit(EXIT_FINDINGS if below or report.problems else EXIT_OK)
