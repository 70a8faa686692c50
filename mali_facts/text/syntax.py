"""The editor's marks a quote may carry: elisions (``...``, ``…``, ``[...]``) and
bracketed alterations (``[T]he``, ``[Sanogo]``), and how much quoted text a quote
holds outside them. Light on purpose: the ledger validator uses it without
loading the matcher.

>>> ELISION.split("the coup ... six missions")
['the coup', 'six missions']
>>> has_content("[T]he coup"), has_content("[The Pentagon admitted it]"), has_content("e")
(True, False, False)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ELISION", "BRACKET", "MIN_CONTENT", "content_chars", "has_content", "wordy", "inside_word",
           "cut"]

#: An elision mark with the white space around it.
ELISION = re.compile(r"\s*(?:\[\s*(?:\.{3,}|\u2026)\s*\]|\.{3,}|\u2026)\s*")
#: A bracketed alteration; group 1 is its text.
BRACKET = re.compile(r"\[([^\[\]]{1,80})\]")
#: A quote, and each elided piece of it, needs this many word characters of
#: quoted text (not bracketed, not elided).
MIN_CONTENT = 3

_WORD = re.compile(r"\w+")


def content_chars(text: str) -> int:
    """Word characters of quoted (not bracketed, not elided) text.

    >>> content_chars("[T]he coup ... in 2012")
    12
    """
    literal = BRACKET.sub(" ", ELISION.sub(" ", text))
    return sum(len(w) for w in _WORD.findall(literal))


def has_content(quote: str) -> bool:
    """Whether a quote holds at least MIN_CONTENT word characters of quoted text."""
    return content_chars(quote) >= MIN_CONTENT


# -- word boundaries: a match may not start or end inside a word ------------------

APOSTROPHES = "'\u2019\u02bc"


def wordy(c: str) -> bool:
    return c.isalnum() or c == "_" or unicodedata.category(c)[0] == "M"


def inside_word(s: str, p: int) -> bool:
    """Whether position ``p`` (between ``s[p-1]`` and ``s[p]``) is inside a word.

    An apostrophe between letters joins them: a cut before ``'t`` of ``don't``
    is inside the word.

    >>> [inside_word("un-fair don't", p) for p in (0, 1, 2, 3, 9, 10, 13)]
    [False, True, False, False, True, True, False]
    """
    if p <= 0 or p >= len(s):
        return False
    a, b = s[p - 1], s[p]
    if wordy(a):
        if wordy(b):
            return True
        return b in APOSTROPHES and p + 1 < len(s) and wordy(s[p + 1])
    return a in APOSTROPHES and wordy(b) and p >= 2 and wordy(s[p - 2])


def cut(s: str, a: int, b: int) -> bool:
    """Whether the span ``[a, b)`` of ``s`` starts or ends inside a word."""
    return inside_word(s, a) or inside_word(s, b)
