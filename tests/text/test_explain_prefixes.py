"""``fold_and_explain`` reuses the text after each prefix of the registry instead of
folding both strings afresh for every trial, and ``_run_steps`` skips the folds that
need a non-ASCII character on ASCII text: the answers are those of the plain
definitions, kept here as the oracle."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.text import normalize
from mali_facts.text.normalize import ALL, STEPS, fold_and_explain

# the characters the folds touch, and their neighbours (as in test_bulk_fold)
TOUCHED = list(
    "aAeEsS09 .,;'\"-\n\t\u00a0\u2009\u00ad\u200b\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014"
    "\u0301\u0338\u00e9\u00ef\ufb01\u2026\uff21\u00b2\u00df\u0130\u03a3\u03c2"
)
TEXTS = st.text(st.sampled_from(TOUCHED), max_size=30)


def plain_run(text, steps):
    """Every named step, in registry order, with no short cut."""
    chars = normalize._non_ascii(text)
    for name in ALL:
        if name in steps:
            text, _, chars = STEPS[name]._run(text, chars)
    return text


def plain_explain(quote, source):
    """fold_and_explain as first written: a fresh fold of both strings per trial."""
    if quote == source:
        return ()
    needed = list(ALL)
    if plain_run(quote, ALL) != plain_run(source, ALL):
        return None
    for name in reversed(ALL):
        trial = tuple(n for n in needed if n != name)
        if plain_run(quote, trial) == plain_run(source, trial):
            needed = list(trial)
    return tuple(needed)


def variant(text, rng):
    """A string that folds like ``text`` more often than a random one does."""
    swaps = {"'": "\u2019", '"': "\u201c", "-": "\u2014", " ": "\n", "a": "A", "e": "\u00e9",
             "s": "S", "fi": "\ufb01"}
    for a, b in swaps.items():
        if rng.random() < 0.5:
            text = text.replace(a, b)
    return text


@settings(max_examples=500, deadline=None)
@given(TEXTS, TEXTS)
def test_explain_equals_the_plain_definition(quote, source):
    assert fold_and_explain(quote, source) == plain_explain(quote, source)


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.randoms(use_true_random=False))
def test_explain_equals_the_plain_definition_on_near_equal_strings(quote, rng):
    source = variant(quote, rng)
    assert fold_and_explain(quote, source) == plain_explain(quote, source)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.sampled_from(ALL), unique=True))
def test_ascii_short_cut_changes_no_fold(text, names):
    steps = tuple(n for n in ALL if n in names)
    assert normalize._run_steps(text, steps) == plain_run(text, steps)
    ascii_text = text.encode("ascii", "ignore").decode()
    assert normalize._run_steps(ascii_text, steps) == plain_run(ascii_text, steps)


def test_explain_examples():
    assert fold_and_explain("Mali's Coup", "mali\u2019s\ncoup") == ("quotes", "whitespace", "case")
    assert fold_and_explain("\ufb01nance", "finance") == ("unicode_compat",)
    assert fold_and_explain("a - b", "a\u2014b") == ("dashes",)
    assert fold_and_explain("x", "y") is None
