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

# Line breaks: a sentence never crosses one. _LINE is a run of anything else.
_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"
_LINE = re.compile(f"[^{_BREAKS}]+")
_HSPACE = f"[^\\S{_BREAKS}]"  # whitespace that is not a line break
_STOP_CHARS = ".!?\u2026"
_CLOSERS = "\"'\u2019\u201d\u00bb)\\]"
_OPENERS = "(\"'\u2018\u201c\u00ab"
# A lone full stop after at least this many ASCII lower-case letters ends a
# sentence unless the word is one of the ABBREVIATIONS that long ("approx"): such
# a word is neither an initial nor a dotted abbreviation (its last part is longer
# than two letters). Most full stops are like this, and the regex engine tells
# them (group "plain") without a call to _full_stop_ends_sentence.
_PLAIN_LETTERS = 5


def _plain_word() -> str:
    """Regex, at a full stop: group ``plain`` matches if the word before is plain (above)."""
    n = _PLAIN_LETTERS
    long = sorted({re.escape(a[-n:]) for a in ABBREVIATIONS if len(a) >= n})
    not_abbreviation = f"(?<!(?:{'|'.join(long)})\\.)" if long else ""
    return f"(?:(?<=[a-z]{{{n}}}\\.){not_abbreviation}(?P<plain>))?"


def _stop_pattern(first: str) -> "re.Pattern[str]":
    """Candidate sentence ends whose run of stops starts with ``first``.

    A candidate is a whole run of ``.!?…`` (the character before it is not a
    stop), then closing quotes and brackets, then whitespace and a non-blank
    character on the same line (group ``next``). Starting the pattern with one
    literal character lets the regex engine skip to it fast; a class of four
    would be tried at every position.
    """
    c = re.escape(first)
    plain = _plain_word() if first == "." else ""
    return re.compile(f"{c}(?<![{_STOP_CHARS}]{c}){plain}[{_STOP_CHARS}]*[{_CLOSERS}]*"
                      f"(?={_HSPACE}+(?P<next>\\S))")


_STOPS = {c: _stop_pattern(c) for c in _STOP_CHARS}
# A line break and the whitespace after it (blank lines, indentation): the text
# between two sentences on different lines. The usual break, alone, is found fast.
_GAP_NEWLINE = re.compile(r"\n\s*")
_GAP_ANY = re.compile(f"[{_BREAKS}]\\s*")
_NON_SPACE = re.compile(r"\S")
# How far back to look for the space before a word (longer words: see _word_before).
_WORD_WINDOW = 32


def _trim(text: str, a: int, b: int) -> Optional[Tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _full_stop_ends_sentence(before: str) -> bool:
    """Whether a lone ``.`` ends a sentence, given the text just before it on its line.

    Only the last word counts (the run of non-space characters that ends
    ``before``), without its opening quotes and brackets, lower-cased.

    >>> [_full_stop_ends_sentence(w) for w in ["spoke", "(Lt", "U.S", "J", "and J", "x ", ""]]
    [True, False, False, False, False, True, True]
    """
    if not before or before[-1].isspace():
        return True
    w = before.rsplit(None, 1)[-1].lstrip(_OPENERS).lower()
    if w in ABBREVIATIONS:
        return False
    if len(w) == 1 and w.isalpha():
        return False  # an initial: "J. Smith"
    if "." in w and all(len(p) <= 2 for p in w.split(".")):
        return False  # dotted abbreviations such as "U.S" in "U.S.-trained"
    return True


def _word_before(text: str, s: int) -> str:
    """Some text ending at ``s`` that holds the whole last word before ``s``.

    Usually from the last space, else from the last whitespace of any kind
    (the line break, at worst), which also ends the word.
    """
    a = text.rfind(" ", s - _WORD_WINDOW if s > _WORD_WINDOW else 0, s)
    if a < 0:
        a = s
        while a > 0 and not text[a - 1].isspace():
            a -= 1  # each word is walked at most once: a candidate ends its word
        return text[a:s]
    return text[a + 1:s]


def _sentence_ends(text: str, first: int, last: int, ends: List[int], starts: List[int]) -> None:
    """Add the sentence ends inside ``text[first:last]``, and where the next sentence starts.

    A run of stops ends a sentence unless the next word starts lower-case
    ("a.m. on", "U.S. from"), or it is a lone full stop after an abbreviation
    or an initial.
    """
    for c in _STOP_CHARS:
        if c != "." and c not in text:
            continue
        for m in _STOPS[c].finditer(text, first, last):
            nxt = m.start("next")
            if text[nxt].islower():
                continue
            s, e = m.span()
            if (e - s == 1 and c == "." and m.group("plain") is None
                    and not _full_stop_ends_sentence(_word_before(text, s))):
                continue
            ends.append(e)
            starts.append(nxt)


def _line_ends(text: str, first: int, last: int, ends: List[int], starts: List[int]) -> None:
    """Add the ends of the lines inside ``text[first:last]`` and the starts of the next ones."""
    gap = _GAP_ANY if any(c in text for c in _BREAKS[1:]) else _GAP_NEWLINE
    for m in gap.finditer(text, first, last):
        e = m.start()
        while text[e - 1].isspace():
            e -= 1  # trailing blanks on the line (rare)
        ends.append(e)
        starts.append(m.end())


def sentences(text: str) -> List[Tuple[int, int]]:
    """Sentence spans ``[start, end)``, trimmed of surrounding whitespace."""
    m = _NON_SPACE.search(text)
    if m is None:
        return []
    first, last = m.start(), len(text.rstrip())
    # Each cut ends a sentence and starts the next one. The cuts come in sorted
    # runs (line ends; stops, per character) and never overlap, so sorting the
    # ends and the starts separately keeps them paired.
    ends: List[int] = []
    starts: List[int] = [first]
    _line_ends(text, first, last, ends, starts)
    _sentence_ends(text, first, last, ends, starts)
    ends.sort()
    starts.sort()
    ends.append(last)
    return list(zip(starts, ends))


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
