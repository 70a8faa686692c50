"""The search service: passages of the sources and claim statements, ranked by BM25.

``search(ledger, query)`` brings the on-disk index up to date with the ledger
(see :mod:`mali_facts.search.index`), expands the query (:mod:`mali_facts.search.query`)
and returns :class:`SearchReport`. No printing here.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from mali_facts.errors import MaliFactsError, UsageError, did_you_mean
from mali_facts.ledger import Ledger

KINDS = ("passage", "claim", "all")
# FTS5 ranks every match by its own BM25 and hands over the best CANDIDATES x limit
# (at least MIN_CANDIDATES), which are scored again here with the discounts of
# expansions: enough that the results do not depend on FTS5's slightly different
# weighting (it treats every alternative alike and counts length in tokens).
CANDIDATES = 10
MIN_CANDIDATES = 500


class _Changed(Exception):
    """A source's bytes are no longer those indexed: the file changed during the search."""


class _Disagrees(Exception):
    """The index says something its sources do not (a passage's text, a claim's
    statement, which claims quote a passage): it is not used, but built again."""


@dataclass
class Hit:
    kind: str                       # passage | claim
    score: float
    text: str                       # the passage as it stands in the source, or the statement
    claims: List[str]               # ids of claims citing the passage (or the claim itself)
    source: Optional[str] = None    # source id (passages)
    start: Optional[int] = None     # code points into the source file
    end: Optional[int] = None
    line: Optional[int] = None      # in the source file (passages) or claims file (claims)
    column: Optional[int] = None
    highlights: List[Tuple[int, int]] = field(default_factory=list)  # spans of `text`
    # (claim id, status as `check` gives it, review rating or None), in the order of `claims`
    verdicts: List[Tuple[str, str, Optional[str]]] = field(default_factory=list)


@dataclass
class SearchReport:
    query: str
    hits: List[Hit]
    suggestions: List[str] = field(default_factory=list)
    expansions: List[Tuple[str, str, str]] = field(default_factory=list)  # (term, alternative, why)
    index: object = None
    # sources left out of the search, as `check` reports them ("seeds/x.txt:3: not valid UTF-8 …")
    unsearched: List[str] = field(default_factory=list)
    # what the user should know about how the query was run (one line each)
    notes: List[str] = field(default_factory=list)


def _filters(ledger: Ledger, source: Optional[str], tag: Optional[str], kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}", hint=did_you_mean(kind, KINDS) or "use passage, claim or all")
    if source is not None and source not in ledger.sources:
        raise UsageError(f"unknown source {source!r}",
                         hint=did_you_mean(source, ledger.sources) or "see the claims file's 'sources:'")
    if tag is not None:
        tags = sorted({t for c in ledger.claims for t in c.tags})
        if tag not in tags:
            raise UsageError(f"unknown tag {tag!r}", hint=did_you_mean(tag, tags) or "no claim has it")


