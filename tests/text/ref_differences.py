"""The oracle of tests/text/test_engine_reference.py for ``classify``: as it was in main
02057b0, before the alignment at C speed, with difflib's SequenceMatcher over the
tokens, each token folded by fold_text and the spelling rated by rapidfuzz there.

Only ``classify`` and the ``_kind`` it calls are kept as they were; the helpers that
did not change (what a word, a number or a negation is) are the engine's. Not to be
edited but to follow a deliberate change of results.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import List, Sequence, Tuple

from rapidfuzz import fuzz

from mali_facts.text.differences import (SPELLING_MIN_RATIO, Difference, _is_word, _negated_symbol,
                                         is_number, negating_prefix, negations)
from mali_facts.text.differences import _TOKEN
from mali_facts.text.normalize import fold_text


def tokenize(text: str) -> List[Tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _capitalized(tok: str) -> bool:
    return tok[:1].isupper()


def _kind(q_orig: Sequence[str], s_orig: Sequence[str],
          q_fold: Sequence[str], s_fold: Sequence[str]) -> str:
    if not q_orig and any(_is_word(t) for t in s_orig):  # source words left out, no ellipsis
        return "negation" if negations(s_fold) else "omission"
    if any(_negated_symbol(t) for t in list(q_fold) + list(s_fold)) \
            and negations(q_fold) != negations(s_fold):
        return "negation"  # ≠ for =: a negation, though = is an operator
    if any(is_number(t) for t in list(q_fold) + list(s_fold)):
        return "number"
    if negations(q_fold) != negations(s_fold):
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
