"""Describe a span of a text by its quote and the shortest context that picks it out.

This is the inverse of :func:`mali_facts.text.locate.locate`: given a span,
find the ``(prefix, suffix)`` such that ``locate(text, text[start:end],
prefix=prefix, suffix=suffix)`` returns that span again, with no ``start``
hint. It works as Apache Annotator's ``describeTextQuote`` does: for each other
occurrence of the same string, see how far the text before (and after) agrees
with ours, and grow whichever side needs fewer characters to disagree. Because
``locate`` compares context after the cosmetic folds and with a similarity
score, the result is then checked with ``locate`` itself and grown a word at a
time until ``locate`` agrees.

>>> text = "a cat, a cat, the cat"
>>> describe_quote(text, 18, 21)
('e ', '')
>>> locate(text, "cat", prefix="e ").start
18
>>> describe_quote("one two", 4, 7)
('', '')
"""

from __future__ import annotations

from typing import Optional, Tuple

from mali_facts.text.locate import locate

__all__ = ["describe_quote", "minimal_context", "MAX_CONTEXT"]

#: The longest prefix or suffix describe_quote proposes (code points per side).
MAX_CONTEXT = 200


def _common_suffix(a: str, a_end: int, b_end: int) -> int:
    """How many characters end at ``a_end`` and at ``b_end`` in ``a`` alike."""
    n = 0
    while n < a_end and n < b_end and a[a_end - 1 - n] == a[b_end - 1 - n]:
        n += 1
    return n


def _common_prefix(a: str, a_start: int, b_start: int) -> int:
    """How many characters start at ``a_start`` and at ``b_start`` in ``a`` alike."""
    n, size = 0, len(a)
    while a_start + n < size and b_start + n < size and a[a_start + n] == a[b_start + n]:
        n += 1
    return n


def minimal_context(text: str, start: int, end: int) -> Tuple[int, int]:
    """Lengths of the shortest prefix and suffix that make ``text[start:end]``
    unique as a string (Apache Annotator's describeTextQuote).

    >>> minimal_context("a cat, a cat, the cat", 18, 21)
    (2, 0)
    >>> minimal_context("x y x z", 4, 5)   # a tie goes to the prefix
    (1, 0)
    >>> minimal_context("x y x z", 0, 1)
    (0, 2)
    """
    exact = text[start:end]
    if not exact:
        return 0, 0
    prefix_len = suffix_len = 0
    i = text.find(exact)
    while i != -1:
        if i != start:
            before = _common_suffix(text, start, i)
            after = _common_prefix(text, end, i + len(exact))
            if before >= prefix_len and after >= suffix_len:  # not yet told apart
                can_prefix = before < start
                can_suffix = after < len(text) - end
                need_p = before + 1 - prefix_len
                need_s = after + 1 - suffix_len
                if can_prefix and (need_p <= need_s or not can_suffix):
                    prefix_len = before + 1
                elif can_suffix:
                    suffix_len = after + 1
        i = text.find(exact, i + 1)
    return prefix_len, suffix_len


def _picks(text: str, start: int, end: int, prefix: str, suffix: str) -> bool:
    m = locate(text, text[start:end], prefix=prefix or None, suffix=suffix or None)
    return m.status == "verified" and (m.start, m.end) == (start, end)


def _grow_back(text: str, start: int, length: int, limit: int) -> int:
    """``length`` extended backwards from ``start`` by one more word (and the space before it)."""
    i = start - length
    lo = max(0, start - limit)
    while i > lo and text[i - 1].isspace():
        i -= 1
    while i > lo and not text[i - 1].isspace():
        i -= 1
    return start - i


def _grow_forward(text: str, end: int, length: int, limit: int) -> int:
    i = end + length
    hi = min(len(text), end + limit)
    while i < hi and text[i].isspace():
        i += 1
    while i < hi and not text[i].isspace():
        i += 1
    return i - end


def describe_quote(text: str, start: int, end: int, *,
                   limit: int = MAX_CONTEXT) -> Optional[Tuple[str, str]]:
    """The shortest ``(prefix, suffix)`` with which :func:`locate` finds
    ``text[start:end]`` at ``start:end`` again; ``('', '')`` when the quote is
    unique; None when no context of up to ``limit`` characters a side picks it
    out (the same passage repeated word for word), so only ``start`` can.

    The span is one ``locate`` reports: no white space at either end.

    >>> text = "He said yes. She said yes. They said no."
    >>> describe_quote(text, 8, 11)
    ('', '. S')
    >>> describe_quote(text, 22, 25)
    ('', '. T')
    >>> describe_quote("hah hah hah", 4, 7)   # a lone space is no context for locate: grown a word
    ('hah ', ' hah')
    >>> describe_quote("a" * 40, 20, 21) is None
    True
    >>> describe_quote("word word", 0, 4, limit=0) is None
    True
    """
    exact = text[start:end]
    if not exact.strip():
        raise ValueError("empty span")
    p_len, s_len = minimal_context(text, start, end)
    p_len, s_len = min(p_len, limit), min(s_len, limit)
    while True:
        prefix, suffix = text[start - p_len:start], text[end:end + s_len]
        if _picks(text, start, end, prefix, suffix):
            return prefix, suffix
        p_max, s_max = min(start, limit), min(len(text) - end, limit)
        grow_p = p_len < p_max and (p_len > 0 or s_len == 0 or s_len >= s_max)
        grow_s = s_len < s_max and (s_len > 0 or not grow_p)
        if not grow_p and not grow_s:
            return None
        if grow_p:
            p_len = _grow_back(text, start, p_len, limit)
        if grow_s:
            s_len = _grow_forward(text, end, s_len, limit)
