"""mali_facts/text/locate.py as of main 02057b0, before the fuzzy search was made
faster: the oracle of tests/text/test_engine_reference.py, which compares every
answer of the engine with this one. Not to be edited but to follow a deliberate
change of results."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from rapidfuzz import fuzz

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ref_differences import (NEGATING_PREFIXES, Difference, classify, is_number,  # noqa: E402
                             negations, tokenize, word_kind)
from mali_facts.text.normalize import ALL, Folded, fold, fold_and_explain, fold_text
from mali_facts.text.syntax import BRACKET as _BRACKET
from mali_facts.text.syntax import ELISION as _ELISION
from mali_facts.text.syntax import MIN_CONTENT, has_content
from mali_facts.text.syntax import cut as _cut
from mali_facts.text.syntax import inside_word as _inside_word
from mali_facts.text.syntax import wordy as _wordy
from mali_facts.text.syntax import content_chars as _content

__all__ = [
    "Match",
    "Difference",
    "locate",
    "MISQUOTE_MIN_SCORE",
    "FUZZY_SEEDS",
    "FUZZY_SEED_HITS",
    "FUZZY_WINDOWS",
    "FUZZY_WINDOW_QUOTES",
    "ELISION_MAX_GAP",
    "ALTERATION_MAX_CHARS",
    "ALTERATION_MAX_WORDS",
    "CONTEXT_MARGIN",
    "CONTEXT_CHARS",
    "MIN_CONTENT",
    "NAME_CONTEXT",
    "has_content",
]

#: A fuzzy alignment below this similarity (rapidfuzz ratio over folded text) is not_found.
MISQUOTE_MIN_SCORE = 80.0
#: Longest omitted source span between two elided pieces (code points, folded).
ELISION_MAX_GAP = 600
#: A bracketed alteration inside a word ([T]he) replaces at most this many
#: characters of that word; one between words replaces 1 to ALTERATION_MAX_WORDS
#: whole source words, never none.
ALTERATION_MAX_CHARS = 40
ALTERATION_MAX_WORDS = 6
#: How far before a quote an alteration's name may be given (code points; the
#: paragraph of the quote and the one before it, within this limit).
NAME_CONTEXT = 5_000
#: Prefix and suffix are compared on at most this many folded characters.
CONTEXT_CHARS = 64
#: Weighted context score (prefix 20 + suffix 20 + position 2) the best candidate
#: must lead the runner-up by to be chosen.
CONTEXT_MARGIN = 4.0
#: Weights as in hypothesis/client's matchQuote.
W_QUOTE, W_PREFIX, W_SUFFIX, W_POSITION = 50.0, 20.0, 20.0, 2.0
#: Added for a prefix (or suffix) equal to the text next to the candidate as written,
#: not only after folding: more than CONTEXT_MARGIN, so the exact one wins.
W_EXACT_CONTEXT = 5.0
#: Fuzzy candidates this close to the best similarity are near-equal: a position
#: hint picks among them.
FUZZY_TIE = 2.0

#: The fuzzy search's budget per quote (docs/performance.md): at most this many
#: word n-grams of the quote, spread over it, are looked up in the folded text
#: (one ``str.find`` pass each); an n-gram found more than FUZZY_SEED_HITS times
#: is no seed; at most FUZZY_WINDOWS windows are aligned, each at most
#: FUZZY_WINDOW_QUOTES times as long as the quote plus its slack.
FUZZY_SEEDS = 8
FUZZY_SEED_HITS = 200
FUZZY_WINDOWS = 5
FUZZY_WINDOW_QUOTES = 2

_MAX_CANDIDATES = 10_000
_MAX_SEED_HITS = FUZZY_SEED_HITS
_MAX_SEEDS = FUZZY_SEEDS
_MAX_WINDOWS = FUZZY_WINDOWS
_SHORT_NEEDLE = 64
_SCAN_CHUNK = 100_000
_SCAN_LIMIT = 2_000_000

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
    #: why the match fails under --strict though it passes (a long alteration, a splice)
    warnings: Tuple[str, ...] = ()

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
            "warnings": list(self.warnings),
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
    # only the CONTEXT_CHARS next to the quote count: each is folded once, and
    # each candidate folds a window of bounded size
    reach = 2 * CONTEXT_CHARS + 16
    pf = fold_text(prefix[-reach:]).strip()[-CONTEXT_CHARS:] if prefix else ""
    sf = fold_text(suffix[:reach]).strip()[:CONTEXT_CHARS] if suffix else ""
    n = max(len(text), 1)
    scores = []
    for s, e in cands:
        score = 0.0
        if pf:
            before = fold_text(text[max(0, s - reach):s]).strip()[-len(pf):]
            score += W_PREFIX * fuzz.ratio(pf, before) / 100.0
        if sf:
            after = fold_text(text[e:e + reach]).strip()[:len(sf)]
            score += W_SUFFIX * fuzz.ratio(sf, after) / 100.0
        if position is not None:
            score += W_POSITION * max(0.0, 1.0 - abs(position - s) / n)
        # a context that matches as written beats one that matches only after folding
        if prefix and text[max(0, s - len(prefix)):s] == prefix:
            score += W_EXACT_CONTEXT
        if suffix and text[e:e + len(suffix)] == suffix:
            score += W_EXACT_CONTEXT
        scores.append(score)
    return scores


def _nearest(cands: Sequence[Tuple[int, int]], position: int) -> int:
    """The candidate starting nearest ``position`` (the first of equals)."""
    return min(range(len(cands)), key=lambda k: (abs(cands[k][0] - position), k))


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
              prefix, suffix, position, explain, extra=None) -> Match:
    """Verified (or ambiguous) at the chosen candidate; ``extra(k)`` gives the
    differences and warnings of candidate ``k``."""
    k = _choose(text, cands, prefix, suffix, position)
    diffs, warnings = extra(k or 0) if extra else ((), ())
    if k is None:
        s, e = cands[0]
        return Match("ambiguous", None, s, e, 100.0, normalizations=explain(s, e),
                     candidates=tuple(cands), differences=tuple(diffs), warnings=tuple(warnings))
    s, e = cands[k]
    return Match("verified", kind, s, e, 100.0, normalizations=explain(s, e),
                 differences=tuple(diffs), warnings=tuple(warnings))


# --- normalized ----------------------------------------------------------------


def _normalized(text: str, folded: Folded, fq: str
                ) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int]]]:
    """Spans whose folded text is the folded quote: (word-bounded, cut)."""
    out, cut = [], []
    for i in _find_all(folded.text, fq):
        s, e = _trim(text, *folded.to_original(i, i + len(fq)))
        # a match that starts or ends inside an expanded character (ﬁ → fi)
        # maps to a span that does not fold back to the quote: not a match
        if s < e and fold_text(text[s:e]).strip() == fq:
            (cut if _cut(folded.text, i, i + len(fq)) else out).append((s, e))
    return _dedupe(out), _dedupe(cut)


# --- elided ----------------------------------------------------------------------
#
# A quote with elisions (``...``, ``…``, ``[...]``) or editor's brackets is cut
# into pieces at the elisions; each piece is a sequence of items matched one
# after the other against the folded text:
#
#   ("lit", folded, original)  literal quoted text, matched exactly;
#   ("alt", _Alt)              a bracket between words: replaces 1 to
#                              ALTERATION_MAX_WORDS whole source words;
#   ("char", _Alt)             a bracket inside a word ([T]he, equal[s]):
#                              replaces 0 to ALTERATION_MAX_CHARS letters of
#                              that one word;
#   ("bound",)                 a word boundary: the piece's ends, and the ends
#                              of a word that holds an in-word bracket.
#
# Each item maps a set of positions to the next set (a dynamic program over
# positions, so the work is polynomial: items x positions x choices), starting
# from each place where the piece's longest literal occurs.

_ANNOTATIONS = frozenset(["sic", "sic!", "emphasis added", "emphasis mine", "emphasis in original",
                          "emphasis original", "original emphasis"])
_ANNOTATION = re.compile(r"\s*\[\s*([^\[\]]{1,30}?)\s*\]")
_SRC_WORD = re.compile(r"\w+(?:'\w+)*")
_NEGATING_GAP_END = re.compile(r"(?:^|\W)(?:%s)-\s*$" % "|".join(NEGATING_PREFIXES))
#: Longest word an alteration may replace, and longest separator between the
#: words it replaces (code points of folded text).
_MAX_WORD = 100
_MAX_SEPARATOR = 3
#: Most chains (complete matches of all pieces) considered.
_MAX_CHAINS = 100

#: Work done by the elided matcher: one unit per (position, item) expansion
#: and per position an in-word alteration reaches. Tests read it to check that
#: the work stays polynomial.
STATS = {"steps": 0}
#: Most steps one quote may take in the elided matcher. Past it, no further
#: place is tried: the quote may then fail to verify, never pass wrongly.
ELIDED_MAX_STEPS = 1_000_000


@dataclass(frozen=True)
class _Alt:
    written: str  # as in the quote, with its brackets: "[Sanogo]"
    inner: str    # the text between the brackets


class _Piece:
    """One elided piece, parsed into items (see above)."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.annotations: List[str] = []

        def note(m: "re.Match[str]") -> str:
            if m.group(1).strip().lower() in _ANNOTATIONS:
                self.annotations.append(m.group().strip())
                return ""
            return m.group()

        text = _ANNOTATION.sub(note, original).strip()
        self.content = _content(text)
        # the quote as a list of single literal characters and brackets
        seq: List[Any] = []
        pos = 0
        for m in _BRACKET.finditer(text):
            seq.extend(text[pos:m.start()])
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            inword = bool(before and _wordy(before)) or bool(after and _wordy(after))
            seq.append(("char" if inword else "alt", _Alt(m.group(), m.group(1))))
            pos = m.end()
        seq.extend(text[pos:])
        # the word around each in-word bracket is bounded on both sides
        bounds = {0, len(seq)}
        for k, x in enumerate(seq):
            if isinstance(x, tuple) and x[0] == "char":
                a = k
                while a > 0 and (isinstance(seq[a - 1], tuple) and seq[a - 1][0] == "char"
                                 or isinstance(seq[a - 1], str) and _wordy(seq[a - 1])):
                    a -= 1
                b = k + 1
                while b < len(seq) and (isinstance(seq[b], tuple) and seq[b][0] == "char"
                                        or isinstance(seq[b], str) and _wordy(seq[b])):
                    b += 1
                bounds.update((a, b))
        items: List[Tuple[Any, ...]] = []
        lit: List[str] = []

        def flush() -> None:
            if lit:
                orig = "".join(lit)
                folded = fold_text(orig)
                if folded:
                    items.append(("lit", folded, orig))
                lit.clear()

        for k in range(len(seq) + 1):
            if k in bounds:
                flush()
                items.append(("bound",))
            if k == len(seq):
                break
            x = seq[k]
            if isinstance(x, str):
                lit.append(x)
            else:
                flush()
                items.append(x)
        self.items = items
        lits = [k for k, it in enumerate(items) if it[0] == "lit"]
        # anchor on the longest literal
        self.anchor = max(lits, key=lambda k: len(items[k][1])) if lits else None

    @property
    def alterations(self) -> int:
        return sum(1 for it in self.items if it[0] in ("alt", "char"))


