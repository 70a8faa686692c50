"""Properties of the loaders and of `locate` on arbitrary input (issue 16).

- The YAML loader and the claims loader raise nothing but the project's own
  error type, whatever the text.
- An offset that loads is a plain decimal integer, exactly as written.
- ``locate`` raises only ValueError (for an empty quote), and every offset it
  returns is inside the text, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mali_facts.errors import MaliFactsError

# The characters YAML cares about, so that the text is often nearly valid.
YAML_ALPHABET = st.sampled_from(list(":-?&*!|>[]{},#'\"%@` \n\t0123456789xabc_.+~\\")
                                + ["\x00", "\x1b", "\x85", "\u2028", "\ufeff", "\ud7ff", "é", "é"])
YAMLISH = st.text(YAML_ALPHABET, max_size=200)
HEADER = "version: 1\nsources:\n  - id: a\n    file: a.txt\n    title: A\nclaims:\n"
ANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ANY
@given(st.one_of(st.text(max_size=300), YAMLISH))
def test_the_yaml_loader_raises_only_its_own_error(text):
    from mali_facts.ledger.yamlpos import parse

    try:
        parse(text, "claims.yaml")
    except MaliFactsError as err:
        assert "\n" not in err.format()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("claims")
    (d / "a.txt").write_text("Captain Amadou Sanogo having been through six training missions.\n",
                             encoding="utf-8")
    return d


def _load(folder: Path, data: bytes):
    from mali_facts.ledger import load_ledger

    path = folder / "claims.yaml"
    path.write_bytes(data)
    return load_ledger(path)


@ANY
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(lambda t: (HEADER + t).encode("utf-8", "surrogatepass"))))
def test_the_claims_loader_raises_only_its_own_error(folder, data):
    try:
        ledger = _load(folder, data)
    except MaliFactsError as err:
        for line in err.format().splitlines():
            assert line.strip()
        return
    for claim in ledger.claims:
        for ev in claim.evidence:
            assert ev.source in ledger.sources


OFFSETS = st.one_of(st.integers(-5, 10**12).map(str), st.text("0123456789xXoObB_:+-.e ", min_size=1, max_size=8))


@ANY
@given(OFFSETS, OFFSETS)
def test_offsets_load_only_as_plain_decimal_integers(folder, start, end):
    claims = (f"  - id: c1\n    statement: Six training missions.\n    evidence:\n"
              f"      - source: a\n        quote: six training missions\n"
              f"        start: {start}\n        end: {end}\n")
    try:
        ledger = _load(folder, (HEADER + claims).encode("utf-8"))
    except MaliFactsError:
        return
    (ev,) = ledger.claims[0].evidence
    for raw, value in ((start, ev.start), (end, ev.end)):
        assert raw.strip() == str(value), (raw, value)  # nothing but plain decimal digits loads


@ANY
@given(st.text(max_size=400), st.text(max_size=60), st.one_of(st.none(), st.text(max_size=20)),
       st.one_of(st.none(), st.text(max_size=20)), st.one_of(st.none(), st.integers(-5, 500)))
def test_locate_raises_nothing_and_stays_in_bounds(text, quote, prefix, suffix, position):
    from mali_facts.text.locate import locate

    try:
        m = locate(text, quote, prefix=prefix, suffix=suffix, position=position)
    except ValueError:
        assert not quote.strip()
        return
    assert m.status in ("verified", "ambiguous", "misquoted", "not_found")
    if m.start is not None:
        assert 0 <= m.start <= m.end <= len(text)
    for s, e in m.candidates:
        assert 0 <= s <= e <= len(text)


@ANY
@given(st.text(max_size=80).flatmap(lambda t: st.tuples(st.just(t), st.integers(0, len(t)),
                                                       st.integers(0, len(t)))))
def test_a_slice_of_the_text_is_found_in_bounds(args):
    from mali_facts.text.locate import _inside_word, has_content, locate

    text, a, b = args
    a, b = min(a, b), max(a, b)
    # a slice that cuts a word is a misquote by design: widen it to whole words
    while a > 0 and _inside_word(text, a):
        a -= 1
    while b < len(text) and _inside_word(text, b):
        b += 1
    quote = text[a:b]
    if not quote.strip() or not has_content(quote):
        return
    m = locate(text, quote)
    assert m.status in ("verified", "ambiguous")
    assert 0 <= m.start <= m.end <= len(text)
