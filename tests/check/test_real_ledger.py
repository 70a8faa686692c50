"""The shipped ledger keeps its promises: strict check clean, coverage >= 95%
per source, a timeline from 2002 to August 2020, the reviews the research
notes support, and the three Malian politicians kept apart."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from mali_facts.ledger import load_ledger


@pytest.fixture(scope="module")
def ledger():
    return load_ledger(ROOT / "claims.yaml")


def test_strict_check_is_clean(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["check", "--strict", "--format", "json"])
    summary = json.loads(result.stdout)["summary"]
    assert result.exit_code == 0
    assert summary["warnings"] == 0
    assert summary["verified"] == summary["evidence"]


def test_every_quote_records_its_offsets(ledger):
    missing = [(c.id, e.line) for c in ledger.claims for e in c.evidence if e.start is None]
    assert missing == []


def test_coverage_at_least_95_percent(ledger):
    from mali_facts.coverage import coverage

    report = coverage(ledger)
    assert report.problems == []
    assert {s.id: s.percent >= 95 for s in report.sources} == {
        "rolling-stone-2013": True, "mali-coup-2020": True}


def test_timeline_runs_from_pan_sahel_to_the_2020_coup(ledger):
    from mali_facts.timeline import timeline

    events = timeline(ledger)
    assert len(events) >= 15
    assert (events[0].claim.id, str(events[0].date)) == ("pan-sahel-initiative-2002", "2002")
    assert str(events[-1].date).startswith("2020-08")
    assert "kati-mutiny-2020" in [e.claim.id for e in events]


@pytest.mark.parametrize("claim_id, rating, reference", [
    ("leahy-amendment-trigger", "misattributed", "https://www.everycrsreport.com/reports/IF11267.html"),
    ("sanogo-six-training-missions", "disputed",
     "https://www.africadaily.net/reports/Mali_coup_leader_trained_with_US_military_Pentagon_999.html"),
    ("goita-flintlock-2019", "accurate",
     "https://foreignpolicy.com/2020/08/21/mali-coup-trump-administration-counterterrorism-efforts-sahel-west-africa-us-training/"),
])
def test_reviews_from_the_research_notes(ledger, claim_id, rating, reference):
    review = ledger.claim(claim_id).review
    assert review is not None and review.rating == rating
    assert reference in review.references


def test_keita_and_the_two_cisses_are_kept_apart(ledger):
    people = {"Ibrahim Boubacar Keita", "Soumaila Cisse", "Boubou Cisse"}
    assert people <= set(ledger.entities)
    for claim in ledger.claims:
        for name in people:
            if name in claim.statement:
                assert name in claim.entities, claim.id
        if "Boubou Cisse" in claim.entities:
            assert "Soumaila Cisse" not in claim.entities, claim.id
