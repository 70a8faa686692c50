"""`mali-facts cite`: citations for claims, in a house style or for reference managers."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from mali_facts.cli.app import (CacheOption, EXIT_CODES_HELP, EXIT_FINDINGS, EXIT_OK, ClaimsOption,
                                app, fail, load, write_output)
from mali_facts.errors import MaliFactsError

STYLE_HELP = ("Citation style: text (default), markdown, apa, mla, chicago, bibtex, ris, csl-json, "
              "annotation (W3C Web Annotation), claimreview (schema.org).")


@app.command(epilog=EXIT_CODES_HELP)
def cite(
    claim_ids: Annotated[Optional[List[str]], typer.Argument(
        metavar="CLAIM_ID...", help="Claims to cite (their ids in the claims file).",
        show_default=False)] = None,
    all_: Annotated[bool, typer.Option(
        "--all", help="Print the deduplicated bibliography of every source the claims cite "
                      "(all claims when no CLAIM_ID is given), sorted as the style requires.")] = False,
    style: Annotated[str, typer.Option("--style", "-s", metavar="STYLE", help=STYLE_HELP)] = "text",
    claims: ClaimsOption = None,
    cache: CacheOption = False,
) -> None:
    """Print citations for claims: each quote with its source's reference and a pinpoint
    locator (paragraph, line and character span in the source file).

    bibtex, ris and csl-json print one entry per cited source. Exit 1 when a quote
    cannot be verified (its locator is then missing).
    """
    from mali_facts.cite import build_citations, check_style, render, select_claims

    try:
        check_style(style)
        ledger = load(claims, cache)
        selected = select_claims(ledger, claim_ids or [], all_)
        needs_text = style == "annotation" or (
            not all_ and style not in ("bibtex", "ris", "csl-json", "claimreview"))
        report = build_citations(ledger, selected, verify=needs_text)
        text = render(report, style, bibliography=all_)
    except MaliFactsError as err:
        raise fail(err)
    if style not in ("csl-json", "annotation", "claimreview"):  # JSON escapes on its own
        from mali_facts.render.safe import escape_controls

        text = escape_controls(text)
    write_output(text)
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)
