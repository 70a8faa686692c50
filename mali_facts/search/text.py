"""Passages and tokens: how source text becomes searchable units.

A *passage* is a sentence as :func:`mali_facts.text.segment.sentences` finds it,
after undoing hard line wraps (so a sentence wrapped over several lines is one
passage), and cut at a word boundary when longer than :data:`MAX_PASSAGE`.
Tokens are runs of letters and digits of the text folded exactly as ``check``
folds it (:func:`mali_facts.text.normalize.fold`: compatibility forms, accents,
invisible characters, quotes, dashes, whitespace, case).

>>> [t for t in tokens("Col. Assimi GO\\u00cfTA \\u2013 \\u00ab Comit\\u00e9 \\u00bb")]
['col', 'assimi', 'goita', 'comite']
"""

from __future__ import annotations

import re
from typing import List, Tuple

from mali_facts.text.normalize import ALL

MAX_PASSAGE = 600

# A line of 50-100 characters that does not end a sentence, followed by a
# non-blank line, is a hard wrap: its line break becomes a space (same length,
# so offsets do not move). Shorter lines (headings, bylines) stay lines.
# The rule is checked from the line break (which the regex engine finds fast)
# backwards: at least 50 characters since the previous break, not 101.
_SOFT_WRAP = re.compile(r"\n(?=\S)(?<=[^\s.!?:;\u2026\"\u201d\u00bb)\]]\n)"
                        r"(?<=[^\n]{50}\n)(?<![^\n]{101}\n)")
_TOKEN = re.compile(r"[^\W_]+")
_NUL = "\x00"
#: The folds applied before tokenising: all of `check`'s, so a quote that verifies is found.
STEPS = ALL

# Function words that carry no search weight (English, and the French of names
# such as "Comité national pour le salut du peuple"). They still count inside
# "quoted phrases".
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves s t
le la les l de du des d pour et un une au aux en
""".split())


def fold_text(text: str) -> str:
    """``text`` folded by the text engine's :data:`STEPS` (no offset map: fast)."""
    from mali_facts.text import normalize

    return normalize.fold_text(text, STEPS)


def claim_texts(claim) -> List[str]:
    """What a claim is searched by: its statement and, when it has a review, the
    review's explanation and references (so ``Section 7008``, said only in a
    review, finds the claim)."""
    review = getattr(claim, "review", None)
    if review is None:
        return [claim.statement]
    return [claim.statement, "\n".join([review.explanation, *review.references])]


def tokens(text: str) -> List[str]:
    """The folded tokens of ``text``."""
    return _TOKEN.findall(fold_text(text))


def token_spans(text: str) -> List[Tuple[str, int, int]]:
    """``(token, start, end)`` with offsets in the original ``text``.

    >>> token_spans("Go\\u00efta’s")
    [('goita', 0, 5), ('s', 6, 7)]
    """
    from mali_facts.text.normalize import fold

    folded = fold(text)
    return [(m.group(), *folded.to_original(m.start(), m.end()))
            for m in _TOKEN.finditer(folded.text)]


def unwrap(text: str) -> str:
    """``text`` with hard line wraps replaced by spaces (same length)."""
    return _SOFT_WRAP.sub(" ", text)


def passages(text: str) -> List[Tuple[int, int]]:
    """Passage spans ``[start, end)`` in code points of ``text``.

    >>> t = "Short title\\nOne sentence here. Another one, which is hard-wrapped\\nover two lines.\\n"
    >>> [t[a:b] for a, b in passages(t)]
    ['Short title', 'One sentence here.', 'Another one, which is hard-wrapped\\nover two lines.']
    """
    from mali_facts.text.segment import sentences

    spans = sentences(unwrap(text))
    if all(b - a <= MAX_PASSAGE for a, b in spans):
        return spans  # the usual case: nothing to cut
    out: List[Tuple[int, int]] = []
    for a, b in spans:
        while b - a > MAX_PASSAGE:
            cut = text.rfind(" ", a + MAX_PASSAGE // 2, a + MAX_PASSAGE)
            cut = cut if cut > a else a + MAX_PASSAGE
            out.append((a, cut))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if a < b:
            out.append((a, b))
    return out


def folded_passages(text: str, spans: List[Tuple[int, int]]) -> List[str]:
    """The folded text of each span, folding the document in one pass."""
    pieces = [text[a:b] for a, b in spans]
    if _NUL not in text:
        folded = fold_text(_NUL.join(pieces)).split(_NUL)
        if len(folded) == len(pieces):
            return folded
    return [fold_text(p) for p in pieces]  # pragma: no cover - NUL in a source
