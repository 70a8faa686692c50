"""`mali-facts anchor`: where a quote is in its source, and the evidence item to paste."""

from __future__ import annotations

import re
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from mali_facts.cli.app import (EXIT_CODES_HELP, EXIT_FINDINGS, EXIT_OK, ClaimsOption, app, fail,
                                load, write_output)
from mali_facts.errors import MaliFactsError


class AnchorFormat(str, Enum):
    yaml = "yaml"
    json = "json"


FORMATS = {"yaml": ("mali_facts.render.anchor", "render_yaml"),
           "json": ("mali_facts.render.anchor", "render_json")}

_ITEM_INDENT = re.compile(r"^( *)- source:", re.MULTILINE)


def read_quote(quote: str) -> str:
    """The quote argument, or stdin for ``-``."""
    if quote == "-":
        return sys.stdin.read()
    return quote


def item_indent(ledger) -> str:
    """The indentation of evidence items in the claims file (six spaces if it has none)."""
    m = _ITEM_INDENT.search(ledger.text) if ledger is not None else None
    return m.group(1) if m else " " * 6


def load_for_source(claims, source: str):
    """(ledger, error): the ledger if it loads. A SOURCE that is a path needs none,
    and gets none when there is no claims file here (not the embedded one)."""
    from pathlib import Path

    if claims is None and Path(source).is_file() and not Path("claims.yaml").is_file():
        return None, None
    try:
        return load(claims), None
    except MaliFactsError as err:
        return None, err


@app.command(epilog=EXIT_CODES_HELP)
def anchor(
    source: Annotated[str, typer.Argument(
        metavar="SOURCE", help="A source id from the claims file, or a path to a UTF-8 text file.")],
    quote: Annotated[str, typer.Argument(
        metavar="QUOTE", help="The words to find; - reads them from stdin.")],
    claims: ClaimsOption = None,
    format: Annotated[AnchorFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="yaml: the findings as comments, then the evidence item to paste; json for programs.")
    ] = AnchorFormat.yaml,
    occurrence: Annotated[Optional[int], typer.Option(
        "--occurrence", "-n", metavar="N",
        help="The quote occurs several times: anchor its Nth place (1 is the first).")] = None,
) -> None:
    """Find a quote in a source and print the evidence item for the claims file.

    Prints the status and file:line, the span, the source's exact text (its own
    apostrophes and quotation marks), the shortest prefix or suffix that makes
    the quote unique, and a ready-to-paste YAML evidence item. For a misquote,
    the differences and the closest source text. Exit 0 when the quote verifies,
    1 when it does not (misquoted, not found, or found in several places).
    """
    from mali_facts.authoring.anchor import anchor_quote, resolve_source
    from mali_facts.render import renderer

    try:
        ledger, error = load_for_source(claims, source)
        ref = resolve_source(source, ledger, error)
        result = anchor_quote(ref.text, read_quote(quote), source_id=ref.id, occurrence=occurrence)
    except MaliFactsError as err:
        raise fail(err)
    render = renderer(FORMATS, format.value)
    write_output(render(result, file=ref.file, indent=item_indent(ledger)))
    raise typer.Exit(EXIT_OK if result.verified else EXIT_FINDINGS)
