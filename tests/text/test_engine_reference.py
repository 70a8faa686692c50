"""The faster fuzzy search gives the engine's answers of before, to the byte: every
``locate`` and ``classify`` result is compared with the engine of main 02057b0: the
engine run with the functions the faster search rewrote put back as they were
(tests/text/ref_locate.py and ref_differences.py, the oracle).

Near misses (a word changed, added or dropped), misquotes seen through the folds
(curly quotes, dashes, line breaks, case), quotes that are not there, several
sources searched in turn (the per-source data the engine keeps must never leak
from one text to the next), and the whole Rolling Stone article."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mali_facts.text import differences as D
from mali_facts.text import locate as L
from mali_facts.text.locate import locate
from mali_facts.text.normalize import fold_text
from .conftest import RS

sys.path.insert(0, str(Path(__file__).parent))
import ref_differences as ref_D  # noqa: E402
import ref_locate as ref_L  # noqa: E402

VOCAB = ["the", "The", "coup", "junta", "said", "Sanogo", "army", "of", "Mali", "in", "2012",
         "six", "seven", "not", "trained", "U.S.-trained", "isn\u2019t", "officers", "a", "and"]
PUNCT = [" ", " ", " ", " ", ", ", ". ", "\n", " \u2014 ", " - ", "; ", " \u201c", "\u201d "]


def same(text, quote, **kw):
    got = locate(text, quote, **kw).to_dict()
    want = ref_L.locate(text, quote, **kw).to_dict()
    assert got == want, (quote, kw)
    return got


@st.composite
def texts(draw, min_words=30, max_words=400):
    n = draw(st.integers(min_words, max_words))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(rng.choice(VOCAB))
        out.append(rng.choice(PUNCT))
    return "".join(out).strip()


@st.composite
def near_misses(draw):
    text = draw(texts())
    words = text.split(" ")
    a = draw(st.integers(0, max(0, len(words) - 4)))
    b = draw(st.integers(a + 2, min(len(words), a + 60)))
    quote = words[a:b]
    k = draw(st.integers(0, len(quote) - 1))
    edit = draw(st.sampled_from(["replace", "insert", "delete", "none", "fold"]))
    new = draw(st.sampled_from(VOCAB + ["mutiny", "Goita", "2013", "never"]))
    if edit == "replace":
        quote[k] = new
    elif edit == "insert":
        quote.insert(k, new)
    elif edit == "delete" and len(quote) > 2:
        del quote[k]
    q = " ".join(quote).strip()
    if edit == "fold":
        q = q.replace("\u2019", "'").replace("\u2014", "--").lower()
    return text, q


@settings(max_examples=400, deadline=None)
@given(near_misses(), st.sampled_from([None, 0, 500]), st.booleans())
def test_locate_answers_as_before(case, position, context):
    text, quote = case
    if not quote.strip():
        return
    kw = {"position": position}
    if context:
        kw.update(prefix="the ", suffix=" said")
    same(text, quote, **kw)


@settings(max_examples=100, deadline=None)
@given(st.lists(near_misses(), min_size=2, max_size=6))
def test_sources_searched_in_turn(cases):
    """Quotes of several sources, interleaved as a session may send them: what is
    kept per source text is that text's alone."""
    for text, quote in cases + cases[::-1]:
        if quote.strip():
            same(text, quote)


def rs_quotes(n=120, seed=15):
    rng = random.Random(seed)
    words = RS.split(" ")
    out = []
    for _ in range(n):
        a = rng.randrange(0, len(words) - 40)
        quote = words[a:a + rng.randrange(3, 40)]
        k = rng.randrange(len(quote))
        edit = rng.choice(["replace", "insert", "delete"])
        if edit == "replace":
            quote[k] = rng.choice(["mutiny", "six", "never", quote[0]])
        elif edit == "insert":
            quote.insert(k, rng.choice(["not", "Sanogo", "the"]))
        elif len(quote) > 2:
            del quote[k]
        out.append(" ".join(quote).strip())
    return [q for q in out if q]


@pytest.mark.parametrize("quote", rs_quotes())
def test_the_rolling_stone_article(quote):
    same(RS, quote)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab c.\u2019'-\u00a0\n\x1c\u2028\u00e9_9", max_size=80),
       st.integers(0, 20), st.integers(-1, 90))
def test_tokens_are_finditers(text, lo, hi):
    for rx, pairs in ((D._TOKEN, D._TOKEN_SPLIT), (L._TOKEN, L._TOKEN_SPLIT),
                      (L._WORD, L._WORD_SPLIT)):
        want = list(rx.finditer(text, lo, len(text) if hi < 0 else hi))
        got = D.Tokens(text, pairs, lo, hi)
        assert got.tokens == [m.group() for m in want]
        assert got.spans() == ([m.start() for m in want], [m.end() for m in want])
        assert [(got.start(k), got.end(k)) for k in range(len(want))] == [m.span() for m in want]


@settings(max_examples=400, deadline=None)
@given(near_misses())
def test_classify_as_before(case):
    text, quote = case
    words = text.split(" ")
    source = " ".join(words[:len(quote.split(" ")) + 1])
    got = [d.to_dict() for d in D.classify(quote, source)]
    assert got == [d.to_dict() for d in ref_D.classify(quote, source)]


def test_the_token_cache_forgets_when_full(monkeypatch):
    monkeypatch.setattr(D, "_FOLDED", {})
    monkeypatch.setattr(D, "_FOLDED_MAX", 4)
    assert D._fold_tokens(["A", "B", "\u00c9"]) == ["a", "b", "e"]
    assert D._fold_tokens(["C", "D", "A"]) == ["c", "d", "a"]
    assert len(D._FOLDED) <= 4 + 3
    assert re.fullmatch(r"[a-e]", "".join(D._FOLDED.values())[:1])


@settings(max_examples=500, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9]{1,12}", fullmatch=True))
def test_ascii_letters_and_digits_fold_as_lower(token):
    D._FOLDED.pop(token, None)
    assert D._fold_tokens([token]) == [token.lower()] == [fold_text(token)]


def test_every_ascii_pair_folds_as_the_token_cache_says(monkeypatch):
    monkeypatch.setattr(D, "_FOLDED", {})
    chars = [chr(c) for c in range(128)]
    pairs = [a + b for a in chars for b in chars]
    folded = D._fold_tokens(pairs + chars)
    assert folded == [fold_text(t) for t in pairs + chars]
