"""Classify how a quote differs from the source text it was matched to.

Both strings are tokenized into words and punctuation; tokens are compared in
folded form (see :mod:`mali_facts.text.normalize`) but reported as written.

>>> [d.to_dict() for d in classify("six training missions", "seven training missions")]
[{'kind': 'number', 'quoted': 'six', 'source': 'seven'}]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, count
from typing import Dict, Hashable, List, Optional, Sequence, Tuple

from mali_facts.text.normalize import fold_text

__all__ = ["Difference", "KINDS", "classify", "tokenize", "SPELLING_MIN_RATIO",
           "NEGATING_PREFIXES", "is_number", "negations", "negating_prefix", "word_kind",
           "matching_blocks", "outer_blocks", "opcodes"]

#: Difference kinds in order of precedence. The first seven make a quote
#: misquoted (``omission``: source words the quote leaves out without an
#: ellipsis); ``alteration`` (an editor's bracket, named) and ``splice`` (an
#: elision that joins two sentences) are reported on quotes that pass, and
#: fail only under ``--strict`` when they could change the meaning.
KINDS = ("number", "negation", "omission", "name", "spelling", "punctuation", "word", "alteration",
         "splice")
#: A single changed word at least this similar (rapidfuzz ratio) is a spelling variant.
SPELLING_MIN_RATIO = 75.0

_NUMBER_WORDS = frozenset("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
eighty ninety hundred thousand million billion trillion dozen dozens hundreds thousands
millions billions first second third fourth fifth sixth seventh eighth ninth tenth
once twice half
""".split())
_NEGATIONS = frozenset(
    "not no never n't none nor neither cannot without nobody nothing nowhere".split())
#: Prefixes that negate the word they are glued to (un-lawful, non-binding).
NEGATING_PREFIXES = ("non", "un", "in", "im", "il", "ir", "dis", "anti")
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


# --- difflib's alignment, at C speed ------------------------------------------------
#
# ``difflib.SequenceMatcher(None, a, b, autojunk=False)`` (no junk) aligns two token
# lists by taking the longest common run of tokens (the one that starts first in
# ``a``, then first in ``b``), then doing the same on each side of it, recursively.
# The functions below give the very same blocks and opcodes, but each token list is
# first spelled as a string (one code point per distinct token), so that the
# longest common run is found with ``str.find`` instead of difflib's Python loops.
# ``tests/text/test_alignment.py`` compares them with difflib itself.


def _spelled(a: Sequence[Hashable], b: Sequence[Hashable]) -> Tuple[str, str]:
    """``a`` and ``b`` as strings: equal tokens are equal code points, and only they."""
    codes = dict(zip(dict.fromkeys(chain(a, b)), map(chr, count())))
    get = codes.__getitem__
    return "".join(map(get, a)), "".join(map(get, b))


