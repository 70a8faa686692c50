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

__all__ = ["ELISION", "BRACKET", "MIN_CONTENT", "content_chars", "has_content"]

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