def _word_end(ft: str, p: int) -> Optional[int]:
    """End of the word that starts at ``p`` (None if none starts there)."""
    if p >= len(ft) or not _wordy(ft[p]) or _inside_word(ft, p):
        return None
    m = _SRC_WORD.match(ft, p, p + _MAX_WORD + 1)
    if m is None or m.end() > p + _MAX_WORD or _inside_word(ft, m.end()):
        return None
    return m.end()


def _word_start(ft: str, p: int) -> Optional[int]:
    """Start of the word that ends at ``p`` (None if none ends there)."""
    if p <= 0 or not _wordy(ft[p - 1]) or _inside_word(ft, p):
        return None
    j = p - 1
    while j > 0 and _inside_word(ft, j):
        j -= 1
        if p - j > _MAX_WORD:
            return None
    return j


def _joins(separator: str) -> bool:
    """Whether the words on both sides of ``separator`` are in one sentence
    (an alteration never replaces words of two sentences).

    >>> [_joins(x) for x in (" ", ", ", "-", ".", ". ", "; ", "? ")]
    [True, True, True, True, False, False, False]
    """
    return separator == "." or not any(c in ".!?;:" for c in separator)


def _words_forward(ft: str, p: int) -> List[int]:
    """Ends of the first 1..ALTERATION_MAX_WORDS whole words from ``p``."""
    out: List[int] = []
    while len(out) < ALTERATION_MAX_WORDS:
        e = _word_end(ft, p)
        if e is None:
            break
        out.append(e)
        j = e
        while j < len(ft) and j - e < _MAX_SEPARATOR and not _wordy(ft[j]):
            j += 1
        if j == e or j >= len(ft) or not _wordy(ft[j]) or not _joins(ft[e:j]):
            break
        p = j
    return out