def search(ledger: Ledger, raw: str, *, source: Optional[str] = None, tag: Optional[str] = None,
           kind: str = "all", limit: int = 10, cache: Optional[Path] = None,
           progress: Optional[Callable[[int, int], None]] = None, trust: bool = True,
           on_wait: Optional[Callable[[str], None]] = None) -> SearchReport:
    """Rank passages and claims for ``raw``. Raises UsageError for a bad query or filter.

    ``progress(done, total)`` is called while new or changed sources are indexed;
    ``on_wait(path)`` when another process holds the index's write lock (see
    :func:`mali_facts.search.index.open_index`). With ``trust=False`` the index is
    built again before it is used. Every result is re-checked against the sources
    (its text, and the claims quoting it); an index that disagrees is built again."""
    from mali_facts.search import query as Q
    from mali_facts.limits import limit as budget, raise_hint
    from mali_facts.search.index import damaged, discard, forget, open_index

    _filters(ledger, source, tag, kind)
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    if limit > budget("MAX_SEARCH_LIMIT"):
        raise UsageError(f"--limit must be at most {budget('MAX_SEARCH_LIMIT')}",
                         hint=raise_hint("MAX_SEARCH_LIMIT"))
    if len(raw) > budget("MAX_QUERY_CHARS"):
        raise UsageError(f"the query has {len(raw)} characters, over the limit of "
                         f"{budget('MAX_QUERY_CHARS')}",
                         hint="search for a few words or a short phrase")
    try:
        q = Q.parse(raw, ledger.alias_table().values())
    except ValueError as exc:
        raise UsageError(f"{exc}: {raw!r}", hint="search for a word that carries meaning") from None
    notes = Q.notes(q)
    changed_once = rebuilt = False
    while True:  # a few rounds: a source re-read, an index rebuilt or found to disagree
        conn, info = open_index(ledger, root=cache, progress=progress, trust=trust,
                                on_wait=on_wait)
        try:
            report = _run(conn, info, ledger, q, source, tag, kind, limit, recheck=trust)
            report.notes = [info.note] if info.note else []
            if rebuilt:
                report.notes.append(f"the search index {info.path} was damaged; it was built again")
            report.notes += notes
            return report
        except _Changed as changed:
            sid = changed.args[0]
            if changed_once:
                raise MaliFactsError(f"source {sid!r} changed twice while it was searched",
                                     path=ledger.sources[sid].file,
                                     hint="search again once the file is written") from None
            changed_once = True
            # the index may be stale with the file's size, mtime and inode unchanged
            # (rewritten in place): that file is hashed again next round
            forget(conn, sid)
        except _Disagrees:
            trust = False  # built again from the sources, and not re-checked: just read
        except sqlite3.DatabaseError as exc:
            # damaged inside, the header intact: checked, then built again once
            if rebuilt or info.path == ":memory:" or not damaged(conn):
                raise MaliFactsError(f"the search index {info.path} cannot be used: {exc}",
                                     hint="delete it; it is rebuilt on the next search") from None
            rebuilt = True
            conn.close()
            discard(info.path)
        finally:
            conn.close()


def _vocabulary(conn, terms: Iterable[str], cutoff: float) -> List[str]:
    """The vocabulary terms that can be at least ``cutoff`` % similar to one of ``terms``.

    rapidfuzz's ratio is 200 x common / (len1 + len2), so a term of length n can only
    reach the cutoff against lengths from n x c / (200 - c) to n x (200 - c) / c.
    """
    out: set = set()
    for term in set(terms):
        n = len(term)
        lo, hi = n * cutoff / (200 - cutoff), n * (200 - cutoff) / cutoff
        out.update(r[0] for r in conn.execute("SELECT term FROM terms WHERE len BETWEEN ? AND ?",
                                              (math.floor(lo), math.ceil(hi))))
    return sorted(out)  # in term order, as the FTS5 vocabulary lists them


