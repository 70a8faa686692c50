"""Anchor a quote in a source text.

The order of attempts is: verbatim, normalized (cosmetic folds), elided
(``...``/``…``/``[...]`` omissions and ``[word]`` alterations) and finally a
fuzzy alignment, which can only ever report ``misquoted``.  Offsets are code
points into the ORIGINAL text (start inclusive, end exclusive).

>>> m = locate("Mali’s last coup, in 2012.", "Mali's last coup")
>>> m.status, m.match, m.start, m.end, m.normalizations
('verified', 'normalized', 0, 16, ('quotes',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from rapidfuzz import fuzz

from mali_facts.text.differences import Difference, classify
from mali_facts.text.normalize import ALL, Folded, fold, fold_and_explain, fold_text

__all__ = [
    "Match",
    "Difference",
    "locate",
    "MISQUOTE_MIN_SCORE",
    "ELISION_MAX_GAP",
    "ALTERATION_MAX_CHARS",
    "ALTERATION_MAX_WORDS",
    "CONTEXT_MARGIN",
]

#: A fuzzy alignment below this similarity (rapidfuzz ratio over folded text) is not_found.
MISQUOTE_MIN_SCORE = 80.0
#: Longest omitted source span between two elided pieces (code points, folded).
ELISION_MAX_GAP = 600
#: A bracketed editor's alteration stands for at most this much source text.
ALTERATION_MAX_CHARS = 40
ALTERATION_MAX_WORDS = 6
#: Weighted context score (prefix 20 + suffix 20 + position 2) the best candidate
#: must lead the runner-up by to be chosen.
CONTEXT_MARGIN = 4.0
#: Weights as in hypothesis/client's matchQuote.
W_QUOTE, W_PREFIX, W_SUFFIX, W_POSITION = 50.0, 20.0, 20.0, 2.0

_MAX_CANDIDATES = 10_000
_MAX_SEED_HITS = 200
_MAX_SEEDS = 40
_MAX_WINDOWS = 5
_SHORT_NEEDLE = 64
_SCAN_CHUNK = 100_000
_SCAN_LIMIT = 2_000_000

_ELISION = re.compile(r"\s*(?:\[\s*(?:\.{3,}|\u2026)\s*\]|\.{3,}|\u2026)\s*")
_BRACKET = re.compile(r"\[([^\[\]]{1,80})\]")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Match:
    """Where (and how) a quote was found."""

    status: str  # "verified" | "ambiguous" | "misquoted" | "not_found"
    match: Optional[str]  # verified: exact|normalized|elided; misquoted: fuzzy
    start: Optional[int]
    end: Optional[int]
    score: float
    differences: Tuple[Difference, ...] = ()
    normalizations: Tuple[str, ...] = ()
    candidates: Tuple[Tuple[int, int], ...] = ()

    def to_dict(self) -> Dict[str, Any]:
        return {
            "status": self.status,
            "match": self.match,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "differences": [d.to_dict() for d in self.differences],
            "normalizations": list(self.normalizations),
            "candidates": [list(c) for c in self.candidates],
        }


# --- helpers -----------------------------------------------------------------


def _trim(text: str, a: int, b: int) -> Tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _find_all(hay: str, needle: str, limit: int = _MAX_CANDIDATES) -> List[int]:
    out = []
    i = hay.find(needle)
    while i != -1 and len(out) < limit:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def _context_scores(text: str, cands: Sequence[Tuple[int, int]], prefix: Optional[str],
                    suffix: Optional[str], position: Optional[int]) -> List[float]:
    """Weighted prefix/suffix/position similarity of each candidate (0..42)."""
    pf = fold_text(prefix).strip() if prefix else ""
    sf = fold_text(suffix).strip() if suffix else ""
    n = max(len(text), 1)
    scores = []
    for s, e in cands:
        score = 0.0
        if pf:
            before = fold_text(text[max(0, s - 2 * len(prefix) - 16):s]).strip()[-len(pf):]
            score += W_PREFIX * fuzz.ratio(pf, before) / 100.0
        if sf:
            after = fold_text(text[e:e + 2 * len(suffix) + 16]).strip()[:len(sf)]
            score += W_SUFFIX * fuzz.ratio(sf, after) / 100.0
        if position is not None:
            score += W_POSITION * max(0.0, 1.0 - abs(position - s) / n)
        scores.append(score)
    return scores


def _choose(text: str, cands: Sequence[Tuple[int, int]], prefix: Optional[str],
            suffix: Optional[str], position: Optional[int]) -> Optional[int]:
    """Index of the candidate to report, or None when it is ambiguous."""
    if len(cands) == 1:
        return 0
    if position is not None:
        for k, (s, _) in enumerate(cands):
            if s == position:
                return k
    if not (prefix and prefix.strip()) and not (suffix and suffix.strip()):
        return None
    scores = _context_scores(text, cands, prefix, suffix, position)
    order = sorted(range(len(cands)), key=lambda k: -scores[k])
    if scores[order[0]] - scores[order[1]] >= CONTEXT_MARGIN:
        return order[0]
    return None


def _dedupe(spans: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    seen = set()
    out = []
    for sp in spans:
        if sp not in seen:
            seen.add(sp)
            out.append(sp)
    return out


def _resolved(text: str, cands: List[Tuple[int, int]], kind: str, quote: str,
              prefix, suffix, position, explain) -> Match:
    k = _choose(text, cands, prefix, suffix, position)
    if k is None:
        s, e = cands[0]
        return Match("ambiguous", None, s, e, 100.0, normalizations=explain(s, e),
                     candidates=tuple(cands))
    s, e = cands[k]
    return Match("verified", kind, s, e, 100.0, normalizations=explain(s, e))


# --- normalized ----------------------------------------------------------------


def _normalized(text: str, folded: Folded, fq: str) -> List[Tuple[int, int]]:
    out = []
    for i in _find_all(folded.text, fq):
        s, e = _trim(text, *folded.to_original(i, i + len(fq)))
        # a match that starts or ends inside an expanded character (ﬁ → fi)
        # maps to a span that does not fold back to the quote: not a match
        if s < e and fold_text(text[s:e]).strip() == fq:
            out.append((s, e))
    return _dedupe(out)


# --- elided --------------------------------------------------------------------


class _Piece:
    """One elided piece: literal segments with bracketed alterations between."""

    def __init__(self, original: str) -> None:
        # a leading alteration ("[T]he", "[Sanogo] said") has no left anchor:
        # drop it and anchor the piece on the text that follows
        while True:
            m = _BRACKET.match(original)
            if not m or not original[m.end():].strip():
                break
            original = original[m.end():].lstrip()
        self.original = original
        lits: List[str] = []
        pos = 0
        for m in _BRACKET.finditer(original):
            lits.append(original[pos:m.start()])
            pos = m.end()
        lits.append(original[pos:])
        self.literals = lits  # original form; len(literals) - 1 alterations
        pattern = []
        folded = [fold_text(x) for x in lits]
        for k, lit in enumerate(folded):
            if k > 0:
                prev_space = folded[k - 1].endswith(" ") or not folded[k - 1]
                next_space = lit.startswith(" ")
                if prev_space and next_space and folded[k - 1]:
                    pattern.append(r"(?: |(?: (.{1,%d}?) ))" % ALTERATION_MAX_CHARS)
                else:
                    pattern.append(r"\s?(.{0,%d}?)\s?" % ALTERATION_MAX_CHARS)
            core = lit
            if k > 0:
                core = core.lstrip(" ")
            if k < len(folded) - 1:
                core = core.rstrip(" ")
            pattern.append("(" + re.escape(core) + ")")
        self.regex = re.compile("".join(pattern), re.DOTALL)
        self.n_alt = len(lits) - 1

    def ok(self, m: "re.Match[str]") -> bool:
        for g in range(1, 2 * self.n_alt + 1):
            if g % 2 == 0:  # alteration groups are 2, 4, ...
                alt = m.group(g)
                if alt and len(alt.split()) > ALTERATION_MAX_WORDS:
                    return False
        return True

    def literal_groups(self) -> List[int]:
        return [1 + 2 * k for k in range(len(self.literals))]


def _elided(text: str, folded: Folded, quote: str
            ) -> Tuple[List[Tuple[int, int]], Dict[Tuple[int, int], Tuple[str, ...]]]:
    raw = [p.strip() for p in _ELISION.split(quote)]
    pieces = [_Piece(p) for p in raw if _WORD.search(p)]
    if not pieces or (len(pieces) == 1 and len(raw) == 1 and not _BRACKET.search(quote)):
        return [], {}
    ft = folded.text
    results: List[List["re.Match[str]"]] = []
    budget = [20_000]

    def search(k: int, lo: int, hi: int) -> Iterator[List["re.Match[str]"]]:
        piece = pieces[k]
        pos = lo
        while pos <= hi and budget[0] > 0:
            budget[0] -= 1
            m = piece.regex.search(ft, pos, min(len(ft), hi + len(piece.original) * 2 + 200))
            if m is None or m.start() > hi:
                return
            pos = m.start() + 1
            if not piece.ok(m) or m.end() == m.start():
                continue
            if k == len(pieces) - 1:
                yield [m]
            else:
                for rest in search(k + 1, m.end(), m.end() + ELISION_MAX_GAP):
                    yield [m] + rest
                    break  # first completion for this start is enough

    seen_starts = set()
    for chain in search(0, 0, len(ft)):
        if chain[0].start() in seen_starts:
            continue
        seen_starts.add(chain[0].start())
        results.append(chain)
        if len(results) >= 100:
            break
    spans: List[Tuple[int, int]] = []
    explain: Dict[Tuple[int, int], Tuple[str, ...]] = {}
    for chain in results:
        a = chain[0].start(1)
        b = chain[-1].end(chain[-1].lastindex or 0)
        span = _trim(text, *folded.to_original(a, b))
        needed = set()
        for piece, m in zip(pieces, chain):
            for lit, g in zip(piece.literals, piece.literal_groups()):
                if not lit.strip() or m.start(g) == m.end(g):
                    continue
                s, e = _trim(text, *folded.to_original(m.start(g), m.end(g)))
                got = fold_and_explain(lit.strip(), text[s:e])
                needed.update(got or ())
        if span not in explain:
            spans.append(span)
            explain[span] = tuple(n for n in ALL if n in needed)
    return spans, explain


# --- fuzzy -----------------------------------------------------------------------


def _windows(ft: str, fq: str) -> List[Tuple[int, int]]:
    """Candidate windows of the folded text, seeded by shared word n-grams."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(fq)]
    nw = len(words)
    if nw == 0:
        return []
    n = 3 if nw >= 8 else 2 if nw >= 3 else 1
    count = nw - n + 1
    step = max(1, count // _MAX_SEEDS)
    starts: List[Tuple[int, int]] = []  # (implied quote start, seed index)
    for i in range(0, count, step):
        a, b = words[i][0], words[i + n - 1][1]
        gram = fq[a:b]
        if len(gram) < 3 and n == 1 and nw > 1:
            continue
        hits = _find_all(ft, gram, _MAX_SEED_HITS + 1)
        if len(hits) > _MAX_SEED_HITS:
            continue
        starts.extend((h - a, i) for h in hits)
    if not starts:
        return []
    starts.sort()
    radius = len(fq) // 4 + 50
    clusters: List[List[Tuple[int, int]]] = [[starts[0]]]
    for item in starts[1:]:
        if item[0] - clusters[-1][-1][0] <= radius:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    clusters.sort(key=lambda c: -len({i for _, i in c}))
    slack = len(fq) // 4 + 20
    out = []
    for c in clusters[:_MAX_WINDOWS]:
        out.append((max(0, c[0][0] - slack), min(len(ft), c[-1][0] + len(fq) + slack)))
    return out


def _bounds(ft: str, lo: int, hi: int) -> Tuple[List[int], List[int]]:
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(ft, lo, hi)]
    return [a for a, _ in toks], [b for _, b in toks]


