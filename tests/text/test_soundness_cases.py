"""The false passes of issue 10, table-driven from tests/data/soundness/false_passes.yaml."""

from __future__ import annotations


import pytest
import yaml

from mali_facts.text.locate import locate

from .conftest import ROOT, source_text

CASES = yaml.safe_load((ROOT / "tests/data/soundness/false_passes.yaml").read_text(encoding="utf-8"))
PASSING = ("verified", "ambiguous")


def test_the_table_is_big_enough():
    assert len(CASES) >= 40
    assert {c["class"] for c in CASES} == {1, 2, 3, 4, 8, 9}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['class']}: {c['label']}" for c in CASES])
def test_false_pass(case):
    text = source_text(case)
    m = locate(text, case["quote"])
    assert m.status == case["status"]
    assert [d.kind for d in m.differences] == case["kinds"]
    if "differences" in case:
        assert [d.to_dict() for d in m.differences] == case["differences"]
    strict_fails = m.status not in PASSING or bool(getattr(m, "warnings", ()))
    assert strict_fails == case["strict_fails"]
    if m.start is not None:
        assert 0 <= m.start <= m.end <= len(text)
