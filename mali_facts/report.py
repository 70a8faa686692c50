"""The `report` service: everything the HTML ledger shows, computed once, no markup.

``build_report(ledger)`` verifies the ledger (or takes a :class:`CheckReport`
already made), measures coverage, orders the timeline and formats each
source's APA reference, and returns a :class:`Report`. The renderer
(:mod:`mali_facts.render.report`) only turns it into HTML. Pure: reads the
source files, prints nothing, writes nothing.

Each source's text is cut into :class:`Piece` s at every boundary of every
cited span, so overlapping quotes from several claims never nest: each piece
lists the spans and claims that cover it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Dict, List, Optional, Sequence, Tuple

from mali_facts.ledger import Ledger
from mali_facts.verify import PASSING, STATUSES, CheckReport

Span = Tuple[int, int]

#: The rating a claim without a review gets in the filters.
UNREVIEWED = "not-reviewed"


@dataclass(frozen=True)
class Highlight:
    """One cited span of a source, and the claims that cite exactly it."""

    source: str
    start: int
    end: int
    claims: Tuple[str, ...]
    status: str                    # the worst status of the quotes found here

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def anchor(self) -> str:
        return anchor(self.source, self.start, self.end)


@dataclass(frozen=True)
class Piece:
    """A run of source text with the same set of covering spans (maybe none).

    ``page`` is set (and ``text`` empty) for a page break: a form feed in the text.
    """

    start: int
    end: int
    text: str
    spans: Tuple[Highlight, ...] = ()
    begins: Tuple[Highlight, ...] = ()     # spans that start here (their anchors go here)
    ends: Tuple[Highlight, ...] = ()       # spans that end here (their links back go here)
    page: Optional[int] = None

    @property
    def claims(self) -> Tuple[str, ...]:
        out: List[str] = []
        for h in self.spans:
            out.extend(c for c in h.claims if c not in out)
        return tuple(out)

    @property
    def misquoted(self) -> bool:
        return any(h.status not in PASSING for h in self.spans)


@dataclass(frozen=True)
class DiffPart:
    text: str
    changed: bool


@dataclass
class EvidenceView:
    number: int                     # 1-based, within its claim
    source: str
    source_title: str
    quote: str
    status: str
    message: str
    start: Optional[int] = None     # where it was found (not necessarily the recorded offsets)
    end: Optional[int] = None
    found: Optional[str] = None
    differences: list = field(default_factory=list)
    quote_diff: List[DiffPart] = field(default_factory=list)   # misquoted: the quote, changes marked
    source_diff: List[DiffPart] = field(default_factory=list)  # misquoted: the source, changes marked
    warnings: List[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status in PASSING

    @property
    def anchor(self) -> Optional[str]:
        return None if self.start is None else anchor(self.source, self.start, self.end)


@dataclass
class ClaimView:
    id: str
    statement: str
    status: str                     # worst status of its quotes
    failed: bool
    evidence: List[EvidenceView]
    date: Optional[str] = None      # as people read it: 2002, Aug 2013, 18 Aug 2020
    date_iso: Optional[str] = None
    tags: List[str] = field(default_factory=list)
    entities: List[str] = field(default_factory=list)
    rating: Optional[str] = None
    explanation: Optional[str] = None
    references: List[str] = field(default_factory=list)
    review_date: Optional[str] = None
    warnings: List[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"


@dataclass
class SourceView:
    id: str
    title: str
    file: str
    citation: List[DiffPart]        # the APA entry; ``changed`` marks italics
    subtitle: Optional[str] = None
    publisher: Optional[str] = None
    authors: List[str] = field(default_factory=list)
    type: Optional[str] = None
    published: Optional[str] = None
    accessed: Optional[str] = None
    url: Optional[str] = None
    note: Optional[str] = None
    sha256: Optional[str] = None
    error: Optional[str] = None     # the text cannot be read
    pieces: List[Piece] = field(default_factory=list)
    highlights: List[Highlight] = field(default_factory=list)
    coverage: Optional[float] = None       # percent of substantive sentences covered
    covered: int = 0
    sentences: int = 0                     # substantive sentences
    pages: int = 1

    @property
    def anchor(self) -> str:
        return f"source-{self.id}"


@dataclass
class EventView:
    claim: str
    date: str
    date_iso: str
    statement: str
    status: str
    rating: Optional[str] = None


@dataclass
class Report:
    title: str
    claims_file: str
    claims: List[ClaimView]
    sources: List[SourceView]
    timeline: List[EventView]
    summary: Dict[str, int]
    tags: List[str]
    entities: List[str]
    statuses: List[str]
    ratings: List[str]
    failed: bool


def _case(text: str) -> str:
    """A case-insensitive sort key: the text engine's ``case`` fold."""
    from mali_facts.text.normalize import fold_text

    return fold_text(text, ("case",))