def _longest(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> Tuple[int, int, int]:
    """difflib's ``find_longest_match`` without junk: the longest common run of
    ``a[alo:ahi]`` and ``b[blo:bhi]``; of the longest, the one that starts first in
    ``a``, then first in ``b``; ``(alo, blo, 0)`` when there is none.

    After ``i`` is done, ``size`` is the longest run that starts at or before ``i``
    (a run of n + 1 tokens holds one of n, so a start is tried for one token more
    than the best so far, and grown while it is found), and ``start`` is the first
    place a run that long starts."""
    find = b.find
    start, size = alo, 0
    i = alo
    while i + size < ahi:
        while i + size < ahi and find(a[i:i + size + 1], blo, bhi) >= 0:
            size += 1
            start = i
        i += 1
    if not size:
        return alo, blo, 0
    return start, find(a[start:start + size], blo, bhi), size


def _one_replacement(a: Sequence[Hashable], b: Sequence[Hashable]
                     ) -> Optional[List[Tuple[int, int, int]]]:
    """difflib's blocks, without the sentinel, when ``a`` and ``b`` are the same but
    for one stretch in the middle that each replaces with tokens the other has
    nowhere (``a = P + A + S``, ``b = P + B + S``, ``A`` and ``B`` not empty); else None.

    Then no common run of tokens can hold a token of ``A`` or ``B``, so each lies in
    the two ``P`` or the two ``S``: one that is not ``P`` against ``P`` is shorter
    than ``P`` (it starts later in one of them, or takes a part of ``S`` no longer
    than ``S``), and the same for ``S``. So difflib takes ``P`` first when it is at
    least as long as ``S`` (the longest; of equals, the first in ``a``, then in
    ``b``), then ``S`` in what is right of it, then nothing between ``A`` and ``B``;
    or ``S`` first and then ``P``. Either way the blocks are ``P`` and ``S``."""
    la, lb = len(a), len(b)
    n = min(la, lb)
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[la - 1 - s] == b[lb - 1 - s]:
        s += 1
    if la - s == p or lb - s == p:
        return None  # the same, or one has tokens the other has not: not one replacement
    if not set(a[p:la - s]).isdisjoint(b) or not set(b[p:lb - s]).isdisjoint(a):
        return None
    blocks = [(0, 0, p)] if p else []
    if s:
        blocks.append((la - s, lb - s, s))
    return blocks


def _blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> List[Tuple[int, int, int]]:
    """The blocks difflib's recursion finds, sorted, not yet joined, without the sentinel."""
    la, lb = len(a), len(b)
    sa, sb = _spelled(a, b)
    queue = [(0, la, 0, lb)]
    blocks = []
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = x = _longest(sa, sb, alo, ahi, blo, bhi)
        if k:
            blocks.append(x)
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    blocks.sort()
    return blocks


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> List[Tuple[int, int, int]]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()``, as tuples.

    >>> matching_blocks("abxcd", "abycd")
    [(0, 0, 2), (3, 3, 2), (5, 5, 0)]
    >>> matching_blocks(["six", "men"], ["seven", "men"])
    [(1, 1, 1), (2, 2, 0)]
    """
    la, lb = len(a), len(b)
    if la + lb >= 0xD800:  # past the code points a str may spell tokens with
        from difflib import SequenceMatcher
        return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]
    blocks = _one_replacement(a, b)
    if blocks is None:
        blocks = _blocks(a, b)
    i1 = j1 = k1 = 0
    out = []
    for i2, j2, k2 in blocks:  # adjacent blocks are one
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                out.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        out.append((i1, j1, k1))
    out.append((la, lb, 0))
    return out


def outer_blocks(a: Sequence[Hashable], b: Sequence[Hashable]
                 ) -> Optional[Tuple[Tuple[int, int, int], Tuple[int, int, int]]]:
    """The first and the last of the blocks difflib's recursion finds (before it
    joins adjacent ones), or None when there is none: what the fuzzy alignment
    needs (where ``a`` starts and ends in ``b``). A block of a run of joined blocks
    lies on its diagonal (``j - i`` alike), and the first of ``matching_blocks``
    starts where the first found starts, and its last ends where the last found ends.

    Only the recursion's leftmost and rightmost branches are followed: every block
    found left of a block is before it in ``a``, every one right of it after it.

    >>> outer_blocks("xabyc", "abzc")
    ((1, 0, 2), (4, 3, 1))
    >>> outer_blocks("ab", "cd") is None
    True
    """
    la, lb = len(a), len(b)
    if la + lb >= 0xD800:
        found = matching_blocks(a, b)[:-1]
        return (found[0], found[-1]) if found else None
    sa, sb = _spelled(a, b)
    top = _longest(sa, sb, 0, la, 0, lb)
    if not top[2]:
        return None
    first = last = top
    i, j, _ = first
    while i and j:  # the blocks left of the first found so far
        x = _longest(sa, sb, 0, i, 0, j)
        if not x[2]:
            break
        first = x
        i, j, _ = x
    i, j, k = last
    while i + k < la and j + k < lb:
        x = _longest(sa, sb, i + k, la, j + k, lb)
        if not x[2]:
            break
        last = x
        i, j, k = x
    return first, last


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> List[Tuple[str, int, int, int, int]]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``.

    >>> opcodes(["six", "training", "missions"], ["seven", "training", "missions"])
    [('replace', 0, 1, 0, 1), ('equal', 1, 3, 1, 3)]
    """
    i = j = 0
    out = []
    for ai, bj, size in matching_blocks(a, b):
        tag = ""
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            out.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out


@dataclass(frozen=True)
class Difference:
    """One difference: ``quoted`` (as in the quote) versus ``source`` (as in the text)."""

    kind: str
    quoted: str
    source: str

    def to_dict(self) -> Dict[str, str]:
        return {"kind": self.kind, "quoted": self.quoted, "source": self.source}

    def describe(self) -> str:
        """The one wording of a difference, in every human format and message.

        >>> Difference("replaced", "seven", "six").describe()
        'replaced: seven → six'
        >>> Difference("omitted", "", "not").describe()
        'omitted: ∅ → not'
        """
        return f"{self.kind}: {self.quoted or '∅'} → {self.source or '∅'}"


def tokenize(text: str) -> List[Tuple[str, int, int]]:
    """Tokens as ``(string, start, end)``; words keep inner apostrophes.

    >>> [t for t, _, _ in tokenize("isn’t 4.5 U.S.-trained")]
    ['isn’t', '4', '.', '5', 'U', '.', 'S', '.', '-', 'trained']
    """
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


