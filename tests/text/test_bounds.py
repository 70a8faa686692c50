"""Issue 16: the elided matcher's work is polynomial, and prefix/suffix context
is bounded. Work is counted (STATS, characters folded), never timed."""

from __future__ import annotations


import pytest

from mali_facts.text import locate as L

from .conftest import RS



def steps(text: str, quote: str) -> int:
    before = L.STATS["steps"]
    L.locate(text, quote)
    return L.STATS["steps"] - before


def hostile(n: int) -> str:
    """The quote of issue 16: 14 s at n = 6 and 5x more per bracket on 41c5fcf."""
    return "a[b]" * n + "a[c]zq"


def test_the_issue_quote_takes_few_steps_on_a_seed():
    assert [L.locate(RS, hostile(n)).status for n in (6, 7)] == ["not_found", "not_found"]
    assert all(steps(RS, hostile(n)) <= 1_000 for n in (6, 7, 8, 16, 32))


@pytest.mark.parametrize("k", [3, 12])
def test_steps_grow_polynomially_on_a_text_built_to_match(k):
    # every word of the text almost matches: "abab...aczq"
    text = ("ab" * k + "aczq ") * 150
    counts = [steps(text, hostile(n)) for n in (4, 5, 6, 7, 8, 12, 16)]
    for n, c in zip((4, 5, 6, 7, 8, 12, 16), counts):
        # polynomial: each place the anchor occurs costs items x positions
        # inside one word, so the work is O(quote x text)
        assert c <= 4 * len(hostile(n)) * len(text)
        assert c <= 2 * L.ELIDED_MAX_STEPS + 10_000
    # one more bracket costs at most a little more, never a multiple
    for a, b in zip(counts, counts[1:]):
        assert b <= 1.5 * a + 1_000


def test_a_matching_hostile_word_verifies():
    text = "x " + "ab" * 6 + "aczq y"
    m = L.locate(text, hostile(6))
    assert (m.status, m.match, text[m.start:m.end]) == ("verified", "elided", "ab" * 6 + "aczq")
    assert [d.kind for d in m.differences] == ["alteration"] * 7


def test_the_budget_stops_the_search(monkeypatch):
    monkeypatch.setattr(L, "ELIDED_MAX_STEPS", 20_000)
    text = ("ab" * 15 + "aczq ") * 2000
    assert steps(text, hostile(30)) <= 2 * 20_000 + 2_000


def test_prefix_and_suffix_are_folded_within_a_bounded_window(monkeypatch):
    folded = []
    real = L.fold_text

    def counting(text, *args, **kwargs):
        folded.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(L, "fold_text", counting)
    text = RS * 10
    totals = []
    for size in (2_000, 20_000):
        folded.clear()
        m = L.locate(text, "the", prefix="x" * size, suffix="y" * size)
        assert m.status == "ambiguous"
        totals.append(sum(folded))
    assert totals[0] == totals[1]  # the context's length does not matter
    window = 2 * L.CONTEXT_CHARS + 16
    n = text.count("the")
    assert totals[1] <= (min(n, 10_000) + 1) * 2 * window + 100
