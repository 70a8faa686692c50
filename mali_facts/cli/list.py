"""`mali-facts list`: one row per claim, filtered."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, List, Optional

import typer

from mali_facts.cli.app import EXIT_CODES_HELP, ClaimsOption, app, fail, load, use_color, write_output
from mali_facts.errors import MaliFactsError


class ListFormat(str, Enum):
    table = "table"
    json = "json"


FORMATS = {"table": ("mali_facts.render.listing", "render_table"),
           "json": ("mali_facts.render.listing", "render_json")}


@app.command(name="list", epilog=EXIT_CODES_HELP)
def list_(
    claims: ClaimsOption = None,
    tag: Annotated[Optional[List[str]], typer.Option(
        "--tag", "-t", metavar="TAG", help="Only claims with this tag (repeat for any of several).")] = None,
    source: Annotated[Optional[List[str]], typer.Option(
        "--source", "-s", metavar="ID", help="Only claims that quote this source (repeatable).")] = None,
    status: Annotated[Optional[List[str]], typer.Option(
        "--status", metavar="STATUS",
        help="Only claims whose worst quote has this status: verified, drifted, ambiguous, "
             "misquoted, not_found or source_error (repeatable).")] = None,
    rating: Annotated[Optional[List[str]], typer.Option(
        "--rating", "-r", metavar="RATING",
        help="Only claims with this review rating, or none for unreviewed ones (repeatable).")] = None,
    format: Annotated[ListFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="table for people (the terminal's full width), json for programs.")] = ListFormat.table,
) -> None:
    """List the claims: id, status, review rating, date and statement.

    The ids are printed whole, never wrapped: copy them into `show` and `cite`.
    Filters of different kinds combine (a claim must pass each); a filter given
    several times lets any of its values through.
    """
    from mali_facts.authoring.listing import list_claims
    from mali_facts.render import renderer

    try:
        listing = list_claims(load(claims), tags=tag or (), sources=source or (),
                              statuses=status or (), ratings=rating or ())
    except MaliFactsError as err:
        raise fail(err)
    write_output(renderer(FORMATS, format.value)(listing, color=use_color()))
