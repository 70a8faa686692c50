"""Sentence and paragraph segmentation, as spans of the original text.

A paragraph is a non-blank line; a sentence never crosses a line break.

>>> t = "Lt. Col. Anton Semelroth spoke. The U.S. military is “looking.” Next one"
>>> [t[a:b] for a, b in sentences(t)]
['Lt. Col. Anton Semelroth spoke.', 'The U.S. military is “looking.”', 'Next one']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import List, Optional, Tuple

__all__ = ["sentences", "paragraphs", "paragraph_number", "ABBREVIATIONS"]

#: Lower-cased words (without the final period) that do not end a sentence.
ABBREVIATIONS = frozenset("""
u.s u.k u.n e.u a.m p.m e.g i.e etc vs lt col capt maj gen brig sgt cpl pvt adm cmdr
mr mrs ms dr st jr sr prof rev hon gov sen rep pres no nos fig approx dept inc ltd co corp
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
# sentence-final punctuation, then closing quotes/brackets, then whitespace
_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d\u00bb)\]]*(?=\s+(\S))")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _trim(text: str, a: int, b: int) -> Optional[Tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _is_boundary(text: str, m: "re.Match[str]", line_start: int) -> bool:
    punct = m.group()
    nxt = m.group(1)
    if nxt[0].islower():
        return False  # "a.m. on", "U.S. from": a sentence rarely starts lower-case
    if punct != ".":
        return True
    word = _WORD_BEFORE.search(text, line_start, m.start())
    if word is None:
        return True
    w = word.group(1).lstrip("(\"'\u2018\u201c\u00ab").lower()
    if w in ABBREVIATIONS:
        return False
    if len(w) == 1 and w.isalpha():
        return False  # an initial: "J. Smith"
    if "." in w and all(len(p) <= 2 for p in w.split(".")):
        return False  # dotted abbreviations such as "U.S" in "U.S.-trained"
    return True


def sentences(text: str) -> List[Tuple[int, int]]:
    """Sentence spans ``[start, end)``, trimmed of surrounding whitespace."""
    out: List[Tuple[int, int]] = []
    for line in _LINE.finditer(text):
        ls, le = line.span()
        start = ls
        for m in _END.finditer(text, ls, le):
            if m.start(1) >= le:
                break
            # the word before the stop starts after the last space: search from there,
            # not from the line's start (linear, not quadratic, in a long paragraph)
            if _is_boundary(text, m, max(ls, text.rfind(" ", ls, m.start()) + 1)):
                span = _trim(text, start, m.end())
                if span:
                    out.append(span)
                start = m.end()
        span = _trim(text, start, le)
        if span:
            out.append(span)
    return out


def paragraphs(text: str) -> List[Tuple[int, int]]:
    """Spans of the non-blank lines, trimmed; paragraph ``n`` is ``result[n - 1]``.

    >>> paragraphs("One.\\n\\n  Two  \\n")
    [(0, 4), (8, 11)]
    """
    out = []
    for line in _LINE.finditer(text):
        span = _trim(text, *line.span())
        if span:
            out.append(span)
    return out


def paragraph_number(text: str, offset: int) -> Optional[int]:
    """1-based number of the paragraph containing (or last starting before) ``offset``.

    >>> paragraph_number("One.\\n\\n  Two  \\n", 9), paragraph_number("  One", 0)
    (2, None)
    """
    spans = paragraphs(text)
    k = bisect_right([a for a, _ in spans], offset)
    return k if k > 0 else None
