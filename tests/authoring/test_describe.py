"""describe_quote: the context it proposes makes locate find the same span again."""

from __future__ import annotations

from hypothesis import assume, event, given, settings, strategies as st

from mali_facts.text.describe import describe_quote, minimal_context
from mali_facts.text.locate import locate

# A small vocabulary makes repeated phrases (the case that needs context) common.
WORDS = ["the", "coup", "Mali", "army", "said", "US", "trained", "it’s", "it's", "The", "—", "-"]


@st.composite
def text_and_span(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=60))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "\r\n"]),
                         min_size=len(words) - 1, max_size=len(words) - 1))
    text = words[0] + "".join(s + w for s, w in zip(seps, words[1:]))
    starts = [0] + [i + 1 for i, c in enumerate(text) if c.isspace() and not text[i + 1].isspace()]
    a = draw(st.sampled_from(starts))
    ends = [i for i in range(a + 1, len(text) + 1)
            if not text[i - 1].isspace() and (i == len(text) or text[i].isspace())]
    b = draw(st.sampled_from(ends[:6]))
    return text, a, b


@settings(max_examples=400, deadline=None)
@given(text_and_span())
def test_locate_finds_the_described_span(case):
    text, a, b = case
    exact = text[a:b]
    described = describe_quote(text, a, b)
    if described is None:
        # only a passage repeated word for word (up to the limit) cannot be described
        event("not describable")
        assume(False)
    prefix, suffix = described
    occurrences = sum(1 for i in range(len(text)) if text.startswith(exact, i))
    event(f"occurrences: {min(occurrences, 3)}")
    m = locate(text, exact, prefix=prefix or None, suffix=suffix or None)
    assert (m.status, m.start, m.end) == ("verified", a, b)
    assert text[a - len(prefix):a] == prefix and text[b:b + len(suffix)] == suffix
    if occurrences == 1:
        assert described == ("", "")


@settings(max_examples=200, deadline=None)
@given(text_and_span())
def test_minimal_context_is_unique_as_a_string(case):
    """Annotator's guarantee: prefix + exact + suffix occurs once, and no shorter
    context on the chosen sides would do."""
    text, a, b = case
    p, s = minimal_context(text, a, b)
    whole = text[a - p:b + s]
    positions = [i for i in range(len(text)) if text.startswith(whole, i)]
    if positions != [a - p]:
        # only when the text runs out on both sides before the occurrences differ
        assert p == 0 or s == 0 or a - p == 0 or b + s == len(text)
        event("not unique as a string")


def test_phrase_three_times_gets_unique_context():
    text = ("The junta said the army would leave. Then the army said nothing. "
            "Later the army returned to the capital.")
    spans = [(i, i + len("the army")) for i in range(len(text)) if text.startswith("the army", i)]
    assert len(spans) == 3
    got = [describe_quote(text, a, b) for a, b in spans]
    assert got == [("d ", ""), ("n ", ""), ("r ", "")]   # one character each, as Annotator does
    for (a, b), (prefix, suffix) in zip(spans, got):
        m = locate(text, "the army", prefix=prefix or None, suffix=suffix or None)
        assert (m.status, m.start, m.end) == ("verified", a, b)