def _run(conn, info, ledger, q, source, tag, kind, limit, recheck: bool = False) -> SearchReport:
    from mali_facts.search import query as Q
    from mali_facts.search.text import claim_texts, fold_text

    report = SearchReport(q.raw, [], index=info,
                          unsearched=[info.errors[sid] for sid in ledger.sources if sid in info.errors])
    Q.expand_hyphenation(q, lambda words: _present(conn, words))
    singles = {a.tokens[0] for g in q.groups for a in g.alternatives if len(a.tokens) == 1}
    known = _present(conn, singles)
    Q.expand_stems(q, _forms(conn, singles))
    if singles - known:
        Q.expand_typos(q, known, _vocabulary(conn, singles - known, Q.TYPO_MIN))
    report.expansions = [(g.text, " ".join(a.tokens), a.why) for g in q.groups
                         for a in g.alternatives if a.why in ("typo", "alias", "stem", "hyphen")]
    rows = conn.execute(
        "SELECT u.id, u.doc, u.start, u.end, u.claim, u.body FROM units u WHERE u.id IN "
        "(SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?)",
        (Q.fts_expression(q), max(MIN_CANDIDATES, CANDIDATES * limit))).fetchall()
    terms = {t for g in q.groups for a in g.alternatives for t in a.tokens}
    df = dict(conn.execute(f"SELECT term, df FROM terms WHERE term IN ({','.join('?' * len(terms))})",
                           tuple(terms))) if terms else {}
    stats = conn.execute("SELECT value FROM meta WHERE key='stats'").fetchone()
    n_docs, avgdl = (int(stats[0].split()[0]), float(stats[0].split()[1])) if stats else (1, 1.0)
    # the sources each indexed text stands for (several sources may share one file's bytes)
    sources_of: Dict[int, List[str]] = {}
    indexed: Dict[str, str] = {}
    for sid, doc, sha in conn.execute("SELECT s.id, d.id, d.sha256 FROM sources s "
                                      "JOIN docs d ON d.sha256 = s.sha256 ORDER BY s.id"):
        if sid in ledger.sources:
            sources_of.setdefault(doc, []).append(sid)
            indexed[sid] = sha
    claims_by_id = {c.id: c for c in ledger.claims}
    order = {c.id: i for i, c in enumerate(ledger.claims)}
    tagged = {c.id for c in ledger.claims if tag in c.tags} if tag else None
    cited_from = {c.id: {e.source for e in c.evidence} for c in ledger.claims}

    scored = []
    for uid, doc, start, end, claim_id, body in rows:
        is_claim = claim_id is not None
        if is_claim and kind == "passage" or not is_claim and kind == "claim":
            continue
        if is_claim:
            if claim_id not in claims_by_id:
                continue
            if tagged is not None and claim_id not in tagged:
                continue
            if source is not None and source not in cited_from.get(claim_id, ()):
                continue
            sid = None
        else:
            owners = sources_of.get(doc)
            if not owners or source is not None and source not in owners:
                continue
            sid = source if source is not None else owners[0]
        level, score = Q.score(q, body, df, n_docs, avgdl)
        if score > 0:
            scored.append((score, uid, sid, start, end, claim_id, level))
    cites: Dict[int, List[str]] = {}
    if scored:
        ids = [s[1] for s in scored]
        for unit, claim in conn.execute(
                f"SELECT unit, claim FROM cites WHERE unit IN ({','.join('?' * len(ids))})", ids):
            cites.setdefault(unit, []).append(claim)
    if tagged is not None:
        scored = [s for s in scored if s[5] is not None or set(cites.get(s[1], ())) & tagged]
    # a claim's statement and review are two units: the claim is ranked by the better one
    best: Dict[str, tuple] = {}
    for s in scored:
        if s[5] is not None and (s[5] not in best or (s[6], s[0]) > (best[s[5]][6], best[s[5]][0])):
            best[s[5]] = s
    scored = [s for s in scored if s[5] is None or best[s[5]] is s]
    # Passages first (the sentence a reader asks for, with the claims citing it),
    # then claim statements; each kind ranked by score, ties in source and text order
    # (claims in ledger order), at most `limit` of each.
    # (groups matched as written first: an expansion never outranks an exact match)
    scored.sort(key=lambda s: (s[5] is not None, -s[6], -s[0], s[2] or "", s[3] or 0, order.get(s[5], 0)))
    passages = [s for s in scored if s[5] is None][:limit]
    claims = [s for s in scored if s[5] is not None][:limit]
    texts: Dict[str, object] = {}
    verdicts = {c: (st, r) for c, st, r in conn.execute("SELECT claim, status, rating FROM verdicts")}
    quoted: Dict[str, List[Tuple[str, int, int]]] = {}
    for score, uid, sid, start, end, claim_id, _ in passages + claims:
        if claim_id is not None:
            claim = claims_by_id[claim_id]
            text = " ".join(claim.statement.split())
            if recheck and _bodies(conn, uid) not in {fold_text(t) for t in claim_texts(claim)}:
                raise _Disagrees(claim_id)
            hit = Hit("claim", round(score, 3), text, [claim_id], line=claim.line, column=None)
        else:
            src = texts.get(sid)
            if src is None:
                from mali_facts.sources import read_source

                src = texts[sid] = read_source(ledger.sources[sid])
            if src.text is None or src.sha256 != indexed[sid]:
                raise _Changed(sid)
            line, column = src.line_col(start)
            text = src.text[start:end]
            cited = _ordered(cites.get(uid, []), order)
            if recheck:
                if sid not in quoted:
                    quoted[sid] = _quoted(ledger, sid, src)
                if (_bodies(conn, uid) != fold_text(text) or
                        cited != _ordered([c for c, a, b in quoted[sid] if a < end and b > start], order)):
                    raise _Disagrees(sid)
            hit = Hit("passage", round(score, 3), text, cited,
                      source=sid, start=start, end=end, line=line, column=column)
        hit.highlights = Q.highlight_spans(hit.text, q.terms)
        hit.verdicts = [(c, *verdicts.get(c, ("verified", None))) for c in hit.claims]
        if recheck:
            for c, status, rating in hit.verdicts:
                if (status, rating) != _verdict(ledger, claims_by_id[c], texts):
                    raise _Disagrees(c)
        report.hits.append(hit)
    if not report.hits:
        words = ([g.text for g in q.groups if " " not in g.text] or
                 [t for g in q.groups for t in g.text.split()])
        report.suggestions = Q.suggestions(words, _vocabulary(conn, words, Q.SUGGEST_MIN))
    return report