#: ``_TOKEN`` as one group: ``split`` gives the white space before each token and the
#: token, in turn (the tokens tile the text but for white space).
_TOKEN_SPLIT = re.compile(r"(%s)" % _TOKEN.pattern)


class Tokens:
    """The tokens of ``text[lo:hi]`` as ``re.finditer`` with a token pattern would
    give them, found by ``re.split`` with no Python code per token; where a token
    starts and ends (offsets into ``text``) is worked out when asked. ``pattern``
    is ``(TOKEN)``, one group, where every character that is not white space starts
    a TOKEN match, so the parts of the split are white space and tokens in turn.

    >>> t = Tokens("isn’t 4.5 ", lo=1)
    >>> t.tokens, t.start(1), t.end(1), t.end(3)
    (['sn’t', '4', '.', '5'], 6, 7, 9)
    >>> t.spans()
    ([1, 6, 7, 8], [5, 7, 8, 9])
    """

    __slots__ = ("parts", "tokens", "lo")

    def __init__(self, text: str, pattern: "re.Pattern[str]" = _TOKEN_SPLIT, lo: int = 0,
                 hi: int = -1) -> None:
        self.parts = pattern.split(text[lo:] if hi < 0 else text[lo:hi])
        self.tokens: List[str] = self.parts[1::2]
        self.lo = lo

    def start(self, k: int) -> int:
        """Where token ``k`` starts."""
        return self.lo + sum(map(len, self.parts[:2 * k + 1]))

    def end(self, k: int) -> int:
        """Where token ``k`` ends."""
        return self.start(k) + len(self.tokens[k])

    def spans(self) -> Tuple[List[int], List[int]]:
        """Where every token starts, and where it ends."""
        at = list(accumulate(map(len, self.parts), initial=self.lo))
        n = len(self.tokens)
        return at[1:2 * n:2], at[2:2 * n + 1:2]


#: Folded tokens: ``classify`` folds every token of a quote and of its source span,
#: and the same words come back quote after quote. Emptied when full.
_FOLDED: Dict[str, str] = {}
_FOLDED_MAX = 1 << 16


def _fold_tokens(tokens: Sequence[str]) -> List[str]:
    """``[fold_text(t) for t in tokens]``, remembered per token. A token of ASCII
    letters and digits only is folded by ``str.lower``: no fold but ``case`` changes
    such a string, and ``case`` lowers ASCII (tests/text/test_engine_reference.py
    checks it against ``fold_text``)."""
    out = list(map(_FOLDED.get, tokens))
    if None in out:
        if len(_FOLDED) + len(out) > _FOLDED_MAX:
            _FOLDED.clear()
        for k, t in enumerate(tokens):
            if out[k] is None:
                out[k] = _FOLDED[t] = t.lower() if t.isascii() and t.isalnum() else fold_text(t)
    return out


def _is_word(tok: str) -> bool:
    return bool(re.match(r"\w", tok))


@lru_cache(maxsize=1 << 14)
def _negated_symbol(tok: str) -> bool:
    """¬, and ≠, ∉, ≢ (= with U+0338): a symbol struck through is a negation."""
    if "\u00ac" in tok:
        return True
    return any(unicodedata.category(ch) == "Sm" or ch == "\u0338" for ch in tok) \
        and "\u0338" in unicodedata.normalize("NFD", tok)


def is_number(folded: str) -> bool:
    """Whether a folded token states a quantity: digits and numeric forms
    (², ④, ¼), number words, or a mathematical operator (a struck-through
    operator is a negation instead).

    >>> [is_number(t) for t in ["12", "\u00b2", "\u00bc", "six", "sixth", "<", "\u2260", "six-", "\u00a3"]]
    [True, True, True, True, True, True, False, False, True]
    """
    if any(ch.isnumeric() or unicodedata.category(ch) == "Sc" for ch in folded):
        return True
    if any(unicodedata.category(ch) == "Sm" for ch in folded) and not _negated_symbol(folded):
        return True
    return folded in _NUMBER_WORDS or re.fullmatch(r"\w+(?:st|nd|rd|th)", folded) is not None \
        and folded[:-2] in _NUMBER_WORDS


#: is_number remembered, for classify, which asks it of the same tokens again and again
_is_number = lru_cache(maxsize=1 << 14)(is_number)


def negations(folded: Sequence[str]) -> int:
    """How many negations the folded tokens hold (not, n't, never, ≠ ...).

    >>> negations(["it", "doesn't", "\u2260", "never", "note", "\u00ac"])
    4
    """
    return sum(1 for t in folded
               if t in _NEGATIONS or t.endswith("n't") or t.endswith("n\u2019t")
               or _negated_symbol(t))


