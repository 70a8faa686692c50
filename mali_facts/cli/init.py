"""`mali-facts init`: start a ledger in a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from mali_facts.cli.app import EXIT_CODES_HELP, app, fail, write_output
from mali_facts.errors import MaliFactsError


@app.command(epilog=EXIT_CODES_HELP)
def init(
    folder: Annotated[Optional[Path], typer.Argument(
        metavar="DIR", help="Folder for the ledger (created if missing). Default: here.",
        show_default=False, file_okay=False)] = None,
) -> None:
    """Create a ledger: claims.yaml (version 1, no sources or claims yet), a sources/
    folder, and claims.schema.json for editors (when absent).

    Refuses to overwrite an existing claims.yaml (exit 2). Next: mali-facts source add.
    """
    from mali_facts.importer.init import init_ledger
    from mali_facts.ledger import display_path

    target = folder or Path(".")
    try:
        created = init_ledger(target)
    except MaliFactsError as err:
        raise fail(err)
    order = ["claims.yaml", "claims.schema.json", "sources"]
    files = sorted((p for p in created if p.name in order and p.parent == target),
                   key=lambda p: order.index(p.name))
    names = [display_path(p) + ("/" if p.is_dir() else "") for p in files]
    write_output(f"created {', '.join(names)}\n")
    where = "" if folder is None else f" --claims {display_path(target / 'claims.yaml')}"
    typer.echo(f"next: mali-facts source add{where} PATH|URL", err=True)
