"""`mali-facts check`: verify every quote of a claims file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from mali_facts.cli.app import (CacheOption, EXIT_CODES_HELP, EXIT_FINDINGS, EXIT_OK, ClaimsOption,
                                app, fail, freeze_gc, load, progress_printer, use_color,
                                write_output)
from mali_facts.errors import MaliFactsError
from mali_facts.render.formats import CHECK, CheckFormat, suffix_formats

# --output FILE with --format auto: the format its name asks for (.sarif, .xml, .json).
SUFFIX_FORMATS = suffix_formats(CHECK)


def pick_format(requested: str, output: Optional[Path]) -> str:
    """The format ``--format auto`` stands for here.

    github when running in GitHub Actions; with --output, by the file's suffix
    (.sarif, .xml, .json), else plain; the table on a terminal; plain otherwise.
    """
    if requested != "auto":
        return requested
    if output is not None:
        name = output.name.lower()
        if name.endswith(".sarif.json"):
            return "sarif"
        return SUFFIX_FORMATS.get(output.suffix.lower(), "plain")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    if sys.stdout.isatty():
        return "table"
    return "plain"


@app.command(epilog=EXIT_CODES_HELP)
def check(
    claims: ClaimsOption = None,
    cache: CacheOption = False,
    format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Output format. auto: github in GitHub Actions, table on a terminal, plain otherwise "
             "(with --output: by the file's suffix, .sarif, .xml or .json). table and json for "
             "people and programs; plain is one 'file:line:col: error: ...' line per finding; "
             "github prints workflow commands; sarif is SARIF 2.1.0; junit is JUnit XML.")
    ] = CheckFormat.auto,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help="Write the output to FILE (atomically) instead of stdout; the summary goes to stderr.")
    ] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail on drifted and ambiguous quotes and on every warning.")] = False,
) -> None:
    """Verify every quote in the claims file against its source.

    Each quote is verified, drifted, ambiguous, misquoted, not_found or
    source_error. Verified, drifted and ambiguous pass (the last two with a
    warning) unless --strict is given.
    """
    from mali_facts.verify import verify_ledger

    from mali_facts.cli.output import output_file

    output = output_file(output)  # `-o -` is stdout
    name = pick_format(format.value, output)
    try:
        ledger = load(claims, cache)
        freeze_gc()
        report = verify_ledger(ledger, strict=strict, progress=progress_printer("checking quotes"))
        freeze_gc()
    except MaliFactsError as err:
        raise fail(err)
    # Color only for the table, on the terminal it is written to.
    fmt = CHECK[name]
    color = not fmt.machine and output is None and use_color()
    text = fmt.render(report, color=color)
    try:
        if output is not None:
            from mali_facts.cli.output import write_atomic

            write_atomic(output, text, ledger)
        else:
            write_output(text)
        if name == "github":
            _append_step_summary(report)
    except MaliFactsError as err:
        raise fail(err)
    if output is not None or name not in ("table", "json"):
        from mali_facts.render.findings import summary_line

        typer.echo(summary_line(report), err=True)
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)


def _append_step_summary(report) -> None:
    """GitHub shows 10 annotations per step: put every result in the job summary too."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from mali_facts.errors import UsageError
    from mali_facts.render.github import step_summary

    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    except OSError as exc:
        raise UsageError(f"cannot append to GITHUB_STEP_SUMMARY {target}: {exc.strerror}") from None
