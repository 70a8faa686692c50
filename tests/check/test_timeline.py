"""`timeline`: dated claims in order, dates at their real precision."""

from __future__ import annotations

import json

import pytest

from conftest import DATA
from mali_facts.ledger import load_ledger
from mali_facts.ledger import PartialDate
from mali_facts.timeline import display_date, timeline

SMALL = DATA / "small"


@pytest.mark.parametrize("value, shown", [
    ("2002", "2002"), ("2013-08", "Aug 2013"), ("2020-08-18", "18 Aug 2020"),
    ("2012-03-22", "22 Mar 2012"), ("2019-12", "Dec 2019"), ("2020-01-01", "1 Jan 2020"),
])
def test_display_date(value, shown):
    assert display_date(PartialDate.parse(value)) == shown


def test_mixed_precisions_sort_less_precise_first_and_keep_file_order():
    events = timeline(load_ledger(SMALL / "timeline.yaml"))
    assert [e.claim.id for e in events] == [
        "year-2002", "day-2012", "year-2013", "month-2013", "second-month-2013", "day-2013"]
    assert "undated" not in [e.claim.id for e in events]


def test_json_output(cli, monkeypatch):
    monkeypatch.chdir(SMALL)
    result = cli(["timeline", "--claims", "timeline.yaml", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(e["date"], e["precision"], e["display"]) for e in data["events"]] == [
        ("2002", "year", "2002"), ("2012-03-22", "day", "22 Mar 2012"), ("2013", "year", "2013"),
        ("2013-08", "month", "Aug 2013"), ("2013-08", "month", "Aug 2013"),
        ("2013-08-11", "day", "11 Aug 2013")]
    assert data["events"][-1] == {
        "date": "2013-08-11", "precision": "day", "display": "11 Aug 2013", "claim": "day-2013",
        "statement": "A day in 2013.", "rating": "accurate", "sources": ["small"]}


def test_table_output(cli, monkeypatch):
    monkeypatch.chdir(SMALL)
    result = cli(["timeline", "--claims", "timeline.yaml"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    rows = [line.rstrip() for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows[0] == ("│ 2002        │ year-2002         │ A year only.                              "
                       "│          │ small   │")
    assert rows[-1] == ("│ 11 Aug 2013 │ day-2013          │ A day in 2013.                            "
                        "│ accurate │ small   │")
    assert {len(line) for line in result.stdout.splitlines()[1:-1]} == {100}
    assert result.stdout.rstrip().endswith("6 dated claims")


def test_bad_claims_file_exits_2(cli, write_claims):
    write_claims("version: 1\nsources: []\nclaims:\n  - id: x\n    statement: s\n    date: 2013-13\n"
                 "    evidence: []\n")
    result = cli(["timeline"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "claims.yaml:6: claim 'x': bad date" in result.stderr
