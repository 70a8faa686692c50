"""Queries: parse, expand (aliases, typos) and rank with BM25 over folded text.

A query is folded exactly as `check` folds quotes, then split into *groups*:
one per plain term, one per ``"quoted phrase"`` (required), and one per entity
alias written in the query. Each group has alternatives with a weight:

- the term (or phrase) as written: 1.0;
- another spelling of the same entity from the ledger's ``entities`` section
  (``CNSP`` -> ``national committee for the salvation of the people``): 0.9;
- a vocabulary term close to a term that is not in the vocabulary
  (``flintlok`` -> ``flintlock``): 0.7 x similarity / 100 (rapidfuzz ratio >= 75).

A passage's score is the sum over groups of the best alternative present:
weight x sum over its tokens of BM25 (the mean for an alias, which names one
thing however many words it has; k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5)),
document length in characters of folded text). FTS5 retrieves the candidates
(any alternative of any group; every required phrase); BM25 is recomputed here
so that expansions can be discounted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Sequence, Tuple

from mali_facts.search.text import STOP_WORDS, fold_text

K1, B = 1.2, 0.75
ALIAS_WEIGHT = 0.9
TYPO_WEIGHT = 0.7
TYPO_MIN = 75.0
MIN_IDF = 1e-3  # the least weight a word found in a passage gives it
SUGGEST_MIN = 60.0
_TOKEN = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"')


@dataclass
class Alternative:
    tokens: Tuple[str, ...]
    weight: float
    why: str = "term"          # term | phrase | alias | typo


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
    """Add close vocabulary terms to single-term groups whose term is unknown."""
    from rapidfuzz import fuzz, process

    for g in query.groups:
        if g.required:
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


def _contains(body: List[str], toks: Tuple[str, ...]) -> int:
    """How many times the token sequence occurs in ``body``."""
    if len(toks) == 1:
        return body.count(toks[0])
    n, count = len(toks), 0
    for i in range(len(body) - n + 1):
        if body[i] == toks[0] and tuple(body[i:i + n]) == toks:
            count += 1
    return count


def bm25(query: Query, body: str, df: Dict[str, int], n_docs: int, avgdl: float) -> float:
    """The score of one folded passage ``body`` (see the module docstring)."""
    toks = _TOKEN.findall(body)
    norm = K1 * (1 - B + B * len(body) / (avgdl or 1.0))
    total = 0.0
    for g in query.groups:
        best = 0.0
        for a in g.alternatives:
            occurrences = _contains(toks, a.tokens)
            if not occurrences:
                continue
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
        if g.required and best == 0.0:
            return 0.0
        total += best
    return total


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

