"""`mali-facts source add`: a text file, a web page, a PDF or a URL into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from mali_facts.cli.app import EXIT_CODES_HELP, EXIT_USAGE, app, fail, write_output
from mali_facts.errors import MaliFactsError

source_app = typer.Typer(
    name="source", help="Add documents to the ledger as pinned, archived sources.",
    no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(source_app, name="source")


@source_app.command(epilog=EXIT_CODES_HELP)
def add(
    documents: Annotated[List[str], typer.Argument(
        metavar="DOCUMENT...", help="Paths or http(s) URLs: text files, saved web pages (.html), PDFs.",
        show_default=False)],
    id: Annotated[Optional[str], typer.Option(
        "--id", metavar="ID", help="The source id. Default: site and year, e.g. rollingstone-2013.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="Title (overrides the page's).")] = None,
    author: Annotated[Optional[List[str]], typer.Option(
        "--author", metavar="NAME", help="An author (repeat for several; overrides the page's).")] = None,
    published: Annotated[Optional[str], typer.Option(
        "--published", metavar="DATE", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    publisher: Annotated[Optional[str], typer.Option(
        "--publisher", metavar="TEXT", help="Publisher or site (overrides the page's site name).")] = None,
    type: Annotated[Optional[str], typer.Option(
        "--type", metavar="TYPE", help="CSL type, e.g. article-newspaper, report. "
                                       "Default: webpage for HTML, none otherwise.")] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", metavar="CHARSET",
        help="Encoding of a plain-text document. Default: UTF-8, else detected.")] = None,
    claims: Annotated[Optional[Path], typer.Option(
        "--claims", "-c", metavar="PATH", dir_okay=False,
        help="Claims file to add to. Default: ./claims.yaml (never the embedded ledger).")] = None,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", metavar="N", min=1, help="Largest download accepted, in bytes.")] = 20 * 1024 * 1024,
    timeout: Annotated[float, typer.Option(
        "--timeout", metavar="SECONDS", min=0.1,
        help="Give up on a URL after this long (connecting, waiting, downloading).")] = 30.0,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the change to the claims file; write nothing.")] = False,
) -> None:
    """Add documents as sources: extract their text into sources/ID.txt, keep the
    original beside it (sources/ID.html, .pdf), and append a pinned entry to sources:.

    HTML gives the article body and its title, authors, date, site name and canonical
    URL; a PDF gives its text with a form feed between pages, so cite can say "p. 2".
    HTML and PDF need the import extra: pip install 'mali-facts\\[import]'.
    Nothing is written when any document fails (exit 2).
    """
    from mali_facts.importer import AddOptions, add_sources
    from mali_facts.ledger import display_path

    path = claims if claims is not None else Path("claims.yaml")
    options = AddOptions(id=id, title=title, authors=author or None, published=published,
                         publisher=publisher, type=type, encoding=encoding, max_bytes=max_bytes, timeout=timeout)
    try:
        if not path.is_file():
            from mali_facts.errors import UsageError

            if claims is not None:
                raise UsageError(f"no such claims file: {path}", hint="pass an existing file to --claims")
            raise UsageError("no claims.yaml here", hint="create one with: mali-facts init, "
                                                         "or pass --claims PATH")
        report = add_sources(path, documents, options, dry_run=dry_run)
    except MaliFactsError as err:
        raise fail(err)
    except OSError as exc:
        typer.echo(f"{exc.filename or display_path(path)}: cannot write: {exc.strerror}; "
                   "nothing written", err=True)
        raise typer.Exit(EXIT_USAGE)
    if dry_run:
        write_output(report.diff)
        return
    write_output("".join(describe(added, display_path(report.claims), encoding is not None)
                         for added in report.added))


def describe(added, claims: str, encoding_given: bool = False) -> str:
    """What `source add` says about one document: where it went and what was found."""
    got = added.extracted
    lines = len(got.text.rstrip("\n").split("\n"))
    how = []
    if got.pages is not None:
        how.append(f"{got.pages} page{'s' if got.pages != 1 else ''}")
    how.append(f"{lines} line{'s' if lines != 1 else ''}")
    if got.kind == "text" and got.charset is None:
        how.append("UTF-8 kept byte for byte")
    elif got.charset and got.extractor.startswith("python codecs"):
        how.append(f"decoded from {got.charset} as " + ("asked" if encoding_given else "served"))
    elif got.charset:
        how.append(f"decoded from {got.charset} as {got.extractor} detected; "
                   "if it reads wrong, pass --encoding")
    else:
        how.append(got.extractor or "")
    out = [f"added source {added.id!r} to {claims}",
           f"  text:      {added.file} ({', '.join(how)})"]
    if added.archive:
        out.append(f"  original:  {added.archive} ({added.entry['archive']['media_type']})")
    entry = added.entry
    for key in ("title", "authors", "published", "publisher", "url"):
        value = entry.get(key)
        if isinstance(value, list):
            value = "; ".join(value)
        shown = str(value) if value else f"(not found; set it with --{key.rstrip('s')})" \
            if key != "url" else "(none)"
        out.append(f"  {key + ':':<10} {shown}")
    if added.redirects:
        out[-1] += f" (after {added.redirects} redirect{'s' if added.redirects != 1 else ''})"
    return "\n".join(out) + "\n"
