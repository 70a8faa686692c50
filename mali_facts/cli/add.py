"""`mali-facts add`: append a claim whose quote is anchored first."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from mali_facts.cli.app import EXIT_CODES_HELP, EXIT_FINDINGS, ClaimsOption, app, fail
from mali_facts.errors import MaliFactsError


def writable_claims(claims):
    """The claims file an edit goes to: --claims, else ./claims.yaml. Never the
    ledger embedded in the package."""
    from pathlib import Path

    from mali_facts.errors import UsageError
    from mali_facts.ledger import resolve_claims_path

    if claims is None and not Path("claims.yaml").is_file():
        raise UsageError("no claims.yaml here to edit", hint="pass one with --claims PATH, "
                         "or create one with mali-facts init")
    return resolve_claims_path(claims)


@app.command(epilog=EXIT_CODES_HELP)
def add(
    id: Annotated[str, typer.Option("--id", metavar="ID", help="The new claim's id (a slug).")],
    statement: Annotated[str, typer.Option(
        "--statement", metavar="TEXT", help="What the quote shows, in your words.")],
    source: Annotated[str, typer.Option("--source", metavar="SOURCE", help="A source id from 'sources:'.")],
    quote: Annotated[str, typer.Option(
        "--quote", metavar="QUOTE", help="The words of the source; - reads them from stdin.")],
    claims: ClaimsOption = None,
    date: Annotated[Optional[str], typer.Option(
        "--date", metavar="DATE", help="When it happened: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    tag: Annotated[Optional[List[str]], typer.Option(
        "--tag", "-t", metavar="TAG", help="A tag (repeatable).")] = None,
    entity: Annotated[Optional[List[str]], typer.Option(
        "--entity", "-e", metavar="NAME", help="An entity from 'entities:' (repeatable).")] = None,
    occurrence: Annotated[Optional[int], typer.Option(
        "--occurrence", "-n", metavar="N",
        help="The quote occurs several times: cite its Nth place (see mali-facts anchor).")] = None,
) -> None:
    """Append a claim to the claims file, its quote anchored first.

    The quote is found in the source before anything is written; the claim gets
    the source's exact text, its offsets and the context that makes it unique.
    Refuses a duplicate id (exit 2) and a quote that does not verify (exit 1),
    writing nothing. Warns on stderr when the statement says something the quote
    does not. The claim is appended at the end of 'claims:' in the file's own
    style; the diff is printed.
    """
    from mali_facts.authoring.add import prepare_claim
    from mali_facts.authoring.anchor import resolve_source
    from mali_facts.cli.anchor import read_quote
    from mali_facts.ledger import display_path, load_ledger
    from mali_facts.render.anchor import render_yaml
    from mali_facts.ledger.writer import ClaimsEditor

    try:
        path = writable_claims(claims)
        ledger = load_ledger(path)
        if source not in ledger.sources:
            ref = None
        else:
            ref = resolve_source(source, ledger)
        new = prepare_claim(ledger, ref.text if ref else "", claim_id=id, statement=statement,
                            source_id=source, quote=read_quote(quote), date=date, tags=tag or (),
                            entities=entity or (), occurrence=occurrence)
    except MaliFactsError as err:
        raise fail(err)
    shown = display_path(path)
    if not new.verified:
        typer.echo(f"{shown}: claim {id!r} not added: the quote is {new.anchored.status} in "
                   f"{source!r}; nothing written", err=True)
        typer.echo(render_yaml(new.anchored, file=ref.file).rstrip("\n"), err=True)
        raise typer.Exit(EXIT_FINDINGS)
    for warning in new.warnings:
        typer.echo(f"{shown}: claim {id!r}: warning: {warning}", err=True)
    try:
        editor = ClaimsEditor.open(path)
        editor.append_item("claims", new.item)
        diff = editor.diff()
        editor.save()
    except MaliFactsError as err:  # an edit refused as the file changed underneath exits 1
        raise fail(err)
    typer.echo(diff, nl=False)
    typer.echo(f"{shown}: added claim {id!r} ({new.anchored.status}, "
               f"{source} characters {new.anchored.start}-{new.anchored.end})", err=True)
    raise typer.Exit(0)
