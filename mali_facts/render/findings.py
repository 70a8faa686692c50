"""What the machine formats (plain, github, sarif, junit) share: every result
of a check as a positioned *finding*, and the one-line summary.

No rich, no color: these formats are read by compilers' tooling, CI systems and
code scanning, never by a terminal that could render styles.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional

from mali_facts.verify import DESCRIPTIONS, STATUSES, CheckReport, Status, ClaimResult, EvidenceResult

# The rule for a claim-level warning (a detail of the statement no quote supports).
UNSUPPORTED = "unsupported-detail"
RULES = STATUSES + (UNSUPPORTED,)
RULE_DESCRIPTIONS = dict(DESCRIPTIONS, **{
    UNSUPPORTED: "the claim's statement says something (a number, a name, a date) that none of its quotes says",
})
RULE_HELP = {
    "verified": "Nothing to do.",
    "drifted": "The quote is still in the source. Update the evidence's start/end (or the "
               "source's sha256) to where the quote is now, after reviewing the change.",
    "ambiguous": "Add a prefix or suffix (the words just before or after the quote in the source), "
                 "or a start offset, so that one place is picked.",
    "misquoted": "Copy the quote again from the source, character for character; the message "
                 "lists each difference as quoted → source.",
    "not_found": "Check that the evidence names the right source and that the quote was copied "
                 "from it; search the source with `mali-facts search`.",
    "source_error": "Make the source file readable and save it as UTF-8; check its path in 'sources:'.",
    UNSUPPORTED: "Add a quote that says it, or take the detail out of the statement.",
}


@dataclass
class Finding:
    """One thing to report, at a place in the claims file."""

    level: str                 # error | warning | note
    rule: str                  # a status, or UNSUPPORTED
    claim: str
    source: Optional[str]
    message: str
    line: int
    column: int
    end_line: int
    end_column: int            # exclusive: the column just after the last character
    evidence: Optional[EvidenceResult] = None

    def fingerprint(self) -> str:
        """Stable across commits: ignores line numbers, depends on what is said."""
        what = self.evidence.evidence.quote if self.evidence else self.message
        key = "\x1f".join((self.rule, self.claim, self.source or "", " ".join(what.split())))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=4)
def claims_lines(text: str) -> List[str]:
    """The lines of a claims file, split once per text, not once per finding (splitting
    a 4 MB claims file for each of 600 findings took 11 s)."""
    return text.splitlines()


def _line_length(text: str, line: int) -> int:
    lines = claims_lines(text)
    if 1 <= line <= len(lines):
        return len(lines[line - 1])
    return 0


def _indent_column(text: str, line: int) -> int:
    lines = claims_lines(text)
    if 1 <= line <= len(lines):
        return len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
    return 1


def _level(failed: bool) -> str:
    return "error" if failed else "warning"


def evidence_finding(report: CheckReport, e: EvidenceResult) -> Optional[Finding]:
    """The finding for an evidence result, or None when there is nothing to say."""
    failed = e.failed(report.strict)
    if not failed and e.status == Status.verified and not e.warnings:
        return None
    ev = e.evidence
    message = e.message
    if e.status in (Status.misquoted, Status.not_found, Status.verified) and e.warnings:
        message += "; " + "; ".join(e.warnings)
    end_line = ev.end_line or ev.line
    return Finding(
        level=_level(failed), rule=e.status, claim=e.claim.id, source=ev.source,
        message=message, line=ev.line, column=ev.column or 1, end_line=end_line,
        end_column=max(_line_length(report.ledger.text, end_line), ev.column or 1) + 1,
        evidence=e,
    )


def claim_findings(report: CheckReport, c: ClaimResult) -> List[Finding]:
    out = []
    line = c.claim.statement_line or c.claim.line
    for w in c.warnings:
        out.append(Finding(
            level=_level(report.strict), rule=UNSUPPORTED, claim=c.claim.id, source=None,
            message=w, line=line, column=_indent_column(report.ledger.text, line), end_line=line,
            end_column=_line_length(report.ledger.text, line) + 1,
        ))
    return out


def source_problem(report: CheckReport, e: EvidenceResult) -> Optional[str]:
    """``"unreadable"``, ``"pinned"`` or ``"archive"`` when what is wrong with ``e`` is
    its source (it cannot be read, its sha256 is not the pinned one, or its archived
    original's is not, and nothing else is wrong), so that it is reported once per
    source, not once per quote; else None."""
    if e.status == "source_error":
        return "unreadable"
    src = report.sources.get(e.evidence.source)
    if src is None or len(e.warnings) != 1:
        return None
    if e.status == "drifted" and not src.pinned_ok:
        return "pinned"
    if e.status == "verified" and e.warnings[0] == src.archive_warning():
        return "archive"
    return None


def affected(report: CheckReport) -> Dict[tuple, int]:
    """``(source id, problem) -> number of quotes`` for every :func:`source_problem`."""
    counts: Dict[tuple, int] = {}
    for e in report.evidence:
        problem = source_problem(report, e)
        if problem is not None:
            key = (e.evidence.source, problem)
            counts[key] = counts.get(key, 0) + 1
    return counts


def quotes_affected(n: int) -> str:
    return f"{n} quote{'s' if n != 1 else ''} affected"


def _affected_note(n: int) -> str:
    """`` (N quotes affected)`` when a source's problem stands for more than one quote."""
    return f" ({quotes_affected(n)})" if n > 1 else ""


def findings(report: CheckReport) -> List[Finding]:
    """Every finding of a report, in file order of claims then evidence. A problem
    of a source is one finding, at its first quote, with the number of quotes affected."""
    out: List[Finding] = []
    counts = affected(report)
    told: set = set()
    for c in report.claims:
        for e in c.evidence:
            f = evidence_finding(report, e)
            if f is None:
                continue
            problem = source_problem(report, e)
            if problem is not None:
                key = (e.evidence.source, problem)
                if key in told:
                    continue
                told.add(key)
                f.message += _affected_note(counts[key])
            out.append(f)
        out.extend(claim_findings(report, c))
    return out


def claims_uri(report: CheckReport) -> str:
    """The claims file as the formats name it: relative to the working directory, with '/'."""
    from pathlib import Path

    from mali_facts.ledger import display_path

    return Path(display_path(report.ledger.path)).as_posix()


def _count(n: int, noun: str) -> str:
    """``n`` of ``noun``, in the singular for one.

    >>> _count(1, "claim"), _count(0, "warning"), _count(3, "quote")
    ('1 claim', '0 warnings', '3 quotes')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def tally(summary) -> str:
    """The counts of a check, as the table and the stderr line end, without the verdict:
    ``3 claims, 5 quotes: 4 verified, 1 misquoted; 0 warnings.``"""
    parts = [f"{summary[k]} {k}" for k in STATUSES if summary[k]]
    return (f"{_count(summary['claims'], 'claim')}, {_count(summary['evidence'], 'quote')}: "
            f"{', '.join(parts) or 'none'}; {_count(summary['warnings'], 'warning')}.")


def summary_line(report: CheckReport) -> str:
    """One line for stderr, e.g. ``claims.yaml: 3 claims, 5 quotes: 4 verified, 1 misquoted; 0 warnings. FAILED``."""
    verdict = "FAILED" if report.failed else "OK"
    return f"{claims_uri(report)}: {tally(report.summary())} {verdict}"
