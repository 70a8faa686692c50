"""The fuzzy search's per-quote budget (docs/performance.md): a quote that is not
in its source looks up fewer than 2 x FUZZY_SEEDS n-grams and aligns at most
FUZZY_WINDOWS windows of bounded length, however common its words are."""

from __future__ import annotations

import random

import pytest

from mali_facts.text import locate as L
from mali_facts.text.normalize import fold_text

WORDS = ["the", "coup", "junta", "said", "army", "of", "mali", "in", "and", "a"]


def common_text(n_words: int, seed: int = 15) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


@pytest.mark.parametrize("n_quote_words", [5, 12, 40, 120])
def test_common_words_do_not_widen_the_search(monkeypatch, n_quote_words):
    text = common_text(60_000)
    rng = random.Random(n_quote_words)
    a = rng.randrange(0, 50_000)
    words = text.split(" ")[a:a + n_quote_words]
    words[len(words) // 2] = "mutiny"  # a near miss: one word changed
    quote = " ".join(words)
    lookups = []
    real_find_all = L._find_all
    windows = []
    real_windows = L._windows

    def counting(hay, needle, limit=L._MAX_CANDIDATES):
        lookups.append(needle)
        return real_find_all(hay, needle, limit)

    def recording(ft, fq):
        lookups.clear()
        out = real_windows(ft, fq)
        windows.append((fq, out, len(lookups)))
        return out

    monkeypatch.setattr(L, "_find_all", counting)
    monkeypatch.setattr(L, "_windows", recording)
    m = L.locate(text, quote)
    assert m.status in ("misquoted", "not_found")
    (fq, wins, seeds), = windows
    assert fq == fold_text(quote).strip()
    assert seeds < 2 * L.FUZZY_SEEDS
    assert len(wins) <= L.FUZZY_WINDOWS
    slack = len(fq) // 4 + 20
    for lo, hi in wins:
        assert hi - lo <= (L.FUZZY_WINDOW_QUOTES + 1) * len(fq) + 2 * slack


def test_a_near_miss_is_still_found_with_the_budget():
    text = ("Captain Amadou Sanogo had been through six training missions with the US. "
            + common_text(5_000) + " The junta's leader attended the Flintlock exercise in 2019.")
    m = L.locate(text, "The junta's leader attended the Flintlock exercise in 2018.")
    assert (m.status, text[m.start:m.end]) == (
        "misquoted", "The junta's leader attended the Flintlock exercise in 2019.")
    assert [d.to_dict() for d in m.differences] == [
        {"kind": "number", "quoted": "2018", "source": "2019"}]
