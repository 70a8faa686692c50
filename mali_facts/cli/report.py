"""`mali-facts report`: the ledger as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mali_facts.cli.app import EXIT_FINDINGS, EXIT_OK, ClaimsOption, app, fail, load
from mali_facts.errors import MaliFactsError, UsageError

REPORT_EXIT_HELP = ("Exit codes: 0 the page was written and every quote passed; 1 the page was "
                    "written and shows a quote that failed verification (as with check); "
                    "2 bad input or usage (malformed claims file, folder that cannot be written).")


@app.command(epilog=REPORT_EXIT_HELP)
def report(
    claims: ClaimsOption = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="DIR", file_okay=False,
        help="Folder to write index.html into (created if missing).")] = Path("site"),
) -> None:
    """Write the ledger as one HTML page, DIR/index.html (default site/).

    The page shows the summary and each source's coverage, every claim with its
    status, review and quotes (filters and search work in the browser), a
    timeline of the dated claims, and each source's citation and full text with
    every cited span highlighted. It is self-contained: inline CSS, JavaScript
    and SVG, no network request, readable with JavaScript off.
    """
    from mali_facts import __version__
    from mali_facts.render.findings import summary_line
    from mali_facts.render.report import render_report
    from mali_facts.report import build_report
    from mali_facts.verify import verify_ledger

    try:
        ledger = load(claims)
        check = verify_ledger(ledger)
        page = render_report(build_report(ledger, check), version=__version__)
        target = output / "index.html"
        _write(output, target, page)
    except MaliFactsError as err:
        raise fail(err)
    typer.echo(f"wrote {target}", err=True)
    typer.echo(summary_line(check), err=True)
    raise typer.Exit(EXIT_FINDINGS if check.failed else EXIT_OK)


def _write(folder: Path, target: Path, page: str) -> None:
    from mali_facts.cli.output import write_atomic

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output {folder} is a file, not a folder",
                         hint="name a folder; the page is written to FOLDER/index.html")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {folder}: {exc.strerror}",
                         hint="name a folder you can write to") from None
    write_atomic(target, page)
