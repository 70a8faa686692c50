"""The `show` service: one claim, its review, and each quote verified and set in
about two sentences of its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from mali_facts.errors import UsageError, did_you_mean
from mali_facts.ledger import Claim, Ledger
from mali_facts.verify import EvidenceResult


@dataclass
class Shown:
    result: EvidenceResult
    context: Optional[str] = None        # the surrounding source text
    context_start: Optional[int] = None  # code points into the source
    context_end: Optional[int] = None
    line: Optional[int] = None           # source line of the quote's start
    column: Optional[int] = None


@dataclass
class ShowReport:
    ledger: Ledger
    claim: Claim
    evidence: List[Shown]


def find_claim(ledger: Ledger, claim_id: str) -> Claim:
    try:
        return ledger.claim(claim_id)
    except KeyError:
        raise UsageError(f"unknown claim {claim_id!r}",
                         hint=did_you_mean(claim_id, [c.id for c in ledger.claims])
                         or "list the ids with: mali-facts check --format json") from None


def context_span(text: str, start: int, end: int) -> "tuple[int, int]":
    """The sentences the quote overlaps, plus the one before and the one after in
    the same paragraph: about two sentences of context around a short quote. No
    more than ``MAX_CONTEXT_CHARS`` (:mod:`mali_facts.limits`) on either side of the
    quote: a paragraph of one 50 MB sentence is not printed whole.

    >>> context_span("One. Two three. Four.", 5, 8)
    (0, 21)
    >>> context_span("x" * 5000 + " quote " + "y" * 5000, 5001, 5006)
    (4601, 5406)
    """
    from mali_facts.limits import limit
    from mali_facts.text.segment import sentences

    most = limit("MAX_CONTEXT_CHARS")
    lo, hi = max(0, start - most), min(len(text), end + most)
    para_start = text.rfind("\n", lo, start) + 1 or lo
    para_end = text.find("\n", end, hi)
    para_end = hi if para_end < 0 else para_end
    spans = [(a + para_start, b + para_start) for a, b in sentences(text[para_start:para_end])]
    inside = [i for i, (a, b) in enumerate(spans) if a < end and b > start]
    if not inside:
        return start, end
    first, last = max(inside[0] - 1, 0), min(inside[-1] + 1, len(spans) - 1)
    return min(spans[first][0], start), max(spans[last][1], end)


def show(ledger: Ledger, claim_id: str, *, session=None) -> ShowReport:
    from mali_facts.session import Session

    claim = find_claim(ledger, claim_id)
    session = session or Session(ledger, cache=True)
    shown = []
    for result in session.verify_claims([claim])[0]:
        item = Shown(result)
        src = session.source(result.evidence.source)
        if result.start is not None and src.text is not None:
            a, b = context_span(src.text, result.start, result.end)
            item.context, item.context_start, item.context_end = src.text[a:b], a, b
            item.line, item.column = src.line_col(result.start)
        shown.append(item)
    return ShowReport(ledger, claim, shown)
