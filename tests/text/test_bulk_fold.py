"""The bulk fold (str.replace per distinct character, regexes over the whole text,
sparse regions) gives what the per-character fold gave: the same text, the same
regions and the same offset-map answers, for every subset of the registry."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.text import normalize
from mali_facts.text.normalize import ALL, fold, fold_text

sys.path.insert(0, str(Path(__file__).parent))
import fold_reference as ref  # noqa: E402

# the characters the folds touch, and their neighbours
TOUCHED = list(
    "aAeEiIsSzZ09 .,;'\"()-\n\t\r\x0b\x0c\x1c\x85"
    "\u00a0\u2000\u2009\u202f\u205f\u3000\u2028\u2029"        # spaces
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u202e\u2066\u061c"  # invisible, bidi
    "\u2018\u2019\u201a\u201b\u2032\u201c\u201d\u201e\u201f\u2033"  # quotes
    "\u00ab\u00bb\u2039\u203a"                                  # guillemets
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"                 # dashes
    "\u0301\u0308\u0327\u0338\u0334\u1ab0\u1dc0\ufe20"          # marks, overlays
    "\u00e9\u00ef\u00c7\u01d6\u1e9b\u2260\u2209\ud55c\ufe58\ufe31"  # precomposed, NFKC to a dash
    "\ufb01\ufb03\u2026\uff21\uff11\u2126\u212a\u212b\u00b5"    # compatibility forms
    "\u00b2\u2074\u2082\u00bd\u2463\u2488\u2160\u3392"          # numeric forms kept
    "\u00df\u1e9e\u0130\u0149\u01f0\u03a3\u03c2\ufb06\u0587"    # case expansions
    "\u01c4\u01c6\u3250\ufdfa"                                # NFKC to several, some non-ASCII
)
TEXTS = (st.text(st.sampled_from(TOUCHED), max_size=60)
         | st.text(st.sampled_from(TOUCHED) | st.characters(), max_size=40))
SUBSETS = st.lists(st.sampled_from(ALL), unique=True).map(
    lambda names: tuple(n for n in ALL if n in names))


def regions(folded):
    return [list(zip(m.os, m.oe, m.is_, m.ie)) for m in folded._maps]


@settings(max_examples=600, deadline=None)
@given(TEXTS, SUBSETS | st.just(ALL))
def test_bulk_fold_equals_the_per_character_fold(text, steps):
    normalize._fold_cached.cache_clear()
    got = fold(text, steps)
    want_text, want_maps = ref.fold(text, steps)
    assert got.text == want_text
    assert regions(got) == [m.regions() for m in want_maps]
    assert fold_text(text, steps) == want_text
    n = len(got.text)
    for i in range(n + 1):
        for j in range(i, n + 1):
            assert got.to_original(i, j) == ref.to_original(want_maps, i, j), (i, j)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(ALL))
def test_each_step_alone_equals_the_reference(text, name):
    out, smap = normalize.STEPS[name].apply(text)
    want, wmap = ref.STEPS[name](text)
    assert (out, list(zip(smap.os, smap.oe, smap.is_, smap.ie))) == (want, wmap.regions())


def test_the_corpus_like_text_folds_alike():
    """A long, hard-wrapped text with every touched character many times over."""
    import random

    rng = random.Random(15)
    words = ["Mali\u2019s", "\u201cjunta\u201d", "coup", "\u2014", " \u2013 ", "--", "----",
             "\u00ab Comit\u00e9 \u00bb", "\ufb01nance", "Stra\u00dfe", "co\u00adop", "10\u2076",
             "e\u0301", "a\u00a0b", "\n", "\n\n", "  ", "\u2026", "\u0130stanbul", "x\u200by"]
    text = " ".join(rng.choice(words) for _ in range(20_000))
    got = fold(text)
    want_text, want_maps = ref.fold(text)
    assert got.text == want_text
    assert regions(got) == [m.regions() for m in want_maps]
    for i in range(0, len(got.text), 97):
        j = min(len(got.text), i + rng.randrange(0, 300))
        assert got.to_original(i, j) == ref.to_original(want_maps, i, j)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(ALL))
def test_each_step_knows_the_characters_it_leaves(text, name):
    """The set of non-ASCII characters carried from step to step stays a superset
    of the text's (a step planned from it misses no character)."""
    out, _, chars = normalize.STEPS[name]._run(text, normalize._non_ascii(text))
    assert normalize._non_ascii(out) <= chars


def _old_nfkc_char(c):
    """``_nfkc_char`` without its ``is_normalized`` short cut."""
    if c in normalize._RESERVED:
        return c
    if unicodedata.category(c) in ("No", "Nl"):
        return c
    if unicodedata.decomposition(c).startswith(normalize._NUMERIC_FORMS):
        return c
    r = unicodedata.normalize("NFKC", c)
    if r != c and any(x.isdigit() for x in r) and not c.isdigit():
        return c
    return r


def test_nfkc_is_skipped_only_where_it_changes_nothing():
    """``unicodedata.is_normalized`` decides where NFKC runs: for every code point
    the answer is the one NFKC itself gives."""
    fn = normalize._nfkc_char.__wrapped__
    bad = [hex(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000
           and fn(chr(c)) != _old_nfkc_char(chr(c))]
    assert bad == []


def test_distinct_characters_are_found_in_bulk():
    assert normalize._non_ascii("abc") == frozenset()
    assert normalize._non_ascii("a\u00e9\u2019\u00e9\U0001f600\ud800") == {
        "\u00e9", "\u2019", "\U0001f600", "\ud800"}
