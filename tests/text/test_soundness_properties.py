"""Issue 10's property: for random source texts and random edits that change a
digit, insert or delete a negation, or cut a word, the edited quote never
verifies (nor passes as ambiguous)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from mali_facts.text.differences import negations
from mali_facts.text.locate import has_content, locate
from mali_facts.text.normalize import fold_text

PASSING = ("verified", "ambiguous")
WORDS = ("the army said it would leave stay coup officers trained in Mali US were had been "
         "town vote fair lawful binding other know note nothing another evidence "
         "Sanogo Goita captain colonel six seven eleven").split()
NEGATIONS = ["not", "never", "no", "isn't", "didn't", "without", "unfair", "unlawful",
             "non-binding"]
WORD = re.compile(r"\w+(?:['’]\w+)*")


@st.composite
def sentence(draw):
    words = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(NEGATIONS),
                                    st.integers(0, 2000).map(str)), min_size=4, max_size=12))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + draw(st.sampled_from([".", ".", ";", ",", "?"]))


@st.composite
def source_and_quote(draw):
    text = draw(st.lists(sentence(), min_size=2, max_size=6).map(
        lambda ss: "".join(s + (" " if k % 3 else "\n") for k, s in enumerate(ss)).strip()))
    words = list(WORD.finditer(text))
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i, min(len(words) - 1, i + 15)))
    return text, words[i].start(), words[j].end()


def occurs_whole(text: str, quote: str) -> bool:
    """Whether the folded quote occurs in the folded text on word boundaries."""
    fq = fold_text(quote).strip()
    if not fq:
        return False
    pattern = ((r"(?<!\w)(?<!\w['’])" if re.match(r"\w", fq) else "") + re.escape(fq)
               + (r"(?!\w|['’]\w)" if re.search(r"\w$", fq) else ""))
    return re.search(pattern, fold_text(text)) is not None


def never_passes(text: str, edited: str) -> None:
    assume(has_content(edited))
    m = locate(text, edited)
    assert m.status not in PASSING, (edited, m)


@settings(max_examples=200, deadline=None)
@given(source_and_quote(), st.data())
def test_a_changed_digit_never_verifies(tq, data):
    text, a, b = tq
    quote = text[a:b]
    digits = [k for k, c in enumerate(quote) if c.isdigit()]
    assume(digits)
    k = data.draw(st.sampled_from(digits))
    d = data.draw(st.sampled_from([c for c in "0123456789" if c != quote[k]]))
    edited = quote[:k] + d + quote[k + 1:]
    assume(not occurs_whole(text, edited))
    never_passes(text, edited)


@settings(max_examples=200, deadline=None)
@given(source_and_quote(), st.data())
def test_an_inserted_negation_never_verifies(tq, data):
    text, a, b = tq
    quote = text[a:b]
    spaces = [m.start() for m in re.finditer(" ", quote)]
    assume(spaces)
    k = data.draw(st.sampled_from(spaces))
    neg = data.draw(st.sampled_from(["not", "never", "no"]))
    edited = quote[:k] + " " + neg + quote[k:]
    assume(not occurs_whole(text, edited))
    never_passes(text, edited)


# Most random quotes hold none of the four negations, and each kind of edit assumes more:
# Hypothesis's filter_too_much check failed the test in about one run in many (seen once
# in a full suite). The examples it does run are what the property is about.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(source_and_quote(), st.data())
def test_a_deleted_negation_never_verifies(tq, data):
    text, a, b = tq
    quote = text[a:b]
    negs = [m for m in WORD.finditer(quote) if m.group() in ("not", "never", "no", "without")]
    assume(negs)
    m = data.draw(st.sampled_from(negs))
    edited = " ".join((quote[:m.start()] + quote[m.end():]).split())
    how = data.draw(st.sampled_from(["delete", "elide", "bracket"]))
    if how == "elide":  # "would ... leave": the gap holds the negation
        edited = quote[:m.start()] + "..." + quote[m.end():]
    elif how == "bracket" and m.end() < len(quote):  # "[leave]" for "not leave" hides it
        nxt = WORD.search(quote, m.end())
        # anchored on both sides, so that the bracket stands for "not leave"
        assume(nxt is not None and WORD.search(quote, nxt.end()) is not None
               and not negations([fold_text(nxt.group())]))
        edited = quote[:m.start()] + "[" + nxt.group() + "]" + quote[nxt.end():]
    assume(not occurs_whole(text, edited.replace("...", " ").replace("[", "").replace("]", "")))
    if how == "elide":
        # only when each piece occurs once: otherwise another gap may be honest
        pieces = [p.strip() for p in edited.split("...") if p.strip()]
        assume(all(fold_text(text).count(fold_text(p)) == 1 for p in pieces))
    if how == "bracket" and "[" in edited:
        # The bracket may stand for other words elsewhere, holding no negation ("the [the]
        # not" for "the the army the not"): that passage is honest. What may never pass is
        # a passage whose words under the bracket hide a negation the quote does not show.
        assume(has_content(edited))
        found = locate(text, edited)
        if found.status in PASSING:
            shown, span = WORD.findall(fold_text(edited)), WORD.findall(fold_text(text[found.start:found.end]))
            assert negations(span) <= negations(shown), (edited, found)
        return
    never_passes(text, edited)


@settings(max_examples=200, deadline=None)
@given(source_and_quote(), st.data())
def test_a_cut_word_never_verifies(tq, data):
    text, a, b = tq
    first = WORD.match(text, a)
    last = list(WORD.finditer(text, a, b))[-1]
    side = data.draw(st.sampled_from(["start", "end"]))
    if side == "start":
        assume(len(first.group()) >= 2)
        a += data.draw(st.integers(1, len(first.group()) - 1))
    else:
        assume(len(last.group()) >= 2)
        b -= data.draw(st.integers(1, len(last.group()) - 1))
    edited = text[a:b]
    assume(edited.strip() and not occurs_whole(text, edited))
    never_passes(text, edited)
