"""The short-string fold cache changes no fold: a differential test against the
steps applied one by one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.text import normalize
from mali_facts.text.normalize import ALL, STEPS, fold_text

ALPHABET = st.sampled_from(list("aAbß fi-–—\u00a0\n\t'\u2019\u201c\u201d\u00ab\u00bb\u00ad\u0301é\ufb01İ1½"))
TEXTS = st.lists(ALPHABET, max_size=normalize.SHORT_FOLD + 20).map("".join)


def one_by_one(text, steps=ALL):
    for name in steps:
        text = STEPS[name](text)
    return text


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.sampled_from(ALL), unique=True))
def test_cached_fold_equals_the_steps_one_by_one(text, steps):
    assert fold_text(text) == one_by_one(text)
    assert fold_text(text) == one_by_one(text)  # again: from the cache
    ordered = [name for name in ALL if name in steps]
    assert fold_text(text, steps) == one_by_one(text, ordered)


def test_short_strings_are_folded_once():
    normalize._fold_short.cache_clear()
    for _ in range(3):
        fold_text("Col. Assimi Go\u00efta \u2013 \u201cthe\u00a0junta\u201d")
    info = normalize._fold_short.cache_info()
    assert (info.hits, info.misses) == (2, 1)
    fold_text("x" * (normalize.SHORT_FOLD + 1))
    assert normalize._fold_short.cache_info().misses == 1
