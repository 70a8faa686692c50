"""GitHub Actions workflow commands.

``::error file=claims.yaml,line=L,endLine=E,col=C,title=...::message`` for each
failure and ``::warning ...`` for each warning, inside one ``::group::`` per
claim that holds the details (quote, what the source says, differences).
GitHub shows at most 10 errors and 10 warnings per step, so the CLI also
appends :func:`step_summary` (a Markdown table of every result) to
``$GITHUB_STEP_SUMMARY`` when that is set.
"""

from __future__ import annotations

from typing import Any, List

from mali_facts.render.findings import Finding, claims_uri, claim_findings, findings, summary_line
from mali_facts.verify import CheckReport


def escape_data(text: str) -> str:
    """Escape a workflow command's message (as @actions/core does)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (title, file...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding, path: str) -> str:
    props = [
        ("file", path), ("line", str(f.line)), ("endLine", str(f.end_line)),
        ("col", str(f.column)), ("title", f"mali-facts {f.rule}: {f.claim}"),
    ]
    if f.line == f.end_line:
        props.insert(4, ("endColumn", str(f.end_column)))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{f.level} {joined}::{escape_data(f.message)}"


def _details(f: Finding) -> List[str]:
    e = f.evidence
    if e is None:
        return []
    out = [f"  quote: {' '.join(e.evidence.quote.split())}"]
    if e.found is not None and e.found != e.evidence.quote:
        out.append(f"  source says: {' '.join(e.found.split())}")
    for d in e.differences:
        out.append(f"  {d.describe()}")
    if e.location:
        out.append(f"  in {e.evidence.source} at line {e.location[0]}, column {e.location[1]}")
    return out


def render_check(report: CheckReport, **_: Any) -> str:
    """Every claim's group of commands; control characters from the ledger or the
    sources (an ESC, a carriage return) are shown escaped, never sent to the log."""
    from mali_facts.render.safe import escape_controls

    return escape_controls(_render(report))


def _render(report: CheckReport) -> str:
    path = claims_uri(report)
    lines: List[str] = []
    # a source's problem is one annotation, at its first quote (see findings())
    kept = {id(f.evidence): f for f in findings(report) if f.evidence is not None}
    for c in report.claims:
        found = [kept[id(e)] for e in c.evidence if id(e) in kept]
        found += claim_findings(report, c)
        status = "FAILED" if c.failed(report.strict) else c.status
        lines.append(f"::group::{escape_data(c.claim.id)}: {status}")
        for e in c.evidence:
            lines.append(f"{e.status}: {e.evidence.source} ({path}:{e.evidence.line})")
        for f in found:
            lines.append(command(f, path))
            lines.extend(_details(f))
        lines.append("::endgroup::")
    return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def step_summary(report: CheckReport) -> str:
    """A Markdown table of every result, for ``$GITHUB_STEP_SUMMARY``."""
    path = claims_uri(report)
    verdict = "❌ FAILED" if report.failed else "✅ OK"
    lines = [f"### mali-facts check: `{path}` {verdict}", "",
             "| claim | status | source | line | details |",
             "| --- | --- | --- | --- | --- |"]
    for c in report.claims:
        for e in c.evidence:
            details = "; ".join([e.message] + [w for w in e.warnings if w not in e.message])
            lines.append(f"| {_cell(c.claim.id)} | {e.status} | {_cell(e.evidence.source)} | "
                         f"{e.evidence.line} | {_cell(details)} |")
        for w in c.warnings:
            lines.append(f"| {_cell(c.claim.id)} | warning | | {c.claim.statement_line or c.claim.line} "
                         f"| {_cell(w)} |")
    lines += ["", summary_line(report), ""]
    return "\n".join(lines)