_negations = negations


def negating_prefix(a: str, b: str) -> bool:
    """Whether one folded word is the other with a negating prefix.

    >>> negating_prefix("unlawful", "lawful"), negating_prefix("non-binding", "binding")
    (True, True)
    >>> negating_prefix("undo", "do"), negating_prefix("inform", "form")
    (True, True)
    """
    if len(a) < len(b):
        a, b = b, a
    if not b or not a.endswith(b):
        return False
    head = a[:-len(b)].rstrip("-")
    return head in NEGATING_PREFIXES


def word_kind(quoted: str, source: str) -> str:
    """The kind of difference between two (whole) words, as written.

    >>> word_kind("nine", "six"), word_kind("didn't", "did"), word_kind("unlawful", "lawful")
    ('number', 'negation', 'negation')
    >>> word_kind("equals", "equal"), word_kind("Sanogo", "Goita")
    ('word', 'name')
    """
    qt, st = tokenize(quoted), tokenize(source)
    qf = [fold_text(t) for t, _, _ in qt]
    sf = [fold_text(t) for t, _, _ in st]
    if len(qf) == 1 and len(sf) == 1 and negating_prefix(qf[0], sf[0]):
        return "negation"
    kind = _kind([t for t, _, _ in qt], [t for t, _, _ in st], qf, sf)
    return "word" if kind == "spelling" else kind


def _capitalized(tok: str) -> bool:
    return tok[:1].isupper()


def _kind(q_orig: Sequence[str], s_orig: Sequence[str],
          q_fold: Sequence[str], s_fold: Sequence[str]) -> str:
    if not q_orig and any(_is_word(t) for t in s_orig):  # source words left out, no ellipsis
        return "negation" if _negations(s_fold) else "omission"
    if any(_negated_symbol(t) for t in list(q_fold) + list(s_fold)) \
            and _negations(q_fold) != _negations(s_fold):
        return "negation"  # ≠ for =: a negation, though = is an operator
    if any(_is_number(t) for t in list(q_fold) + list(s_fold)):
        return "number"
    if _negations(q_fold) != _negations(s_fold):
        return "negation"
    q_words = [t for t in q_orig if _is_word(t)]
    s_words = [t for t in s_orig if _is_word(t)]
    one = len(q_words) == 1 and len(s_words) == 1
    if one:
        q_word, s_word = _fold_tokens((q_words[0], s_words[0]))  # fold_text of each
        if negating_prefix(q_word, s_word):
            return "negation"  # fair for unfair
    if one:
        from rapidfuzz import fuzz  # (here: a warm `check` makes Differences, never asks this)
    spelling = one and fuzz.ratio(q_word, s_word) >= SPELLING_MIN_RATIO
    if (not spelling and (q_words or s_words)
            and all(_capitalized(t) for t in q_words + s_words)):
        return "name"
    if spelling:
        return "spelling"
    if not q_words and not s_words:
        return "punctuation"
    return "word"


def classify(quoted: str, source: str) -> List[Difference]:
    """The differences between ``quoted`` and ``source``, in order.

    Source words (not just punctuation) the quote leaves out are an ``omission`` (a ``negation`` when
    one of them is a negation); otherwise precedence: number > negation > name >
    spelling > punctuation > word. A name difference is one where every word on
    both sides is capitalized (and it is not a one-word spelling variant).

    >>> [d.kind for d in classify("He is not here, Sanago said", "He is here, Sanogo said.")]
    ['negation', 'spelling', 'punctuation']
    >>> [d.to_dict() for d in classify("the regulator said it fined them", "the regulator Icstis said it fined them")]
    [{'kind': 'omission', 'quoted': '', 'source': 'Icstis'}]
    >>> [d.to_dict() for d in classify("it cost $500", "it cost \u00a3500")]
    [{'kind': 'number', 'quoted': '$', 'source': '£'}]
    """
    q_tokens, s_tokens = Tokens(quoted), Tokens(source)
    qt, st = q_tokens.tokens, s_tokens.tokens
    qf, sf = _fold_tokens(qt), _fold_tokens(st)
    out: List[Difference] = []
    for tag, i1, i2, j1, j2 in opcodes(qf, sf):
        if tag == "equal":
            continue
        q_text = quoted[q_tokens.start(i1):q_tokens.end(i2 - 1)] if i2 > i1 else ""
        s_text = source[s_tokens.start(j1):s_tokens.end(j2 - 1)] if j2 > j1 else ""
        kind = _kind(qt[i1:i2], st[j1:j2], qf[i1:i2], sf[j1:j2])
        out.append(Difference(kind, q_text, s_text))
    return out
