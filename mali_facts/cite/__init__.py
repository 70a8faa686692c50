"""The `cite` service: claims -> verified evidence -> citations in a style.

``build_citations(ledger, ids)`` verifies each selected claim's quotes and pins
them with a :class:`~mali_facts.cite.csl.Locator`; ``render(report, style)``
turns the result into text. Every style module has ``render(report, bibliography)``.
Nothing here prints.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from mali_facts.errors import UsageError, did_you_mean
from mali_facts.model import Claim, Evidence, Ledger, Source

# style -> (module, one-line description for --help and the README)
STYLES: Dict[str, tuple] = {
    "text": ("mali_facts.cite.text", "plain text: claim, quote, locator and APA 7 reference"),
    "markdown": ("mali_facts.cite.text", "Markdown: the quote as a blockquote, italics as in APA 7"),
    "apa": ("mali_facts.cite.text", "APA 7 reference-list entries"),
    "mla": ("mali_facts.cite.text", "MLA 9 works-cited entries"),
    "chicago": ("mali_facts.cite.text", "Chicago notes-bibliography bibliography entries"),
    "bibtex": ("mali_facts.cite.bibtex", "BibTeX entries, one per source"),
    "ris": ("mali_facts.cite.ris", "RIS records, one per source"),
    "csl-json": ("mali_facts.cite.csljson", "CSL-JSON items, one per source"),
    "annotation": ("mali_facts.cite.annotation", "W3C Web Annotation JSON-LD, one per quote"),
    "claimreview": ("mali_facts.cite.claimreview", "schema.org ClaimReview JSON-LD for reviewed claims"),
}


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


def check_style(style: str) -> str:
    if style not in STYLES:
        raise UsageError(f"unknown style {style!r}",
                         hint=did_you_mean(style, STYLES) or "use one of " + ", ".join(STYLES))
    return style


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


def render(report: CiteReport, style: str, *, bibliography: bool = False) -> str:
    """The report in ``style``; ``bibliography`` asks for the deduplicated reference list."""
    module = importlib.import_module(STYLES[check_style(style)][0])
    return module.render(report, style=style, bibliography=bibliography)


def reference_formatter(style: str):
    """The entry and sort-key functions of a reference style (apa, mla, chicago)."""
    name = {"text": "apa", "markdown": "apa"}.get(style, style)
    return importlib.import_module(f"mali_facts.cite.{name}")


def bibliography(items: Sequence[Dict[str, Any]], style: str) -> List[str]:
    """Marked-up entries sorted as the style requires (see :mod:`mali_facts.cite._format`)."""
    module = reference_formatter(style)
    entries = []
    previous = None
    for item in sorted(items, key=module.sort_key):
        if style == "mla":  # subsequent-author-substitute
            names = module.authors(item)
            entry = module.entry(item, author_text=module.SUBSEQUENT_AUTHOR
                                 if names and names == previous else None)
            previous = names
        else:
            entry = module.entry(item)
        entries.append(entry)
    return entries
