"""The rich table, for people at a terminal. The only module that imports rich
for `check` output, and only when the layout cache (render/layout_cache.py) has
no text for the table."""

from __future__ import annotations

import io
from typing import Optional

from mali_facts.render.findings import tally
from mali_facts.render.safe import escape_controls
from mali_facts.verify import CheckReport, EvidenceResult, Status

STYLES = {
    "verified": "green", "drifted": "yellow", "ambiguous": "yellow",
    "misquoted": "bold red", "not_found": "bold red", "source_error": "bold red",
}


#: Table width when the output is not a terminal and COLUMNS is not set.
DEFAULT_WIDTH = 100


def terminal_width(default: int = DEFAULT_WIDTH) -> int:
    """The width tables may use: ``COLUMNS`` when set (as rich reads it), else
    the width of the terminal stdout is, else ``default`` (output to a pipe or file).

    Only stdout counts: what another stream is attached to says nothing about
    where the table goes.
    """
    import os
    import sys

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout
    try:
        if stream is not None and stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or default
    except (AttributeError, OSError, ValueError):
        pass
    return default


def console(color: bool, width: Optional[int] = None):
    """A rich console that renders to a string, ``width`` columns wide
    (default: the terminal's full width, see :func:`terminal_width`).

    Text is never read as rich markup: ``[sic]`` in a quote and a folder named ``[v2]``
    are printed as they are (styles come from rich Text objects only)."""
    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=color, no_color=not color,
                   color_system="auto" if color else None, width=width or terminal_width(),
                   highlight=False, emoji=False, markup=False, soft_wrap=False)


def id_column(table, header: str, ids, **options) -> None:
    """Add a column of ids (claim or source ids), never wrapped: people copy them
    into `show` and `cite`. It is as wide as the longest id."""
    table.add_column(header, **_id_options(header, ids), **options)


def _id_options(header: str, ids) -> dict:
    """The options of an id column (see :func:`id_column`)."""
    longest = max((len(i) for i in ids), default=0)
    return {"no_wrap": True, "min_width": max(longest, len(header))}


def _detail(e: EvidenceResult) -> str:
    return escape_controls(_details(e))


def _details(e: EvidenceResult) -> str:
    if e.status == Status.misquoted:
        return "; ".join(d.describe() for d in e.differences) \
            or "; ".join(e.warnings) or f"{e.percent}% similar"
    if e.status == Status.verified:
        how = e.match or "exact"
        how += f" ({', '.join(e.normalizations)})" if e.normalizations else ""
        return "; ".join([how] + list(e.warnings))  # e.g. an archive that changed
    if e.status == Status.not_found:
        return e.similarity
    return "; ".join(e.warnings)


def check_content(report: CheckReport) -> list:
    """What the check table shows, as plain data (no rich): ``[title, columns, rows,
    tally]``. ``columns`` is ``[[header, options of add_column], ...]``; each row is
    ``[claim, status, status style, source, at, details]``, every cell a plain string
    (text of the claims file and sources escaped, see :func:`escape_controls`);
    ``tally`` is ``[counts, verdict, verdict style]``. :func:`layout_check` lays it out;
    the layout cache (:mod:`mali_facts.render.layout_cache`) keys its text by it."""
    from mali_facts.ledger import display_path
    from mali_facts.render.findings import _affected_note, affected, source_problem

    claims_file = escape_controls(display_path(report.ledger.path))
    columns = [
        ["claim", _id_options("claim", [c.claim.id for c in report.claims])],
        ["status", {"no_wrap": True}],
        ["source", _id_options("source", [e.evidence.source for e in report.evidence])],
        ["at", {"no_wrap": True}],
        ["details", {"overflow": "fold", "ratio": 1}],
    ]
    rows = []
    counts = affected(report)
    told: set = set()
    for c in report.claims:
        for i, e in enumerate(c.evidence):
            detail = _detail(e)
            problem = source_problem(report, e)
            if problem is not None:  # a source's problem in full once, at its first quote
                key = (e.evidence.source, problem)
                detail = (detail + _affected_note(counts[key]) if key not in told
                          else "the source's problem above")
                told.add(key)
            rows.append([
                escape_controls(c.claim.id) if i == 0 else "",
                str(e.status), STYLES[e.status],
                escape_controls(e.evidence.source),
                f"{claims_file}:{e.evidence.line}",
                detail,
            ])
        for w in c.warnings:
            rows.append(["", "warning", "yellow", "", f"{claims_file}:{c.claim.line}",
                         escape_controls(w)])
    verdict = ["FAILED", "bold red"] if report.failed else ["OK", "bold green"]
    return [f"mali-facts check: {claims_file}", columns, rows,
            [tally(report.summary()), *verdict]]


def layout_check(content: list, color: bool, width: int) -> str:
    """The check table of :func:`check_content`'s ``content``, laid out by rich."""
    from rich.table import Table
    from rich.text import Text

    title, columns, rows, (counts, verdict, verdict_style) = content
    out = console(color, width)
    table = Table(show_lines=False, expand=False)
    for header, options in columns:
        table.add_column(header, **options)
    for claim, status, style, source, at, detail in rows:
        table.add_row(claim, Text(status, style=style), source, at, detail)
    out.print(Text(title, style="bold"))
    out.print(table)
    line = Text(counts + " ")
    line.append(Text(verdict, style=verdict_style))
    out.print(line)
    return out.file.getvalue()


def render_check(report: CheckReport, *, color: bool = False, width: Optional[int] = None,
                 **_: object) -> str:
    """The check table: its content (:func:`check_content`) laid out by rich
    (:func:`layout_check`), or the text kept for that content, width and colour by
    the layout cache, which then spares importing rich at all."""
    from mali_facts.render.layout_cache import cached_layout

    width = width or terminal_width()
    return cached_layout(report.ledger.path, check_content(report), width, color, layout_check)


def marked(text: str, spans, color: bool, style: str = "bold reverse"):
    """``text`` as rich Text with ``spans`` emphasised: styled on a color terminal,
    wrapped in ``**`` (as Markdown bold) otherwise, so that plain output shows them too.
    Control characters are escaped piece by piece, so the spans stay where they were."""
    from rich.text import Text

    pieces, last = [], 0
    for a, b in sorted(spans):
        if a < last:
            continue
        pieces += [(text[last:a], None), (text[a:b], style)]
        last = b
    pieces.append((text[last:], None))
    if color:
        out = Text()
        for piece, how in pieces:
            out.append(escape_controls(piece), style=how)
        return out
    return Text("".join(escape_controls(p) if how is None else f"**{escape_controls(p)}**"
                        for p, how in pieces))