def anchor(source: str, start: int, end: int) -> str:
    """The fragment id of a cited span.

    >>> anchor("mali-coup-2020", 2787, 2981)
    'source-mali-coup-2020-2787-2981'
    """
    return f"source-{source}-{start}-{end}"


def worst(statuses: Sequence[str]) -> str:
    """The worst of some statuses (``verified`` for none).

    >>> worst(["verified", "misquoted", "drifted"])
    'misquoted'
    """
    return max(statuses, key=STATUSES.index, default="verified")


def cut(text: str, source: str, highlights: Sequence[Highlight]) -> List[Piece]:
    """Cut ``text`` at every span boundary and every form feed.

    Highlighted pieces list the spans covering them; a form feed becomes a page
    break piece (pages count from 1; the first break starts page 2).

    >>> h1 = Highlight("s", 0, 5, ("a",), "verified")
    >>> h2 = Highlight("s", 3, 8, ("b",), "verified")
    >>> [(p.text, p.claims) for p in cut("abcdefghij", "s", [h1, h2])]
    [('abc', ('a',)), ('de', ('a', 'b')), ('fgh', ('b',)), ('ij', ())]
    >>> [(p.text, p.page) for p in cut("one\\ftwo", "s", [])]
    [('one', None), ('', 2), ('two', None)]
    """
    bounds = {0, len(text)}
    for h in highlights:
        bounds.update((h.start, h.end))
    page = 1
    i = text.find("\f")
    while i != -1:
        bounds.update((i, i + 1))
        i = text.find("\f", i + 1)
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    order = {h: i for i, h in enumerate(sorted(highlights, key=lambda h: (h.start, -h.end)))}
    starting: Dict[int, List[Highlight]] = {}
    for h in highlights:
        if h.end > h.start:
            starting.setdefault(h.start, []).append(h)
    active: List[Highlight] = []      # a sweep: the spans open at the current cut
    pieces: List[Piece] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [h for h in active if h.end > a] + starting.get(a, [])
        if text[a:b] == "\f":
            page += 1
            pieces.append(Piece(a, b, "", page=page))
            continue
        spans = tuple(sorted(active, key=order.__getitem__))
        begins = tuple(h for h in spans if h.start == a)
        ends = tuple(h for h in spans if h.end == b)
        pieces.append(Piece(a, b, text[a:b], spans, begins, ends))
    return pieces


_TOKENS = re.compile(r"\s+|\w+(?:['\u2019]\w+)*|[^\w\s]")


