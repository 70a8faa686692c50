"""The `cite` service: claims -> verified evidence -> citations in a style.

``build_citations(ledger, ids)`` verifies each selected claim's quotes and pins
them with a :class:`~mali_facts.cite.csl.Locator`. The citation styles are the
formats of the result (:data:`mali_facts.render.formats.CITE`): this service
imports none of them. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from mali_facts.errors import UsageError, did_you_mean
from mali_facts.ledger import Claim, Evidence, Ledger, Source

@dataclass
class Citation:
    """One evidence item of a claim, verified and located in its source."""

    claim: Claim
    evidence: Evidence
    source: Source
    item: Dict[str, Any]                 # the source's CSL-JSON item
    status: str                          # a verify status (verified, drifted, ... not_found)
    locator: Optional[Any] = None        # csl.Locator when the quote was found
    exact: Optional[str] = None          # the source's own text at the locator
    text: Optional[str] = None           # the whole source text (for selectors)
    message: str = ""

    @property
    def passed(self) -> bool:
        from mali_facts.verify import PASSING

        return self.status in PASSING


@dataclass
class CiteReport:
    ledger: Ledger
    claims: List[Claim]
    citations: List[Citation] = field(default_factory=list)
    items: List[Dict[str, Any]] = field(default_factory=list)  # cited sources, first-cited order

    def for_claim(self, claim: Claim) -> List[Citation]:
        return [c for c in self.citations if c.claim is claim]

    @property
    def failed(self) -> bool:
        return any(not c.passed for c in self.citations)


def select_claims(ledger: Ledger, ids: Sequence[str], all_claims: bool) -> List[Claim]:
    """The claims named by ``ids`` (in the given order), or every claim for ``--all``."""
    if not ids:
        if not all_claims:
            raise UsageError("no claim given", hint="name one or more claim ids, or pass --all")
        return list(ledger.claims)
    known = {c.id: c for c in ledger.claims}
    out, seen = [], set()
    for cid in ids:
        if cid not in known:
            hint = did_you_mean(cid, known) or "list them with: grep '  - id:' claims.yaml"
            raise UsageError(f"unknown claim {cid!r}", hint=hint)
        if cid not in seen:
            seen.add(cid)
            out.append(known[cid])
    return out


def build_citations(ledger: Ledger, claims: Sequence[Claim], *, verify: bool = True,
                    session=None) -> CiteReport:
    """Citations for every evidence item of ``claims``; ``verify=False`` skips the sources
    (enough for a bibliography)."""
    from mali_facts.cite.csl import locate_evidence, source_to_csl

    report = CiteReport(ledger, list(claims))
    items: Dict[str, Dict[str, Any]] = {}
    results = None
    if verify:
        from mali_facts.session import Session

        session = session or Session(ledger, cache=True)
        results = session.verify_claims(claims)
    for n, claim in enumerate(claims):
        for k, ev in enumerate(claim.evidence):
            source = ledger.sources[ev.source]
            if source.id not in items:
                items[source.id] = source_to_csl(source)
            cit = Citation(claim, ev, source, items[source.id], status="verified")
            if results is not None:
                result = results[n][k]
                cit.status, cit.message = result.status, result.message
                if result.start is not None and result.passed:
                    src = session.source(source.id)
                    cit.locator = locate_evidence(src.text, result.start, result.end, src.lines)
                    cit.exact = src.text[result.start:result.end]
                    cit.text = src.text
            report.citations.append(cit)
    report.items = list(items.values())
    return report


def require_reviews(report: CiteReport, *, bibliography: bool = False) -> None:
    """UsageError unless the report has a reviewed claim, and (citing claims by id,
    not ``bibliography``) every claim in it is reviewed: a ClaimReview needs a review."""
    reviewed = [c for c in report.claims if c.review is not None]
    if not reviewed or (not bibliography and len(reviewed) < len(report.claims)):
        from mali_facts.ledger import display_path

        missing = [c for c in report.claims if c.review is None]
        where = {"path": display_path(report.ledger.path), "line": missing[0].line} if missing else {}
        raise UsageError(f"claim {missing[0].id!r} has no review" if missing else "no claim selected",
                         hint="add 'review: {rating: ..., explanation: ...}' to it, "
                              "or cite only reviewed claims", **where)
