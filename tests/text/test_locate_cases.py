"""Table-driven locate() cases from tests/data/text/locate_cases.json."""

from __future__ import annotations

import json

import pytest

from mali_facts.text.locate import locate

from .conftest import ROOT, source_text

CASES = json.loads((ROOT / "tests/data/text/locate_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_locate_case(case):
    text = source_text(case)
    m = locate(text, case["quote"], prefix=case.get("prefix"), suffix=case.get("suffix"),
               position=case.get("position"))
    assert (m.status, m.match) == (case["status"], case["match"])
    found = None if m.start is None else text[m.start:m.end]
    assert found == case["found"]
    if "start" in case:
        assert m.start == case["start"]
    if "candidates" in case:
        assert [list(c) for c in m.candidates] == case["candidates"]
    if case["status"] == "ambiguous":
        assert len(m.candidates) >= 2
    assert list(m.normalizations) == case["normalizations"]
    assert [d.to_dict() for d in m.differences] == case["differences"]
    if m.status == "verified":
        assert m.score == 100.0
    if m.status == "misquoted":
        assert 80.0 <= m.score < 100.0
    if m.status == "not_found":
        assert m.score < 80.0 and m.start is None and m.end is None
