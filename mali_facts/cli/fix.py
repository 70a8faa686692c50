"""`mali-facts fix`: re-anchor quotes after a source changed (dry run by default)."""

from __future__ import annotations

from typing import Annotated

import typer

from mali_facts.cli.app import (EXIT_CODES_HELP, EXIT_FINDINGS, EXIT_OK, ClaimsOption, app, fail,
                                progress_printer, write_output)
from mali_facts.errors import MaliFactsError


@app.command(epilog=EXIT_CODES_HELP)
def fix(
    claims: ClaimsOption = None,
    write: Annotated[bool, typer.Option(
        "--write", help="Apply the edits to the claims file (default: print the diff only).")] = False,
) -> None:
    """Re-anchor the quotes whose source changed: print the diff, or apply it with --write.

    For every quote still in its source it updates start/end of a quote that
    moved, writes the source's own typography into a quote found only after
    folding (never the statement), refreshes prefix/suffix where the old context
    no longer picks the quote out, and refreshes a source's sha256 when all of
    its quotes are still in it. It never rewrites a misquoted, not_found or
    ambiguous quote: each is listed on stderr with its closest match, and the
    exit code is 1 while any remain.
    """
    from mali_facts.authoring.fix import plan_fixes
    from mali_facts.cli.add import writable_claims
    from mali_facts.ledger import display_path, load_ledger
    from mali_facts.render.fix import held_lines, summary_line
    from mali_facts.verify import verify_ledger
    from mali_facts.ledger.writer import ClaimsEditor

    try:
        path = writable_claims(claims) if write else None
        if path is None:
            from mali_facts.cli.app import EMBEDDED_NOTICE
            from mali_facts.ledger import is_embedded, resolve_claims_path

            path = resolve_claims_path(claims)
            if claims is None and is_embedded(path):
                typer.echo(EMBEDDED_NOTICE, err=True)
        ledger = load_ledger(path)
        report = verify_ledger(ledger, progress=progress_printer("checking quotes"))
        plan = plan_fixes(report)
        editor = ClaimsEditor.open(path)
        editor.set_values([(edit.path, edit.value) for edit in plan.edits])
        diff = editor.diff()
        if write:
            editor.save()
    except MaliFactsError as err:  # an edit refused as the file changed underneath exits 1
        raise fail(err)
    shown = display_path(path)
    write_output(diff)
    for line in held_lines(plan, shown):
        typer.echo(line, err=True)
    typer.echo(summary_line(plan, shown, written=write), err=True)
    raise typer.Exit(EXIT_FINDINGS if plan.held else EXIT_OK)
