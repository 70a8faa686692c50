"""mali_facts/text/differences.py as of main 02057b0, before the alignment at C speed:
the oracle of tests/text/test_engine_reference.py (difflib, tokenize and fold_text
per token). Not to be edited but to follow a deliberate change of results."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Dict, List, Sequence, Tuple

from rapidfuzz import fuzz

from mali_facts.text.normalize import fold_text

__all__ = ["Difference", "KINDS", "classify", "tokenize", "SPELLING_MIN_RATIO",
           "NEGATING_PREFIXES", "is_number", "negations", "negating_prefix", "word_kind"]

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


def _is_word(tok: str) -> bool:
    return bool(re.match(r"\w", tok))


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


_is_number = is_number


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
    if len(q_words) == 1 and len(s_words) == 1 \
            and negating_prefix(fold_text(q_words[0]), fold_text(s_words[0])):
        return "negation"  # fair for unfair
    spelling = (len(q_words) == 1 and len(s_words) == 1
                and fuzz.ratio(fold_text(q_words[0]), fold_text(s_words[0]))
                >= SPELLING_MIN_RATIO)
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
    qt, st = tokenize(quoted), tokenize(source)
    qf = [fold_text(t) for t, _, _ in qt]
    sf = [fold_text(t) for t, _, _ in st]
    out: List[Difference] = []
    sm = SequenceMatcher(None, qf, sf, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        q_text = quoted[qt[i1][1]:qt[i2 - 1][2]] if i2 > i1 else ""
        s_text = source[st[j1][1]:st[j2 - 1][2]] if j2 > j1 else ""
        kind = _kind([t for t, _, _ in qt[i1:i2]], [t for t, _, _ in st[j1:j2]],
                     qf[i1:i2], sf[j1:j2])
        out.append(Difference(kind, q_text, s_text))
    return out
