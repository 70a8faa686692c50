"""Each fold against a table of meaning-changing characters (issue 10, class 3):
a fold may forgive typography, never a digit, an operator or a negation."""

from __future__ import annotations


import pytest
import yaml

from mali_facts.text.locate import locate
from mali_facts.text.normalize import ALL, fold_text

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests/data/text/meaning_chars.yaml").read_text(encoding="utf-8"))
IDS = [f"{c['why']}: {c['source']!r} is not {c['quote']!r}" for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("fold", ALL + ("all",))
def test_no_fold_makes_them_equal(case, fold):
    steps = ALL if fold == "all" else (fold,)
    assert fold_text(case["source"], steps) != fold_text(case["quote"], steps)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_quote_does_not_verify(case):
    text = f"In the report we wrote {case['source']} on the first page."
    m = locate(text, f"we wrote {case['quote']} on the first page")
    assert m.status not in ("verified", "ambiguous")
    if m.status == "misquoted":
        # a struck-through word or an overlay on = may read as a word or a mark
        allowed = {"negation": {"negation", "word", "punctuation"}, "operator": {"number"},
                   "number": {"number", "punctuation"}}[case["why"]]
        assert m.differences[0].kind in allowed