def word_diff(quote: str, found: str) -> Tuple[List[DiffPart], List[DiffPart]]:
    """The quote and the source text, each cut into unchanged and changed parts.

    Words are compared as written (case, digits and punctuation count); runs of
    white space never count as a change.

    >>> q, s = word_diff("six training missions", "seven training missions")
    >>> [(p.text, p.changed) for p in q]
    [('six', True), (' training missions', False)]
    >>> [(p.text, p.changed) for p in s]
    [('seven', True), (' training missions', False)]
    """
    qt = _TOKENS.findall(quote)
    st = _TOKENS.findall(found)
    qw = [t for t in qt if not t.isspace()]
    sw = [t for t in st if not t.isspace()]
    q_changed = [True] * len(qw)
    s_changed = [True] * len(sw)
    for block in SequenceMatcher(None, qw, sw, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            q_changed[block.a + k] = False
            s_changed[block.b + k] = False
    return _parts(qt, q_changed), _parts(st, s_changed)


def _parts(tokens: List[str], changed: List[bool]) -> List[DiffPart]:
    out: List[DiffPart] = []
    k = 0
    for tok in tokens:
        if tok.isspace():
            # a space between two changed words belongs to the change
            flag = bool(out) and out[-1].changed and k < len(changed) and changed[k]
        else:
            flag = changed[k]
            k += 1
        if out and out[-1].changed == flag:
            out[-1] = DiffPart(out[-1].text + tok, flag)
        else:
            out.append(DiffPart(tok, flag))
    return out


def _citation(source) -> List[DiffPart]:
    from mali_facts.cite.references import reference_formatter
    from mali_facts.cite._format import IT_OFF, IT_ON
    from mali_facts.cite.csl import source_to_csl

    marked = reference_formatter("apa").entry(source_to_csl(source))
    parts: List[DiffPart] = []
    italic = False
    for chunk in re.split(f"([{IT_ON}{IT_OFF}])", marked):
        if chunk == IT_ON:
            italic = True
        elif chunk == IT_OFF:
            italic = False
        elif chunk:
            parts.append(DiffPart(chunk, italic))
    return parts


def build_report(ledger: Ledger, check: Optional[CheckReport] = None) -> Report:
    """The whole page's content. ``check`` may be a :class:`CheckReport` already made."""
    from mali_facts.coverage import coverage
    from mali_facts.timeline import display_date, timeline
    from mali_facts.verify import verify_ledger

    check = check or verify_ledger(ledger)
    cov = {s.id: s for s in coverage(ledger, report=check).sources}

    claims: List[ClaimView] = []
    found: Dict[str, Dict[Span, List]] = {sid: {} for sid in ledger.sources}
    for cr in check.claims:
        c = cr.claim
        views = []
        for n, er in enumerate(cr.evidence, 1):
            src = ledger.sources.get(er.evidence.source)
            view = EvidenceView(
                n, er.evidence.source, (src.title or src.publisher or src.id) if src else er.evidence.source, er.evidence.quote,
                er.status, er.message, er.start, er.end, er.found, list(er.differences),
                warnings=list(er.warnings))
            if er.status == "misquoted" and er.found is not None:
                view.quote_diff, view.source_diff = word_diff(er.evidence.quote, er.found)
            if er.start is not None and er.end is not None and er.end > er.start:
                found.setdefault(view.source, {}).setdefault((er.start, er.end), []).append((c.id, er.status))
            views.append(view)
        r = c.review
        claims.append(ClaimView(
            c.id, c.statement, cr.status, cr.failed(check.strict), views,
            date=display_date(c.date) if c.date else None, date_iso=str(c.date) if c.date else None,
            tags=list(c.tags), entities=list(c.entities),
            rating=r.rating if r else None, explanation=r.explanation if r else None,
            references=list(r.references) if r else [],
            review_date=str(r.date) if r and r.date else None, warnings=list(cr.warnings)))

    sources: List[SourceView] = []
    for sid, s in ledger.sources.items():
        text = check.sources[sid].text if sid in check.sources else None
        title = s.title or (f"Untitled page on {s.publisher}" if s.publisher else f"Untitled source {sid}")
        view = SourceView(
            sid, title, s.file, _citation(s), subtitle=s.subtitle, publisher=s.publisher,
            authors=list(s.authors), type=s.type,
            published=display_date(s.published) if s.published else None,
            accessed=display_date(s.accessed) if s.accessed else None,
            url=s.url, note=s.note, sha256=s.sha256)
        if text is None:
            view.error = check.sources[sid].error if sid in check.sources else "cannot be read"
        else:
            hl = []
            for (a, b), cites in sorted(found.get(sid, {}).items()):
                ids: List[str] = []
                for cid, _ in cites:
                    if cid not in ids:
                        ids.append(cid)
                hl.append(Highlight(sid, a, b, tuple(ids), worst([st for _, st in cites])))
            view.highlights = hl
            view.pieces = cut(text, sid, hl)
            view.pages = text.count("\f") + 1
        sc = cov.get(sid)
        if sc is not None and sc.error is None:
            view.coverage, view.covered, view.sentences = sc.percent, sc.count("covered"), sc.substantive
        sources.append(view)

    status_of = {c.id: c.status for c in claims}
    events = [EventView(e.claim.id, e.display, str(e.date), e.claim.statement,
                        status_of[e.claim.id], e.rating) for e in timeline(ledger)]

    summary = {
        "claims": len(claims),
        "verified": sum(1 for c in claims if not c.failed),
        "failing": sum(1 for c in claims if c.failed),
        "reviewed": sum(1 for c in claims if c.rating),
        "quotes": sum(len(c.evidence) for c in claims),
        "sources": len(sources),
    }
    from mali_facts.ledger import RATINGS

    present = {c.rating or UNREVIEWED for c in claims}
    ratings = [r for r in RATINGS if r in present] + ([UNREVIEWED] if UNREVIEWED in present else [])
    return Report(
        title="mali-facts ledger",
        claims_file=_display(ledger),
        claims=claims, sources=sources, timeline=events, summary=summary,
        tags=sorted({t for c in claims for t in c.tags}),
        entities=sorted({e for c in claims for e in c.entities}, key=_case),
        statuses=[s for s in STATUSES if any(c.status == s for c in claims)],
        ratings=ratings,
        failed=check.failed,
    )


def _display(ledger: Ledger) -> str:
    """The claims file's name only: a published page should not show a local path."""
    return ledger.path.name
