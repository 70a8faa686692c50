"""fold_many (the statement check folds a ledger's quotes in one pass) folds each
string exactly as fold_text does on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.text.bulk import SEPARATOR, fold_many
from mali_facts.text.normalize import ALL, fold_text

# what the folds look at next to a character: spaces, dashes, guillemets, letters
# before a combining mark; and the separator itself
ALPHABET = st.sampled_from(list(
    "aZ9 -\u2013\u2014\n\t\u00a0\u00ab\u00bb\u2039\u203a\u0301\u0308\u00e9\u00ad\u200b\u2019\u201c"
    "\u00df\ufb01\u00bd\u2460'\"." + SEPARATOR))
TEXTS = st.text(ALPHABET, max_size=12)


@settings(max_examples=500, deadline=None)
@given(st.lists(TEXTS, max_size=8), st.lists(st.sampled_from(ALL), unique=True))
def test_fold_many_folds_each_string_as_fold_text_does(texts, steps):
    assert fold_many(texts, steps) == [fold_text(t, steps) for t in texts]
    assert fold_many(texts) == [fold_text(t) for t in texts]


def test_strings_around_the_separator_do_not_meet():
    texts = ["a -", "- b", "\u00ab", " x", "e", "\u0301", "a  ", "  b"]
    assert fold_many(texts) == [fold_text(t) for t in texts] == \
        ["a-", "-b", '"', " x", "e", "\u0301", "a ", " b"]
