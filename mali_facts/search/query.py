"""Queries: parse, expand (aliases, typos) and rank with BM25 over folded text.

A query is folded exactly as `check` folds quotes, then split into *groups*:
one per plain term, one per ``"quoted phrase"`` (required), and one per entity
alias written in the query. Each group has alternatives with a weight:

- the term (or phrase) as written: 1.0;
- another spelling of the same entity from the ledger's ``entities`` section
  (``CNSP`` -> ``national committee for the salvation of the people``): 0.9;
- the same word hyphenated or joined (``cooperate``, ``co-operate``, ``co operate``;
  ``counterterrorism``, ``counter-terrorism``), when the vocabulary has that form: 1.0;
- another form of the word, by FTS5's Porter stemmer (:mod:`mali_facts.search.stem`:
  ``arrests`` -> ``arrested``, ``Africans`` -> ``African``): 0.8;
- a vocabulary term close to a term that is in neither the vocabulary nor any
  form of it (``flintlok`` -> ``flintlock``): 0.7 x similarity / 100 (rapidfuzz
  ratio >= 75). A word of the sources, the statements or the reviews is never
  expanded into other words.

A passage's score is the sum over groups of the best alternative present:
weight x sum over its tokens of BM25 (the mean for an alias, which names one
thing however many words it has; k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5)),
document length in characters of folded text), times a proximity boost when
several groups match: 1 + 0.5 x (m - 1) / (w - 1) for m groups found within a
window of w tokens (adjacent words: x 1.5). Passages are ranked first by how
many groups they match as written (a stemmed match counts a half, a typo
nothing), then by score, so an expansion never outranks an exact match. FTS5
retrieves the candidates (any alternative of any group; every required
phrase); BM25 is recomputed here so that expansions can be discounted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Sequence, Tuple

from mali_facts.search.text import STOP_WORDS, fold_text

K1, B = 1.2, 0.75
ALIAS_WEIGHT = 0.9
TYPO_WEIGHT = 0.7
STEM_WEIGHT = 0.8
PROXIMITY = 0.5
# how much a group matched through each kind of alternative counts towards the match level
LEVEL = {"term": 1.0, "phrase": 1.0, "alias": 1.0, "hyphen": 1.0, "stem": 0.5, "typo": 0.0}
TYPO_MIN = 75.0
MIN_IDF = 1e-3  # the least weight a word found in a passage gives it
SUGGEST_MIN = 60.0
_TOKEN = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass
class Alternative:
    tokens: Tuple[str, ...]
    weight: float
    why: str = "term"          # term | phrase | alias | hyphen | stem | typo


@dataclass
class Group:
    text: str                                  # as the user wrote it (folded)
    alternatives: List[Alternative] = field(default_factory=list)
    required: bool = False                     # a "quoted phrase"


@dataclass
class Query:
    raw: str
    groups: List[Group]

    @property
    def terms(self) -> List[str]:
        """Every token any alternative looks for, stop-words aside (for highlighting)."""
        out: List[str] = []
        for g in self.groups:
            for a in g.alternatives:
                out += [t for t in a.tokens if t not in out and t not in STOP_WORDS]
        return out


def tokens(text: str) -> List[str]:
    return _TOKEN.findall(fold_text(text))


def parse(raw: str, aliases: Iterable[Sequence[str]] = ()) -> Query:
    """Split ``raw`` into groups. Raises ValueError when nothing searchable is left.

    >>> q = parse('"six training missions" Sanogo the')
    >>> [(g.text, g.required) for g in q.groups]
    [('six training missions', True), ('sanogo', False)]
    >>> parse("the of and")
    Traceback (most recent call last):
    ...
    ValueError: the query has only stop-words
    """
    groups: List[Group] = []
    for phrase in _PHRASE.findall(raw):
        toks = tuple(tokens(phrase))
        if toks:
            groups.append(Group(" ".join(toks), [Alternative(toks, 1.0, "phrase")], required=True))
    rest = tokens(_PHRASE.sub(" ", raw))
    # entity spellings written in the query become one group with every spelling
    spellings = [tuple(tuple(tokens(s)) for s in group) for group in aliases]
    i = 0
    while i < len(rest):
        hit = None
        for group in spellings:
            for toks in group:
                if toks and tuple(rest[i:i + len(toks)]) == toks and (hit is None or len(toks) > len(hit[1])):
                    hit = (group, toks)
        if hit is not None:
            group, toks = hit
            alts = [Alternative(toks, 1.0, "term" if len(toks) == 1 else "phrase")]
            alts += [Alternative(t, ALIAS_WEIGHT, "alias") for t in dict.fromkeys(group)
                     if t and t != toks]
            groups.append(Group(" ".join(toks), alts))
            i += len(toks)
            continue
        term = rest[i]
        if term not in STOP_WORDS:
            groups.append(Group(term, [Alternative((term,), 1.0)]))
        i += 1
    if not groups:
        if rest or _PHRASE.findall(raw):
            raise ValueError("the query has only stop-words")
        raise ValueError("the query is empty")
    return Query(raw, groups)


def expand_hyphenation(query: Query, known: Callable[[Sequence[str]], "set[str]"]) -> None:
    """Join or split words as the vocabulary writes them.

    Two adjacent single-term groups whose concatenation is a vocabulary term
    become one group (``co operate`` -> ``cooperate``); a single term the
    vocabulary has in two parts (neither a stop-word, each at least two
    letters) also matches the two words in a row (``counterterrorism`` ->
    ``counter terrorism``, which is also how ``counter-terrorism`` is indexed).
    """
    singles = [g for g in query.groups if not g.required and len(g.alternatives) == 1
               and len(g.alternatives[0].tokens) == 1]
    pairs = {i: g.text + query.groups[i + 1].text for i, g in enumerate(query.groups[:-1])
             if g in singles and query.groups[i + 1] in singles}
    splits = {g.text: [(g.text[:k], g.text[k:]) for k in range(2, len(g.text) - 1)
                       if g.text[:k] not in STOP_WORDS and g.text[k:] not in STOP_WORDS]
              for g in singles}
    words = set(pairs.values()) | {w for parts in splits.values() for p in parts for w in p}
    present = known(sorted(words)) if words else set()
    merged: List[Group] = []
    skip = False
    for i, g in enumerate(query.groups):
        if skip:
            skip = False
            continue
        joined = pairs.get(i)
        if joined is not None and joined in present:
            nxt = query.groups[i + 1]
            merged.append(Group(joined, [Alternative((joined,), 1.0),
                                         Alternative((g.text, nxt.text), 1.0, "hyphen")]))
            skip = True
            continue
        if g in singles:
            for a, b in splits.get(g.text, ()):
                if a in present and b in present:
                    g.alternatives.append(Alternative((a, b), 1.0, "hyphen"))
        merged.append(g)
    query.groups[:] = merged


def expand_stems(query: Query, forms: Callable[[str], Sequence[str]]) -> None:
    """Add the other forms of each single term (``forms(term)``: vocabulary terms
    whose stem is related to the term's)."""
    for g in query.groups:
        if g.required:
            continue
        for alt in list(g.alternatives):
            if len(alt.tokens) != 1 or alt.why not in ("term", "hyphen"):
                continue
            have = {a.tokens for a in g.alternatives}
            for word in forms(alt.tokens[0]):
                if (word,) not in have:
                    g.alternatives.append(Alternative((word,), STEM_WEIGHT, "stem"))
                    have.add((word,))


def notes(query: Query) -> List[str]:
    """What to tell the user about a query whose phrases hold only stop-words.

    >>> notes(parse('"the"'))
    ['"the" has only stop-words: it is found as an exact phrase but carries almost no weight in the ranking; add a word that carries meaning']
    >>> notes(parse('"the junta"'))
    []
    """
    return [f'"{g.text}" has only stop-words: it is found as an exact phrase but carries almost '
            f"no weight in the ranking; add a word that carries meaning"
            for g in query.groups if g.required and all(t in STOP_WORDS for t in g.text.split())]


def expand_typos(query: Query, known: "set[str]", vocabulary: Sequence[str], limit: int = 3) -> None:
    """Add close vocabulary terms to single-term groups with no known form: a term
    that is in the vocabulary, or has another form there, is never expanded."""
    from rapidfuzz import fuzz, process

    for g in query.groups:
        if g.required or any(a.why in ("stem", "hyphen") for a in g.alternatives):
            continue
        for alt in list(g.alternatives):
            if len(alt.tokens) != 1 or alt.tokens[0] in known or alt.why == "typo":
                continue
            term = alt.tokens[0]
            if len(term) < 3:
                continue
            for word, score, _ in process.extract(term, vocabulary, scorer=fuzz.ratio, limit=limit,
                                                  score_cutoff=TYPO_MIN):
                g.alternatives.append(Alternative((word,), TYPO_WEIGHT * score / 100, "typo"))


def fts_expression(query: Query) -> str:
    """The FTS5 MATCH expression that retrieves candidates."""
    def alt(a: Alternative) -> str:
        return '"' + " ".join(a.tokens) + '"'

    required = [alt(g.alternatives[0]) for g in query.groups if g.required]
    optional = [alt(a) for g in query.groups if not g.required for a in g.alternatives]
    if required:
        return " AND ".join(required)
    return " OR ".join(optional)


def _positions(index: Dict[str, List[int]], body: List[str], toks: Tuple[str, ...]) -> List[int]:
    """Where the token sequence starts in ``body`` (``index``: token -> its positions)."""
    at = index.get(toks[0], [])
    if len(toks) == 1 or not at:
        return at
    n = len(toks)
    return [i for i in at if tuple(body[i:i + n]) == toks]


def _window(positions: List[List[int]]) -> int:
    """The fewest tokens a window needs to hold one position of every list."""
    events = sorted((p, k) for k, ps in enumerate(positions) for p in ps)
    need, have, best, lo = len(positions), {}, None, 0
    for hi, (p, k) in enumerate(events):
        have[k] = have.get(k, 0) + 1
        while len(have) == need:
            q, j = events[lo]
            span = p - q + 1
            best = span if best is None or span < best else best
            have[j] -= 1
            if not have[j]:
                del have[j]
            lo += 1
    return best or 1


def score(query: Query, body: str, df: Dict[str, int], n_docs: int, avgdl: float) -> Tuple[float, float]:
    """``(match level, score)`` of one folded passage ``body`` (see the module docstring).

    >>> q = parse("trained coup leaders")
    >>> df = {"trained": 2, "coup": 2, "leaders": 2}
    >>> near = score(q, "the coup leaders were trained in the us", df, 10, 40)
    >>> far = score(q, "leaders were trained in the us before a coup", df, 10, 40)
    >>> near[0] == far[0] == 3.0 and near[1] > far[1]
    True
    """
    toks = _TOKEN.findall(body)
    index: Dict[str, List[int]] = {}
    for i, t in enumerate(toks):
        index.setdefault(t, []).append(i)
    norm = K1 * (1 - B + B * len(body) / (avgdl or 1.0))
    total, level = 0.0, 0.0
    found: List[List[int]] = []
    for g in query.groups:
        best, best_level, where = 0.0, 0.0, []
        for a in g.alternatives:
            at = _positions(index, toks, a.tokens)
            occurrences = len(at)
            if not occurrences:
                continue
            where += at
            parts = []
            only_stop_words = all(t in STOP_WORDS for t in a.tokens)
            for t in a.tokens:
                if t in STOP_WORDS and len(a.tokens) > 1 and not only_stop_words:
                    continue  # stop-words inside a phrase: required, but not weighted
                d = df.get(t, 0)
                # a word in more passages than there are (claim statements count in df)
                # would weigh less than nothing, and its passages would never be found
                idf = max(math.log(1 + (n_docs - d + 0.5) / (d + 0.5)), MIN_IDF)
                parts.append(idf * occurrences * (K1 + 1) / (occurrences + norm))
            # an alias names one thing, however many words it has: its mean, not its sum
            s = sum(parts) / len(parts) if a.why == "alias" and parts else sum(parts)
            best = max(best, a.weight * s)
            best_level = max(best_level, LEVEL.get(a.why, 0.0))
        if g.required and best == 0.0:
            return 0.0, 0.0
        if where:
            found.append(where)
        total += best
        level += best_level
    if len(found) > 1:
        span = _window(found)
        total *= 1 + PROXIMITY * (len(found) - 1) / max(span - 1, len(found) - 1)
    return level, total


def bm25(query: Query, body: str, df: Dict[str, int], n_docs: int, avgdl: float) -> float:
    """The score of one folded passage ``body``, without its match level."""
    return score(query, body, df, n_docs, avgdl)[1]


def suggestions(terms: Sequence[str], vocabulary: Sequence[str], limit: int = 5) -> List[str]:
    """The vocabulary terms closest to ``terms``, for an empty result."""
    from rapidfuzz import fuzz, process

    seen: Dict[str, float] = {}
    for term in terms:
        for word, score, _ in process.extract(term, vocabulary, scorer=fuzz.ratio, limit=limit):
            if word != term and score >= SUGGEST_MIN:
                seen[word] = max(seen.get(word, 0.0), score)
    return [w for w, _ in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))][:limit]


def highlight_spans(text: str, terms: Sequence[str]) -> List[Tuple[int, int]]:
    """Spans of ``text`` (original offsets) whose folded token is one of ``terms``."""
    from mali_facts.search.text import token_spans

    wanted = set(terms)
    return [(a, b) for tok, a, b in token_spans(text) if tok in wanted]

