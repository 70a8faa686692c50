"""Anchoring cases in the style of the peers' suites (tests/data/anchoring/cases.yaml)."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from conftest import DATA
from mali_facts.text.describe import describe_quote
from mali_facts.text.locate import locate

DOC = yaml.safe_load((DATA / "anchoring" / "cases.yaml").read_text(encoding="utf-8"))
TEXTS, CASES = DOC["texts"], DOC["cases"]


def _text(case) -> str:
    return TEXTS.get(case["text"], case["text"])


def _nth(text: str, s: str, n: int) -> int:
    i = -1
    for _ in range(n + 1):
        i = text.index(s, i + 1)
    return i


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("describe")],
                         ids=[c["label"] for c in CASES if not c.get("describe")])
def test_match(case):
    text = _text(case)
    position = case.get("position")
    if "position_of" in case:
        p = case["position_of"]
        position = _nth(text, p["string"], p.get("occurrence", 0)) + p.get("plus", 0)
    m = locate(text, case["quote"], prefix=case.get("prefix"), suffix=case.get("suffix"),
               position=position)
    assert m.status == case["status"]
    if "found" in case:
        assert text[m.start:m.end] == case["found"]
    if "occurrence" in case:
        assert m.start == _nth(text, case["found"], case["occurrence"])
    if "kinds" in case:
        assert [d.kind for d in m.differences] == case["kinds"]
    if "normalizations" in case:
        assert list(m.normalizations) == case["normalizations"]


@pytest.mark.parametrize("case", [c for c in CASES if c.get("describe")],
                         ids=[c["label"] for c in CASES if c.get("describe")])
def test_describe_round_trip(case):
    text = _text(case)
    start = _nth(text, case["exact"], case.get("occurrence", 0))
    end = start + len(case["exact"])
    prefix, suffix = describe_quote(text, start, end)
    if "prefix" in case:
        assert (prefix, suffix) == (case["prefix"], case["suffix"])
    m = locate(text, case["exact"], prefix=prefix, suffix=suffix)
    assert (m.status, m.start, m.end) == ("verified", start, end)


def test_at_least_60_cases_and_their_peers():
    peers = Counter(c["peer"] for c in CASES)
    assert len(CASES) >= 60
    assert peers["hypothesis"] >= 20 and peers["annotator"] >= 20
