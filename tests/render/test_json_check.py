"""`check --format json` is written from the result objects through templates and
columns (render/json_.render_check), not by walking dicts: it must write exactly
what ``json.dumps(..., ensure_ascii=False, indent=2)`` writes for the documented
dicts, which are spelled out here as they were before the templates."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mali_facts.ledger.model import Claim, Evidence, Ledger
from mali_facts.render.json_ import (JSON_VERSION, _encoder, check_dict, claim_dict, dumps,
                                     evidence_dict, render_check)
from mali_facts.text.differences import Difference
from mali_facts.verify import STATUSES, CheckReport, ClaimResult, EvidenceResult

# --- the documented shape (docs/check.md), written out by hand -----------------------


def expected_evidence(e):
    return {
        "source": e.evidence.source, "line": e.evidence.line, "status": e.status,
        "match": e.match, "start": e.start, "end": e.end, "score": round(e.score, 1),
        "found": e.found, "quote": e.evidence.quote,
        "differences": [d.to_dict() for d in e.differences],
        "normalizations": list(e.normalizations),
        "candidates": [{"start": s, "end": t} for s, t in e.candidates],
        "warnings": list(e.warnings),
    }


def expected_check(report):
    return {
        "version": JSON_VERSION,
        "claims_file": str(report.ledger.path),
        "strict": report.strict,
        "summary": report.summary(),
        "claims": [{"id": c.claim.id, "line": c.claim.line, "status": c.status,
                    "statement": c.claim.statement, "warnings": list(c.warnings),
                    "evidence": [expected_evidence(e) for e in c.evidence]}
                   for c in report.claims],
    }


# --- random reports ------------------------------------------------------------------

# Any code point: controls (\x00-\x1f, \x7f), quotes, backslashes, '%' (the templates
# are %-templates), non-ASCII, astral characters and lone surrogates.
texts = st.one_of(st.text(), st.sampled_from(["", "%s", "%%", '"\\', "\x00\x1f\x7f", "’é\u2028",
                                              "\ud800", "😀"]))
lines = st.integers(min_value=0, max_value=10 ** 7)
offsets = st.none() | st.integers(min_value=0, max_value=10 ** 9)
# a status as the session makes it: the enum, or the plain string of a later step
statuses = st.sampled_from(STATUSES) | st.sampled_from([str(s.value) for s in STATUSES])
scores = st.one_of(st.floats(min_value=0, max_value=100), st.integers(0, 100),
                   st.sampled_from([100.0, 99.95, 0.05, math.nan, math.inf, -0.0]))


@st.composite
def evidence_results(draw, claim):
    ev = Evidence(source=draw(texts), quote=draw(texts), line=draw(lines), item_line=1,
                  end_line=1)
    return EvidenceResult(
        claim=claim, evidence=ev, source=None, status=draw(statuses),
        match=draw(st.none() | st.sampled_from(["exact", "normalized", "elided", "fuzzy"]) | texts),
        start=draw(offsets), end=draw(offsets), score=draw(scores),
        found=draw(st.none() | texts),
        differences=draw(st.lists(st.builds(Difference, texts, texts, texts), max_size=3)),
        normalizations=draw(st.lists(texts, max_size=3).map(tuple) | st.lists(texts, max_size=2)),
        candidates=draw(st.lists(st.tuples(lines, lines), max_size=3).map(tuple)),
        warnings=draw(st.lists(texts, max_size=2)),
    )


@st.composite
def claim_results(draw, counts=(1, 1, 1, 0, 2, 3)):
    claim = Claim(id=draw(texts), statement=draw(texts), line=draw(lines), evidence=[])
    # mostly one evidence item (one template), sometimes none or several
    n = draw(st.sampled_from(counts))
    items = [draw(evidence_results(claim)) for _ in range(n)]
    return ClaimResult(claim=claim, evidence=items, warnings=draw(st.lists(texts, max_size=2)))


@st.composite
def reports(draw):
    # every claim with one evidence item (the report is one join), or not
    claims = draw(st.lists(claim_results() | claim_results(counts=(1,)), max_size=6)
                  | st.lists(claim_results(counts=(1,)), max_size=6))
    ledger = Ledger(path=Path("/nowhere") / draw(st.sampled_from(["claims.yaml", "c%s.yaml"])),
                    version=1, sources={}, claims=[c.claim for c in claims])
    return CheckReport(ledger=ledger, claims=claims, sources={}, strict=draw(st.booleans()))


@settings(max_examples=400, deadline=None)
@given(reports())
def test_render_check_writes_what_json_dumps_writes(report):
    expected = json.dumps(expected_check(report), ensure_ascii=False, indent=2) + "\n"
    assert render_check(report) == expected
    assert dumps(check_dict(report)) == expected


@settings(max_examples=100, deadline=None)
@given(claim_results())
def test_the_dicts_keep_the_documented_shape(result):
    # compared as JSON text (a NaN score is not equal to itself)
    assert json.dumps([evidence_dict(e) for e in result.evidence]) == json.dumps(
        [expected_evidence(e) for e in result.evidence])
    assert list(claim_dict(result)) == ["id", "line", "status", "statement", "warnings",
                                        "evidence"]


def test_an_empty_report():
    report = CheckReport(ledger=Ledger(path=Path("/x/claims.yaml"), version=1, sources={},
                                       claims=[]), claims=[], sources={})
    assert render_check(report) == json.dumps(expected_check(report), ensure_ascii=False,
                                              indent=2) + "\n"


# --- the encoder's shapes, for any options ---------------------------------------------

leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                   st.floats(allow_nan=True, allow_infinity=True))
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                      | st.lists(inner, max_size=3).map(tuple)
                      | st.dictionaries(st.text(), inner, max_size=3), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=5, unique=True), st.data(), st.booleans(),
       st.integers(min_value=0, max_value=3))
def test_a_shape_writes_what_json_writes_for_its_dict(fields, data, ensure_ascii, indent):
    encoder = _encoder(ensure_ascii, indent)
    shape = encoder.shape(fields, 0)
    # several objects of the shape, each key's values of one type or mixed
    rows = data.draw(st.lists(st.tuples(*[values] * len(fields)), min_size=1, max_size=4))
    for row in rows:
        assert shape(row).text == json.dumps(dict(zip(fields, row)),
                                             ensure_ascii=ensure_ascii, indent=indent)
    columns = [shape.encode_column([row[i] for row in rows]) for i in range(len(fields))]
    assert [list(r) for r in zip(*columns)] == [shape.encode_values(row) for row in rows] \
        if fields else columns == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                          st.text(), st.none(), st.lists(st.integers(), max_size=2),
                          st.lists(st.integers(), max_size=2).map(tuple)), min_size=1))
def test_a_column_of_one_type_is_encoded_as_each_value_is(column):
    shape = _encoder(False, 2).shape(["k"], 0)
    for same_type in (column, [v for v in column if type(v) is type(column[0])]):
        assert shape.encode_column(same_type) == [shape.encode_values([v])[0] for v in same_type]