def _words_backward(ft: str, p: int) -> List[int]:
    """Starts of the last 1..ALTERATION_MAX_WORDS whole words before ``p``."""
    out: List[int] = []
    while len(out) < ALTERATION_MAX_WORDS:
        s = _word_start(ft, p)
        if s is None:
            break
        out.append(s)
        j = s
        while j > 0 and s - j < _MAX_SEPARATOR and not _wordy(ft[j - 1]):
            j -= 1
        if j == s or j <= 0 or not _wordy(ft[j - 1]) or not _joins(ft[j:s]):
            break
        p = j
    return out


_RUN_FORWARD = re.compile(r"\w*(?:'\w+)*")


def _letter_reach(ft: str, p: int, forward: bool) -> int:
    """How far an in-word alteration can reach from ``p``: at most
    ALTERATION_MAX_CHARS characters, without leaving the word."""
    if forward:
        return _RUN_FORWARD.match(ft, p, p + ALTERATION_MAX_CHARS).end()
    # the same run, read backwards: match it on the reversed characters
    a = max(0, p - ALTERATION_MAX_CHARS)
    return p - _RUN_FORWARD.match(ft[a:p][::-1]).end()


def _letters(ft: str, cur: Iterable[int], forward: bool) -> Dict[int, int]:
    """Positions an in-word alteration reaches from any of ``cur`` (each with the
    position it came from): one sweep over the union of the reachable intervals,
    so the work is linear in the positions, not their product with the length."""
    out: Dict[int, int] = {}
    done = -1 if forward else len(ft) + 1
    for p in sorted(cur, reverse=not forward):
        r = _letter_reach(ft, p, forward)
        STATS["steps"] += 1
        if forward:
            for q in range(max(p, done + 1), r + 1):
                out[q] = p
            done = max(done, r)
        else:
            for q in range(min(p, done - 1), r - 1, -1):
                out[q] = p
            done = min(done, r)
        STATS["steps"] += abs(r - p)
    return out