def _refine(ft: str, fq: str, s: int, e: int, lo: int, hi: int) -> Tuple[int, int, float]:
    """Move the span ends to the best nearby token boundaries (by ratio)."""
    starts, ends = _bounds(ft, lo, hi)
    if not starts:
        return s, e, fuzz.ratio(fq, ft[s:e])

    def near(options: List[int], x: int, k: int = 4) -> List[int]:
        from bisect import bisect_left
        j = bisect_left(options, x)
        return options[max(0, j - k):j + k]

    from bisect import bisect_right
    # snap to the token containing each end
    k = bisect_right(starts, s) - 1
    if k >= 0 and s < ends[k]:
        s = starts[k]
    k = bisect_right(starts, e - 1) - 1
    if k >= 0 and e - 1 < ends[k]:
        e = ends[k]
    best = (fuzz.ratio(fq, ft[s:e]), s, e)
    for _ in range(3):
        _, s, e = best
        for s2 in near(starts, s):
            if s2 < e:
                r = fuzz.ratio(fq, ft[s2:e])
                if r > best[0]:
                    best = (r, s2, e)
        _, s, e = best
        for e2 in near(ends, e):
            if e2 > s:
                r = fuzz.ratio(fq, ft[s:e2])
                if r > best[0]:
                    best = (r, s, e2)
    return best[1], best[2], best[0]


