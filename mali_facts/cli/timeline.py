"""`mali-facts timeline`: the dated claims in order."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from mali_facts.cli.app import (CacheOption, EXIT_CODES_HELP, ClaimsOption, app, fail, load,
                                use_color, write_output)
from mali_facts.errors import MaliFactsError


class TimelineFormat(str, Enum):
    table = "table"
    json = "json"


FORMATS = {"table": ("mali_facts.render.timeline", "render_table"),
           "json": ("mali_facts.render.timeline", "render_json")}


@app.command(epilog=EXIT_CODES_HELP)
def timeline(
    claims: ClaimsOption = None,
    cache: CacheOption = False,
    format: Annotated[TimelineFormat, typer.Option(
        "--format", "-f", help="Output format: table for people, json for programs.",
        case_sensitive=False)] = TimelineFormat.table,
) -> None:
    """List the dated claims in date order, each date at its real precision.

    Each row shows the date (2002, Aug 2013, 18 Aug 2020), the statement, the
    review rating if the claim is reviewed, and the ids of its sources.
    """
    from mali_facts.render import renderer
    from mali_facts.timeline import timeline as compute

    try:
        events = compute(load(claims, cache))
    except MaliFactsError as err:
        raise fail(err)
    write_output(renderer(FORMATS, format.value)(events, color=use_color()))