def _step(ft: str, item: Tuple[Any, ...], p: int, forward: bool) -> List[int]:
    kind = item[0]
    if kind == "lit":
        lit = item[1]
        if forward:
            return [p + len(lit)] if ft.startswith(lit, p) else []
        return [p - len(lit)] if p >= len(lit) and ft.startswith(lit, p - len(lit)) else []
    if kind == "bound":
        return [] if _inside_word(ft, p) else [p]
    return _words_forward(ft, p) if forward else _words_backward(ft, p)


def _run(ft: str, items: Sequence[Tuple[Any, ...]], start: int, forward: bool,
         words: int = 0) -> Optional[List[int]]:
    """Item boundaries of a match of ``items`` from ``start``.

    Forward, the positions after each item; backward, the positions before each
    item, in text order. Of the reachable far ends, the one whose span holds a
    number of words closest to ``words`` (the quote's own count) wins, then the
    nearest: an alteration at a piece's edge ("[Sanogo] said") replaces as
    many words as it holds. None when the items do not match.
    """
    layers: List[Dict[int, int]] = []
    cur: Dict[int, int] = {start: start}
    seq = list(items) if forward else list(reversed(items))
    for item in seq:
        if item[0] == "char":
            nxt = _letters(ft, cur, forward)
        else:
            nxt = {}
            for p in cur:
                STATS["steps"] += 1
                for q in _step(ft, item, p, forward):
                    nxt.setdefault(q, p)
        if not nxt:
            return None
        layers.append(nxt)
        cur = nxt
    if not layers:
        return []
    def cost(q: int) -> Tuple[int, int]:
        span = ft[start:q] if forward else ft[q:start]
        return abs(len(_WORD.findall(span)) - words), abs(q - start)

    p = min(cur, key=cost)
    path = [p]
    for layer in reversed(layers[1:]):
        p = layer[p]
        path.append(p)
    path.reverse()
    if not forward:
        path.reverse()
    return path


@dataclass
class _PieceMatch:
    start: int                 # folded
    end: int
    marks: List[int]           # folded position before each item, and the end
    piece: _Piece


def _piece_matches(ft: str, piece: _Piece, lo: int, hi: int, limit: int,
                   budget: int) -> List[_PieceMatch]:
    """Matches of ``piece`` that start in ``[lo, hi]`` (folded positions)."""
    a = piece.anchor
    if a is None:
        return []
    lit = piece.items[a][1]
    before, after = piece.items[:a], piece.items[a + 1:]
    wb, wa = _item_words(before), _item_words(after)
    out: List[_PieceMatch] = []
    seen = set()
    x = ft.find(lit, lo)
    tries = 0
    while x != -1 and len(out) < limit and tries < _MAX_CANDIDATES \
            and STATS["steps"] < budget:
        tries += 1
        back = _run(ft, before, x, forward=False, words=wb)
        if back is not None and (back[0] if back else x) <= hi:
            fwd = _run(ft, after, x + len(lit), forward=True, words=wa)
            if fwd is not None:
                marks = back + [x, x + len(lit)] + fwd if back else [x, x + len(lit)] + fwd
                s, e = marks[0], marks[-1]
                if s >= lo and e > s and (s, e) not in seen:
                    seen.add((s, e))
                    out.append(_PieceMatch(s, e, marks, piece))
        if x > hi + len(lit) + _MAX_WORD * ALTERATION_MAX_WORDS * max(1, piece.alterations):
            break
        x = ft.find(lit, x + 1)
    return out


def _item_words(items: Sequence[Tuple[Any, ...]]) -> int:
    """Words the quote gives for ``items`` (literals and bracketed text)."""
    return len(_WORD.findall(" ".join(
        it[1] if it[0] == "lit" else it[1].inner for it in items if it[0] != "bound")))


def _written(text: str, folded: Folded, a: int, b: int) -> Tuple[int, int, str]:
    s, e = _trim(text, *folded.to_original(a, b)) if a < b else (folded.to_original(a, a)[0],) * 2
    return s, e, text[s:e]