def _align(ft: str, fq: str, lo: int, hi: int) -> Tuple[int, int, float]:
    window = ft[lo:hi]
    if len(fq) <= _SHORT_NEEDLE:
        al = fuzz.partial_ratio_alignment(fq, window)
        s, e = lo + al.dest_start, lo + al.dest_end
    else:
        qw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(fq)]
        ww = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(window)]
        sm = SequenceMatcher(None, [w for w, _, _ in qw], [w for w, _, _ in ww], autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            return lo, lo, 0.0
        first, last = blocks[0], blocks[-1]
        i0 = max(0, first.b - first.a)
        i1 = min(len(ww) - 1, last.b + last.size - 1 + (len(qw) - last.a - last.size))
        s, e = lo + ww[i0][1], lo + ww[i1][2]
    return _refine(ft, fq, s, e, max(0, s - 200), min(len(ft), e + 200))


def _fuzzy(ft: str, fq: str) -> List[Tuple[float, int, int]]:
    found = []
    wins = _windows(ft, fq)
    for lo, hi in wins:
        s, e, r = _align(ft, fq, lo, hi)
        if e > s:
            found.append((r, s, e))
    if not wins and len(fq) <= _SHORT_NEEDLE and len(ft) <= _SCAN_LIMIT:
        # bounded scan for short quotes that share no word with the text
        step = _SCAN_CHUNK
        for lo in range(0, max(1, len(ft)), step):
            hi = min(len(ft), lo + step + len(fq))
            s, e, r = _align(ft, fq, lo, hi)
            if e > s:
                found.append((r, s, e))
    found.sort(key=lambda t: (-t[0], t[1]))
    return found


# --- the API ---------------------------------------------------------------------


def locate(text: str, quote: str, *, prefix: Optional[str] = None,
           suffix: Optional[str] = None, position: Optional[int] = None) -> Match:
    """Find ``quote`` in ``text``; see the module docstring for the order of attempts.

    >>> locate("a b a", "a").status, locate("a b a", "a", position=4).start
    ('ambiguous', 4)
    """
    q = quote.strip()
    if not q:
        raise ValueError("empty quote")

    def explain(s: int, e: int) -> Tuple[str, ...]:
        return fold_and_explain(q, text[s:e]) or ()

    exact = [(i, i + len(q)) for i in _find_all(text, q)]
    if exact:
        return _resolved(text, exact, "exact", q, prefix, suffix, position, lambda s, e: ())

    fq = fold_text(q).strip()
    if not fq:
        return Match("not_found", None, None, None, 0.0)
    folded = fold(text)
    normalized = _normalized(text, folded, fq)
    if normalized:
        return _resolved(text, normalized, "normalized", q, prefix, suffix, position, explain)

    if _ELISION.search(q) or _BRACKET.search(q):
        spans, why = _elided(text, folded, q)
        if spans:
            return _resolved(text, spans, "elided", q, prefix, suffix, position,
                             lambda s, e: why[(s, e)])

    found = _fuzzy(folded.text, fq)
    if not found:
        return Match("not_found", None, None, None, 0.0)
    best = found[0][0]
    if best < MISQUOTE_MIN_SCORE:
        return Match("not_found", None, None, None, round(best, 2))
    spans = _dedupe([_trim(text, *folded.to_original(s, e))
                     for r, s, e in found if r >= best - 1e-9])
    k = _choose(text, spans, prefix, suffix, position)
    if k is None:
        s, e = spans[0]
        return Match("ambiguous", None, s, e, round(best, 2), candidates=tuple(spans))
    s, e = spans[k]
    diffs = tuple(classify(q, text[s:e]))
    return Match("misquoted", "fuzzy", s, e, round(best, 2), differences=diffs)
