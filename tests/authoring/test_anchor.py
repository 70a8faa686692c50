"""`mali-facts anchor`: the table of cases in tests/data/authoring/anchor_cases.yaml,
the Leahy item pasted into the ledger, stdin, JSON, and the evidence items of a
phrase that occurs three times."""

from __future__ import annotations

import json

import pytest
import yaml

from .authoring_paths import DATA
from mali_facts.text.locate import locate

CASES = yaml.safe_load((DATA / "anchor_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_anchor_case(case, cli, ledger_copy):
    result = cli(case["args"], env={"NO_COLOR": "1"})
    assert (result.exit_code, result.stdout) == (case["exit"], case["stdout"])
    assert result.stderr == case.get("stderr", "")


def _new_claim(item_yaml: str, statement: str, claim_id: str = "leahy-known-as") -> str:
    return (f"\n  - id: {claim_id}\n    statement: >-\n      {statement}\n    evidence:\n"
            + item_yaml)


@pytest.mark.parametrize("source, quote, statement, match", [
    ("rolling-stone-2013", "...what's known as the Leahy amendment",
     "The article mentions the Leahy amendment.", "exact"),
    ("mali-coup-2020", "Mali's last coup ... Captain Amadou Sanogo",
     "The post says Captain Amadou Sanogo led Mali's last coup.", "elided"),
])
def test_pasted_item_verifies_with_no_warnings(cli, ledger_copy, source, quote, statement, match):
    result = cli(["anchor", source, quote])
    assert result.exit_code == 0
    assert "’" in result.stdout and "'" not in result.stdout.split("- source:")[1]
    claims = ledger_copy / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + _new_claim(result.stdout, statement),
                      encoding="utf-8")
    check = cli(["check", "--strict", "--format", "json"])
    assert check.exit_code == 0, check.stdout
    data = json.loads(check.stdout)
    mine = [c for c in data["claims"] if c["id"] == "leahy-known-as"]
    assert mine[0]["warnings"] == []
    assert [(e["status"], e["match"], e["normalizations"], e["warnings"])
            for e in mine[0]["evidence"]] == [("verified", match, [], [])]
    assert data["summary"]["warnings"] == 0


def test_quote_from_stdin(cli, ledger_copy):
    quote = 'the coups may have happened\nwithout U.S. involvement.'
    result = cli(["anchor", "rolling-stone-2013", "-", "--format", "json"], input=quote)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["found"] == "the coups may have happened without U.S. involvement."
    assert data["evidence"]["quote"] == data["found"]


def test_json_has_the_documented_keys(cli, ledger_copy):
    result = cli(["anchor", "mali-coup-2020", "Captain Amadou Sanogo having been through seven "
                  "training missions with the US", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    for key in ("status", "start", "end", "found", "prefix", "suffix", "differences", "evidence"):
        assert key in data
    assert (data["status"], data["start"], data["end"], data["evidence"]) == ("misquoted", 1697, 1772, None)
    assert data["found"] == "Captain Amadou Sanogo having been through six training missions with the US"
    assert data["differences"] == [{"kind": "number", "quoted": "seven", "source": "six"}]


def test_each_of_three_places_is_found_again_by_its_context(cli, ledger_copy):
    result = cli(["anchor", "mali-coup-2020", "Assimi Goita", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "ambiguous" and len(data["candidates"]) == 3
    text = (ledger_copy / "seeds" / "mali-coup-2020-us-trained-officers.txt").read_text(encoding="utf-8")
    for place in data["candidates"]:
        m = locate(text, "Assimi Goita", prefix=place["prefix"] or None, suffix=place["suffix"] or None)
        assert (m.status, m.start, m.end) == ("verified", place["start"], place["end"])


def test_a_file_outside_any_ledger(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Memo 1.txt").write_text("It’s done.\n", encoding="utf-8")
    result = cli(["anchor", "Memo 1.txt", "It's done", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["evidence"] == {
        "source": "memo-1", "quote": "It’s done", "start": 0, "end": 9}


def test_a_file_that_is_not_utf8(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin.txt").write_bytes("a\ncaf\xe9\n".encode("latin-1"))
    result = cli(["anchor", "latin.txt", "caf"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "latin.txt:2: not valid UTF-8 (byte 5); save it as UTF-8\n"