def _shorten(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n // 2 - 1] + " … " + text[-(n // 2 - 1):]


def _negation_in(gap: str, n: int = 60) -> str:
    """The omitted text, shortened around its first negation.

    >>> _negation_in("while trying to keep the peace, which is not as easy as teaching someone to shoot")
    '… peace, which is not as easy as teaching someone to shoot'
    """
    gap = " ".join(gap.split())
    if len(gap) <= n:
        return gap
    toks = tokenize(gap)
    at = next((a for t, a, _ in toks if negations([fold_text(t)])), len(gap) - 1)
    a = max(0, at - n // 3)
    b = min(len(gap), at + 2 * n // 3)
    a = gap.find(" ", a) + 1 if a > 0 else 0
    b = gap.rfind(" ", 0, b) if b < len(gap) else b
    return ("… " if a > 0 else "") + gap[a:b].strip() + (" …" if b < len(gap) else "")


def _near(text: str, s: int, e: int) -> str:
    """The paragraph of ``[s, e)`` and the paragraph before it (a paragraph is a
    non-blank line), at most NAME_CONTEXT characters before ``s``."""
    a = text.rfind("\n", 0, s)
    while a > 0 and not text[text.rfind("\n", 0, a) + 1:a].strip():
        a = text.rfind("\n", 0, a)  # blank lines between
    a = text.rfind("\n", 0, a) + 1 if a > 0 else 0
    a = max(a, s - NAME_CONTEXT)
    b = text.find("\n", e)
    return text[a:b if b != -1 else len(text)]


@dataclass
class _Verdict:
    differences: List[Difference]
    failed: bool = False
    warnings: List[str] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.warnings is None:
            self.warnings = []


def _judge_piece(text: str, folded: Folded, m: _PieceMatch) -> _Verdict:
    """The alterations of one piece match, as differences; fail on a changed
    number, negation or a name that the source does not give near the quote."""
    ft = folded.text
    v = _Verdict([Difference("alteration", a, "") for a in m.piece.annotations])
    items = m.piece.items
    k = 0
    while k < len(items):
        it = items[k]
        if it[0] == "alt":
            alt: _Alt = it[1]
            _, _, src = _written(text, folded, m.marks[k], m.marks[k + 1])
            qf = [fold_text(t) for t, _, _ in tokenize(alt.inner)]
            sf = [fold_text(t) for t, _, _ in tokenize(src)]
            q_words = [t for t in qf if _WORD.match(t)]
            s_words = [t for t in sf if _WORD.match(t)]
            kind = "alteration"
            if sorted(t for t in qf if is_number(t)) != sorted(t for t in sf if is_number(t)):
                kind = "number"
            elif negations(qf) != negations(sf):
                kind = "negation"
            else:
                new = [w for w, _, _ in tokenize(alt.inner)
                       if w[:1].isupper() and fold_text(w) not in s_words]
                if new:
                    near = fold_text(_near(text, *_written(text, folded, m.start, m.end)[:2]))
                    if not all(re.search(r"(?<!\w)%s(?!\w)" % re.escape(fold_text(w)), near)
                               for w in new):
                        kind = "name"
            v.differences.append(Difference(kind, alt.written, src))
            if kind != "alteration":
                v.failed = True
            elif len(q_words) > 1 or len(s_words) > 1:
                v.warnings.append(
                    f"the alteration {alt.written} puts {len(q_words)} word(s) in place of "
                    f"{len(s_words)} ({src!r}); under --strict an alteration may change one word")
            k += 1
        elif it[0] == "char":
            # the whole word around in-word brackets: from the bound before to the bound after
            a = k
            while items[a][0] != "bound":
                a -= 1
            b = k
            while items[b][0] != "bound":
                b += 1
            quoted = "".join(x[1] if x[0] == "lit" else fold_text(x[1].inner)
                             for x in items[a + 1:b])
            source = ft[m.marks[a]:m.marks[b]]
            kind = "alteration"
            if quoted != source:
                kind = word_kind(quoted, source)
            if kind in ("number", "negation"):
                written = "".join(x[2] if x[0] == "lit" else x[1].written for x in items[a + 1:b])
                v.differences.append(Difference(kind, written, _written(text, folded, m.marks[a],
                                                                        m.marks[b])[2]))
                v.failed = True
            else:
                for j in range(a + 1, b):
                    if items[j][0] == "char":
                        s, e = folded.to_original(m.marks[j], m.marks[j + 1])
                        v.differences.append(Difference("alteration", items[j][1].written, text[s:e]))
            k = b
        else:
            k += 1
    return v


def _sentence_of(spans: Sequence[Tuple[int, int]], o: int) -> int:
    from bisect import bisect_right
    return bisect_right([a for a, _ in spans], o) - 1


def _judge_gap(text: str, folded: Folded, left: _PieceMatch, right: _PieceMatch,
               marker: str) -> _Verdict:
    """An elision between two pieces.

    Any negation in the omitted text fails, even in a sentence omitted whole
    ("That is not true." negates the sentence before it): quote the sentences
    on both sides as two evidence items instead. Joining the start of one
    sentence to the end of another is a splice (a warning).
    """
    from mali_facts.text.segment import sentences

    ls, le, _ = _written(text, folded, left.start, left.end)
    rs, re_, _ = _written(text, folded, right.start, right.end)
    gap = text[le:rs]
    v = _Verdict([])
    window = text[ls:re_]
    spans = sentences(window) or [(0, len(window))]
    i, j = _sentence_of(spans, le - 1 - ls), _sentence_of(spans, rs - ls)
    dropped = [(t, a) for t, a, _ in tokenize(gap) if negations([fold_text(t)])]
    if _NEGATING_GAP_END.search(folded.text[left.end:right.start]):
        dropped.append((gap, len(gap)))
    if dropped:
        v.differences.append(Difference("negation", marker.strip(), _negation_in(gap)))
        v.failed = True
        return v
    if i != j and i >= 0 and j >= 0:
        ends_sentence = not any(_wordy(c) for c in window[le - ls:spans[i][1]])
        starts_sentence = not any(_wordy(c) for c in window[spans[j][0]:rs - ls])
        if not (ends_sentence and starts_sentence):
            v.differences.append(Difference("splice", marker.strip(), _shorten(gap)))
            v.warnings.append(
                f"the elision {marker.strip()!r} joins the start of one sentence to the end of "
                "another; quote each sentence as its own evidence")
    return v


@dataclass
class _Chain:
    matches: List[_PieceMatch]
    verdict: _Verdict


def _rank(v: _Verdict) -> int:
    return 2 if v.failed else 1 if v.warnings else 0


def _elided(text: str, folded: Folded, quote: str) -> List[_Chain]:
    """Complete matches of all pieces, one per start of the first piece."""
    parts = _ELISION.split(quote)
    markers = [m.group() for m in _ELISION.finditer(quote)]
    pieces: List[_Piece] = []
    gaps: List[str] = []
    pending = ""
    for k, raw in enumerate(parts):
        raw = raw.strip()
        if _WORD.search(raw) or _BRACKET.search(raw):
            if pieces:
                gaps.append(pending or "...")
            pieces.append(_Piece(raw))
            pending = ""
        if k < len(markers):
            pending += markers[k]
    if not pieces or any(p.content < MIN_CONTENT for p in pieces):
        return []
    ft = folded.text
    chains: List[_Chain] = []
    budget = STATS["steps"] + ELIDED_MAX_STEPS
    for m0 in _piece_matches(ft, pieces[0], 0, len(ft), _MAX_CANDIDATES, budget):
        chain = [m0]
        verdict = _judge_piece(text, folded, m0)
        for k in range(1, len(pieces)):
            prev = chain[-1]
            options = []
            for m in _piece_matches(ft, pieces[k], prev.end, prev.end + ELISION_MAX_GAP, 20,
                                    budget + ELIDED_MAX_STEPS):
                if m.start - prev.end > ELISION_MAX_GAP:
                    continue
                g = _judge_gap(text, folded, prev, m, gaps[k - 1])
                p = _judge_piece(text, folded, m)
                options.append((max(_rank(g), _rank(p)), m.start, m, g, p))
            if not options:
                chain = []
                break
            options.sort(key=lambda o: o[:2])
            _, _, m, g, p = options[0]
            chain.append(m)
            verdict.differences += g.differences + p.differences
            verdict.warnings += g.warnings + p.warnings
            verdict.failed = verdict.failed or g.failed or p.failed
        if chain:
            chains.append(_Chain(chain, verdict))
            if len(chains) >= _MAX_CHAINS:
                break
    return chains


def _long_gap(folded: Folded, quote: str) -> Optional[Tuple[int, int, int]]:
    """When every elided piece is in the text, in order, but only with a gap over
    :data:`ELISION_MAX_GAP`: ``(start, end, widest gap)`` in folded positions of the
    first such run of pieces; else None."""
    parts = [p.strip() for p in _ELISION.split(quote)]
    pieces = [_Piece(p) for p in parts if _WORD.search(p) or _BRACKET.search(p)]
    if len(pieces) < 2 or any(p.content < MIN_CONTENT for p in pieces):
        return None
    ft = folded.text
    budget = STATS["steps"] + ELIDED_MAX_STEPS
    for m0 in _piece_matches(ft, pieces[0], 0, len(ft), 5, budget):
        prev, widest = m0, 0
        for piece in pieces[1:]:
            nxt = _piece_matches(ft, piece, prev.end, len(ft), 1, budget)
            if not nxt:
                break
            widest = max(widest, nxt[0].start - prev.end)
            prev = nxt[0]
        else:
            if widest > ELISION_MAX_GAP:
                return m0.start, prev.end, widest
    return None


def _chain_span(text: str, folded: Folded, c: _Chain) -> Tuple[int, int]:
    return _trim(text, *folded.to_original(c.matches[0].start, c.matches[-1].end))


def _chain_normalizations(text: str, folded: Folded, c: _Chain) -> Tuple[str, ...]:
    needed = set()
    for m in c.matches:
        for k, it in enumerate(m.piece.items):
            if it[0] != "lit" or not it[2].strip():
                continue
            s, e = _trim(text, *folded.to_original(m.marks[k], m.marks[k + 1]))
            needed.update(fold_and_explain(it[2].strip(), text[s:e]) or ())
    return tuple(n for n in ALL if n in needed)


def _chain_score(text: str, folded: Folded, quote: str, c: _Chain) -> float:
    """Similarity of the quoted pieces (brackets read as written) to the source pieces."""
    q = fold_text(_ELISION.sub(" ", quote).replace("[", "").replace("]", ""))
    src = " ".join(folded.text[m.start:m.end] for m in c.matches)
    return round(min(99.99, fuzz.ratio(" ".join(q.split()), src)), 2)


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
    # a cluster spans at most FUZZY_WINDOW_QUOTES quote lengths of implied starts
    # (hits of common words could otherwise chain into one window as long as the text)
    span = FUZZY_WINDOW_QUOTES * len(fq)
    clusters: List[List[Tuple[int, int]]] = [[starts[0]]]
    for item in starts[1:]:
        if item[0] - clusters[-1][-1][0] <= radius and item[0] - clusters[-1][0][0] <= span:
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
        before = best
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
        if best == before:  # no move: another round would try the same spans
            break
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


def _counterpart(text: str, quote: str, s: int, e: int) -> Tuple[int, int]:
    """A misquote's span widened to as many source words as the quote has, when
    the words next to it are the counterparts of the quote's first or last words
    (``some years later`` against ``Many years later``: the span is the three
    words, not ``years later``): the widening that keeps the similarity highest,
    and only while it stays at least MISQUOTE_MIN_SCORE."""
    want = len(_WORD.findall(quote))
    have = len(_WORD.findall(text[s:e]))
    if have >= want:
        return s, e
    before = [m.start() for m in _WORD.finditer(text, max(0, s - 200), s)]
    after = [m.end() for m in _WORD.finditer(text, e, e + 200)]
    fq = " ".join(fold_text(quote).split())
    best = (fuzz.ratio(fq, " ".join(fold_text(text[s:e]).split())), s, e)
    missing = want - have
    for left in range(missing + 1):
        right = missing - left
        if left > len(before) or right > len(after):
            continue
        a = before[-left] if left else s
        b = after[right - 1] if right else e
        r = fuzz.ratio(fq, " ".join(fold_text(text[a:b]).split()))
        if r >= MISQUOTE_MIN_SCORE and (r > best[0] or (a, b) != (s, e) and r >= best[0] - 1.0):
            best = (r, a, b)
    return best[1], best[2]


def _whole(text: str, s: int, e: int) -> Tuple[int, int]:
    """``[s, e)`` widened to whole words."""
    while s > 0 and _inside_word(text, s):
        s -= 1
    while e < len(text) and _inside_word(text, e):
        e += 1
    return s, e


def _cut_kind(quoted: str, source: str) -> str:
    qf, sf = [fold_text(quoted)], [fold_text(source)]
    if any(is_number(t) for t in qf + sf):
        return "number"
    if negations(qf) != negations(sf):
        return "negation"
    return "word"


def _cut_misquote(text: str, q: str, cut: List[Tuple[int, int]], prefix, suffix,
                  position) -> Match:
    """A quote found only where it starts or ends inside a source word: the
    cut word is a difference (`word`, or `number`/`negation` when it changes one)."""
    spans = _dedupe([_whole(text, s, e) for s, e in cut])
    k = _choose(text, spans, prefix, suffix, position) or 0
    s, e = spans[k]
    found = text[s:e]
    diffs = []
    qt, ft_ = tokenize(q), tokenize(found)
    if qt and ft_ and fold_text(qt[0][0]) != fold_text(ft_[0][0]):
        diffs.append(Difference(_cut_kind(qt[0][0], ft_[0][0]), qt[0][0], ft_[0][0]))
    if len(qt) > 1 and len(ft_) > 1 and fold_text(qt[-1][0]) != fold_text(ft_[-1][0]):
        diffs.append(Difference(_cut_kind(qt[-1][0], ft_[-1][0]), qt[-1][0], ft_[-1][0]))
    if not diffs:
        diffs = classify(q, found)
    score = round(min(99.99, fuzz.ratio(fold_text(q), fold_text(found))), 2)
    return Match("misquoted", "fuzzy", s, e, score, differences=tuple(diffs))


# --- the API ---------------------------------------------------------------------


def locate(text: str, quote: str, *, prefix: Optional[str] = None,
           suffix: Optional[str] = None, position: Optional[int] = None) -> Match:
    """Find ``quote`` in ``text``; see the module docstring for the order of attempts.

    >>> locate("a cab a cab", "cab").status, locate("a cab a cab", "cab", position=8).start
    ('ambiguous', 8)
    >>> locate("It was unfair.", "fair").status
    'misquoted'
    """
    q = quote.strip()
    if not q:
        raise ValueError("empty quote")
    if not has_content(q):
        # a quote needs words of its source: "e", "." and "[x]" match nothing
        return Match("not_found", None, None, None, 0.0)

    def explain(s: int, e: int) -> Tuple[str, ...]:
        return fold_and_explain(q, text[s:e]) or ()

    if quote != q:  # white space at the edges is part of an exact quote: the span covers it
        edged = [(i, i + len(quote)) for i in _find_all(text, quote)]
        edged = [sp for sp in edged if not _cut(text, sp[0] + len(quote) - len(quote.lstrip()),
                                                sp[1] - len(quote) + len(quote.rstrip()))]
        if edged:
            return _resolved(text, edged, "exact", quote, prefix, suffix, position, lambda s, e: ())

    hits = [(i, i + len(q)) for i in _find_all(text, q)]
    exact = [sp for sp in hits if not _cut(text, *sp)]
    if exact:
        return _resolved(text, exact, "exact", q, prefix, suffix, position, lambda s, e: ())
    cut = [sp for sp in hits if _cut(text, *sp)]

    fq = fold_text(q).strip()
    if not fq:
        return Match("not_found", None, None, None, 0.0)
    folded = fold(text)
    normalized, ncut = _normalized(text, folded, fq)
    if normalized:
        return _resolved(text, normalized, "normalized", q, prefix, suffix, position, explain)
    cut = cut or ncut

    if _ELISION.search(q) or _BRACKET.search(q):
        chains = _elided(text, folded, q)
        passing = [c for c in chains if not c.verdict.failed]
        if passing:
            spans = [_chain_span(text, folded, c) for c in passing]
            by_span = dict(zip(spans, passing))
            spans = _dedupe(spans)
            return _resolved(
                text, spans, "elided", q, prefix, suffix, position,
                lambda s, e: _chain_normalizations(text, folded, by_span[(s, e)]),
                extra=lambda k: (by_span[spans[k]].verdict.differences,
                                 by_span[spans[k]].verdict.warnings))
        if chains:
            spans = _dedupe([_chain_span(text, folded, c) for c in chains])
            k = _choose(text, spans, prefix, suffix, position) or 0
            c = next(c for c in chains if _chain_span(text, folded, c) == spans[k])
            s, e = spans[k]
            return Match("misquoted", "fuzzy", s, e, _chain_score(text, folded, q, c),
                         differences=tuple(c.verdict.differences))
        gap = _long_gap(folded, q)
        if gap is not None:  # every piece is there, too far apart: say so, not not_found
            s, e = _trim(text, *folded.to_original(gap[0], gap[1]))
            return Match("misquoted", "elided", s, e, 0.0, warnings=(
                f"gap too long ({gap[2]} characters between '…' pieces; the limit is {ELISION_MAX_GAP})",))

    if cut:
        return _cut_misquote(text, q, cut, prefix, suffix, position)

    found = _fuzzy(folded.text, fq)
    if not found:
        return Match("not_found", None, None, None, 0.0)
    best = found[0][0]
    if best < MISQUOTE_MIN_SCORE:
        return Match("not_found", None, None, None, round(best, 2))
    if position is not None:
        # the same source words elsewhere score the same: more candidates for the hint
        r0, s0, e0 = found[0]
        piece = folded.text[s0:e0]
        found = found + [(r0, i, i + len(piece)) for i in _find_all(folded.text, piece, 200)
                         if i != s0]
    spans = _dedupe([_counterpart(text, q, *_trim(text, *folded.to_original(s, e)))
                     for r, s, e in found if r >= best - (FUZZY_TIE if position is not None else 1e-9)])
    # a misquote close to several places is still a misquote, never ambiguous;
    # a position hint decides between near-equal candidates, as hypothesis does
    k = _choose(text, spans, prefix, suffix, position)
    if k is None and position is not None:
        k = _nearest(spans, position)
    s, e = spans[k or 0]
    # an elision marks omitted words: compare the words around it
    diffs = tuple(classify(_ELISION.sub(" ", q).strip(), text[s:e]))
    return Match("misquoted", "fuzzy", s, e, round(best, 2), differences=diffs,
                 candidates=tuple(spans) if k is None else ())