def _forms(conn, terms) -> Callable[[str], List[str]]:
    """``forms(term)``: the vocabulary terms whose stem is related to ``term``'s
    (FTS5's porter stemmer; see :mod:`mali_facts.search.stem`)."""
    from mali_facts.search.stem import prefix, related, stems

    stem_of = stems(conn, sorted(terms))
    near: Dict[str, List[str]] = {}
    for term, stem in stem_of.items():
        p = prefix(stem)
        near[term] = [r[0] for r in conn.execute(
            "SELECT term FROM terms WHERE term >= ? AND term < ?", (p, p + "\U0010ffff")) if r[0] != term]
    stem_of.update(stems(conn, sorted({w for words in near.values() for w in words})))
    out = {term: [w for w in words if related(stem_of[term], stem_of[w])] for term, words in near.items()}
    return lambda term: out.get(term, [])


def _verdict(ledger: Ledger, claim, texts: Dict[str, object]) -> Tuple[str, Optional[str]]:
    """A claim's status as `check` gives it (its worst quote) and its rating, from the
    sources themselves (``texts``: source id -> text read, shared with the caller)."""
    from mali_facts.sources import read_source
    from mali_facts.verify import STATUSES, verify_evidence

    worst = "verified"
    for ev in claim.evidence:
        if ev.source not in ledger.sources:
            continue
        if ev.source not in texts:
            texts[ev.source] = read_source(ledger.sources[ev.source])
        worst = max(worst, verify_evidence(claim, ev, texts[ev.source]).status, key=STATUSES.index)
    return worst, claim.review.rating if claim.review else None


def _bodies(conn, uid: int) -> Optional[str]:
    row = conn.execute("SELECT body FROM units WHERE id=?", (uid,)).fetchone()
    return None if row is None else row[0]


def _quoted(ledger: Ledger, sid: str, src) -> List[Tuple[str, int, int]]:
    """``(claim id, start, end)`` of every quote of source ``sid`` found in its text
    (``src``, as read by :func:`mali_facts.sources.read_source`), as `check` finds it."""
    from mali_facts.verify import verify_evidence

    out = []
    for claim in ledger.claims:
        for ev in claim.evidence:
            if ev.source == sid:
                result = verify_evidence(claim, ev, src)
                if result.start is not None:
                    out.append((claim.id, result.start, result.end))
    return out


def _present(conn, terms) -> "set[str]":
    if not terms:
        return set()
    terms = tuple(terms)
    return {r[0] for r in conn.execute(
        f"SELECT term FROM terms WHERE term IN ({','.join('?' * len(terms))})", terms)}


def _ordered(ids: List[str], order: Dict[str, int]) -> List[str]:
    return sorted(set(ids), key=lambda i: order.get(i, 0))
