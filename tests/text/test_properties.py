"""Property tests: word-bounded substrings verify, cosmetic variants verify as
normalized, and the fold offset map is sound and monotonic."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings, strategies as st

from mali_facts.text.locate import _inside_word, has_content, locate
from mali_facts.text.normalize import STEPS, fold, fold_text

from .conftest import ROOT

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def whole_words(text, a, b):
    """``[a, b)`` widened to word boundaries (a match never cuts a word)."""
    while a > 0 and _inside_word(text, a):
        a -= 1
    while b < len(text) and _inside_word(text, b):
        b += 1
    return a, b


@st.composite
def substring(draw, min_len=1, max_len=300):
    text = draw(st.sampled_from(SEEDS))
    a = draw(st.integers(0, len(text) - min_len))
    b = draw(st.integers(a + min_len, min(len(text), a + max_len)))
    return (text, *whole_words(text, a, b))


@settings(max_examples=150, deadline=None)
@given(substring())
def test_any_word_bounded_substring_verifies(tsub):
    text, a, b = tsub
    q = text[a:b]
    assume(q.strip() and has_content(q))
    m = locate(text, q)
    assert m.status in ("verified", "ambiguous")
    # white space at the edges of an exact quote is part of it (issue 14): the span covers it
    assert text[m.start:m.end] == q
    if text.count(q) == 1:
        assert m.status == "verified" and m.match == "exact"
        assert (m.start, m.end) == (a, b)


_CURLY = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
_STRAIGHT = {"'": "\u2019", '"': "\u201d"}


@settings(max_examples=150, deadline=None)
@given(substring(min_len=12, max_len=200), st.data())
def test_cosmetic_variant_verifies_normalized(tsub, data):
    text, a, b = tsub
    q = text[a:b].strip()
    assume(len(q) >= 8 and re.search(r"\w", q) and has_content(q))
    a = text.index(q, a)
    folded = fold(text).text
    fq = fold_text(q).strip()
    assume(folded.count(fq) == 1)
    words = q.split()
    seps = data.draw(st.lists(st.sampled_from([" ", "  ", "\n", " \n ", "\t"]),
                              min_size=len(words) - 1, max_size=len(words) - 1))
    variant = words[0] + "".join(s + w for s, w in zip(seps, words[1:]))
    variant = "".join(_CURLY.get(c, _STRAIGHT.get(c, c)) for c in variant)
    variant = data.draw(st.sampled_from([variant, variant.upper(), variant.lower()]))
    assume(variant != q)
    m = locate(text, variant)
    assert (m.status, m.match) == ("verified", "normalized")
    assert (m.start, m.end) == (a, a + len(q))


ALPHABET = st.sampled_from(list("aB ﬁß…\u00a0\u00ad\u200b\n\t’“”«»–—- xé") + ["e\u0301", "Ａ"])


_DASHLIKE = {chr(c) for c in STEPS["dashes"].table} | {"-"}


def _whole_dash_runs(text: str, s: int, e: int):
    """Widen a span to the whole runs of dashes at its ends: the dash fold treats a
    run as one (``--`` is a dash, ``----`` is left alone), so a span that cuts a run
    folds differently from the run it was cut from."""
    while s > 0 and s < len(text) and text[s] in _DASHLIKE and text[s - 1] in _DASHLIKE:
        s -= 1
    while 0 < e < len(text) and text[e - 1] in _DASHLIKE and text[e] in _DASHLIKE:
        e += 1
    return s, e


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join), st.data())
def test_fold_offset_map_roundtrip_and_monotonic(text, data):
    f = fold(text)
    n = len(f.text)
    i = data.draw(st.integers(0, n))
    j = data.draw(st.integers(i, n))
    s, e = f.to_original(i, j)
    assert 0 <= s <= e <= len(text)
    if i < j:
        s, e = _whole_dash_runs(text, s, e)
        assert f.text[i:j] in fold_text(text[s:e]) or \
            f.text[i:j].strip() in fold_text(text[s:e]).strip()
    # monotonic: starts and ends never decrease along the folded text
    starts = [f.to_original(k, k + 1)[0] for k in range(n)]
    ends = [f.to_original(k, k + 1)[1] for k in range(n)]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(x < y for x, y in zip(starts, ends))


def test_a_span_cut_from_a_long_dash_run_maps_back_to_the_run():
    """Found by the property above: ``––––`` folds to ``----`` (a run of four is left
    alone) while ``––`` folds to ``-``; the offset map is right, the span's context is
    what the check must take."""
    text = "––––"
    f = fold(text)
    assert f.text == "----" and f.to_original(0, 2) == (0, 2)
    assert _whole_dash_runs(text, 0, 2) == _whole_dash_runs(text, 2, 4) == (0, 4)
    assert _whole_dash_runs("a –– b", 2, 3) == (2, 4)
    assert "--" in fold_text(text[slice(*_whole_dash_runs(text, 0, 2))])
