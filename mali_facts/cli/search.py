"""`mali-facts search` and `mali-facts show`: find passages and claims, show one claim."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from mali_facts.cli.app import (CacheOption, EXIT_CODES_HELP, EXIT_OK, ClaimsOption, app, fail,
                                load, progress_printer, trust_caches, use_color, write_output)
from mali_facts.errors import MaliFactsError
from mali_facts.render.formats import SearchFormat, ShowFormat


class Kind(str, Enum):
    passage = "passage"
    claim = "claim"
    all = "all"


def _format_option(choice):
    return Annotated[choice, typer.Option(
        "--format", "-f", help="Output format: table for people, json for programs.",
        case_sensitive=False)]


@app.command(epilog=EXIT_CODES_HELP)
def search(
    query: Annotated[str, typer.Argument(
        help='Words to look for; "double quotes" require the exact phrase.', show_default=False)],
    claims: ClaimsOption = None,
    cache: CacheOption = False,
    source: Annotated[Optional[str], typer.Option(
        "--source", "-s", metavar="ID", help="Only passages of this source (and claims citing it).")] = None,
    tag: Annotated[Optional[str], typer.Option(
        "--tag", "-t", metavar="TAG", help="Only claims with this tag, and passages they cite.")] = None,
    kind: Annotated[Kind, typer.Option(
        "--kind", "-k", help="Search passages of the sources, claim statements, or both.",
        case_sensitive=False)] = Kind.all,
    limit: Annotated[int, typer.Option(
        "--limit", "-n", metavar="N", min=1, help="At most this many results of each kind.")] = 10,
    format: _format_option(SearchFormat) = SearchFormat.table,
) -> None:
    """Find passages of the sources and claims, best first.

    Ranked by BM25 on text folded as `check` folds it (case, accents, quote marks,
    dashes, whitespace). Unknown words also match close vocabulary words, and
    entity aliases from the claims file match each other. Passages come first,
    each with the ids of the claims that quote it; then claim statements.
    """
    from mali_facts.search import search as run

    try:
        ledger = load(claims, cache)
        report = run(ledger, query, source=source, tag=tag, kind=kind.value, limit=limit,
                     progress=progress_printer("indexing sources", minimum=2),
                     trust=trust_caches(cache), on_wait=_say_waiting)
    except MaliFactsError as err:
        raise fail(err)
    from mali_facts.ledger import display_path

    write_output(format.to_format().render(report, color=use_color(),
                                           claims_file=display_path(ledger.path)))
    from mali_facts.render.safe import escape_controls

    for problem in report.unsearched:
        sys.stderr.write(f"warning: {escape_controls(problem)} (not searched)\n")
    for note in report.notes:
        sys.stderr.write(f"note: {escape_controls(note)}\n")
    if not report.hits:
        hint = f"; closest words: {', '.join(report.suggestions)}" if report.suggestions else ""
        sys.stderr.write(f"no results for {query!r}{hint}\n")
    raise typer.Exit(EXIT_OK)


def _say_waiting(path: str) -> None:
    sys.stderr.write(f"waiting for another mali-facts to finish writing the search index {path}\n")
    sys.stderr.flush()


@app.command(epilog=EXIT_CODES_HELP)
def show(
    claim_id: Annotated[str, typer.Argument(metavar="CLAIM_ID", help="The claim's id.", show_default=False)],
    claims: ClaimsOption = None,
    cache: CacheOption = False,
    format: _format_option(ShowFormat) = ShowFormat.table,
) -> None:
    """Show one claim: its statement, review, and each quote verified and highlighted
    in about two sentences of its source, with file:line."""
    from mali_facts.show import show as run

    try:
        report = run(load(claims, cache), claim_id)
    except MaliFactsError as err:
        raise fail(err)
    write_output(format.to_format().render(report, color=use_color()))
    failed = any(not s.result.passed for s in report.evidence)
    raise typer.Exit(1 if failed else EXIT_OK)
