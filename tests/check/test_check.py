"""`mali-facts check`: statuses, exit codes, the JSON contract, the table."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import DATA, HEADER, ROOT

CASES = yaml.safe_load((DATA / "check" / "statuses.yaml").read_text(encoding="utf-8"))


def one_claim(case) -> str:
    evidence = {"source": case["source"], "quote": case["quote"]}
    for key in ("start", "end", "prefix", "suffix"):
        if key in case:
            evidence[key] = case[key]
    claim = {"id": "case", "statement": "A statement.", "evidence": [evidence]}
    return HEADER + yaml.safe_dump([claim], allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_status(case, write_claims, cli):
    write_claims(one_claim(case))
    args = ["check", "--format", "json"] + (["--strict"] if case.get("strict") else [])
    result = cli(args)
    assert result.exit_code == case["exit"], result.stderr
    ev = json.loads(result.stdout)["claims"][0]["evidence"][0]
    assert ev["status"] == case["status"]
    assert ev["match"] == case.get("match")
    assert ev["normalizations"] == case.get("normalizations", [])
    if "differences" in case:
        assert ev["differences"] == case["differences"]
    if "warnings" in case:
        assert ev["warnings"] == case["warnings"]
    if ev["start"] is not None:
        text = (ROOT / "seeds" / {"mc-2020": "mali-coup-2020-us-trained-officers.txt",
                                  "rs-2013": "rolling-stone-2013-mali-training.txt"}[case["source"]]
                ).read_text(encoding="utf-8")
        assert ev["found"] == text[ev["start"]:ev["end"]]


def test_embedded_ledger_json(cli, root, monkeypatch):
    monkeypatch.chdir(root)
    result = cli(["check", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["claims_file"] == "claims.yaml"
    assert report["summary"]["failed"] == 0
    by_id = {c["id"]: c for c in report["claims"]}
    for cid in ("leahy-amendment-trigger", "sanogo-six-training-missions", "goita-flintlock-2019"):
        assert by_id[cid]["status"] == "verified"
        for ev in by_id[cid]["evidence"]:
            assert ev["status"] == "verified"
            path = ROOT / "seeds"
            src = {"rolling-stone-2013": "rolling-stone-2013-mali-training.txt",
                   "mali-coup-2020": "mali-coup-2020-us-trained-officers.txt"}[ev["source"]]
            text = (path / src).read_text(encoding="utf-8")
            assert ev["found"] == text[ev["start"]:ev["end"]]
            assert set(ev) == {"source", "line", "status", "match", "start", "end", "score", "found",
                               "quote", "differences", "normalizations", "candidates", "warnings"}


MIXED = HEADER + """\
  - id: sanogo-seven
    statement: Sanogo had been through seven training missions with the US.
    evidence:
      - source: mc-2020
        quote: "Captain Amadou Sanogo having been through seven training missions with the US before the coup"
  - id: fabricated
    statement: The Pentagon confirmed nine courses.
    evidence:
      - source: mc-2020
        quote: "The Pentagon confirmed that Sanogo attended exactly nine American courses in Georgia."
  - id: fine
    statement: Goita graduated from US training courses.
    evidence:
      - source: mc-2020
        quote: "Colonel Assimi Goita, the new dictator of Mali, graduated from US training courses."
"""


def test_findings_exit_1_with_lines(write_claims, cli):
    write_claims(MIXED)
    result = cli(["check", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    got = [(c["id"], c["status"], [e["line"] for e in c["evidence"]], c["warnings"])
           for c in report["claims"]]
    assert got == [
        ("sanogo-seven", "misquoted", [14], []),
        ("fabricated", "not_found", [19], []),
        ("fine", "verified", [24], []),
    ]
    assert report["summary"]["failed"] == 2


def test_table_names_lines_and_differences(write_claims, cli):
    write_claims(MIXED)
    result = cli(["check", "--format", "table"])
    assert result.exit_code == 1
    out = result.stdout
    assert "claims.yaml:14" in out and "number: seven → six" in out
    assert "claims.yaml:19" in out and "not_found" in out
    assert out.rstrip().endswith("FAILED")
    assert "\x1b[" not in out  # never colored when not a terminal


@pytest.mark.parametrize("args", [["check", "--format", "xml"], ["check", "--nope"], ["frobnicate"]])
def test_usage_errors_exit_2(args, cli, root, monkeypatch):
    monkeypatch.chdir(root)
    result = cli(args)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_python_dash_m(root):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "mali_facts", "check", "--format", "json"],
                          cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["failed"] == 0


ONE = HEADER + """\
  - id: fine
    statement: Goita graduated from US training courses.
    evidence:
      - source: mc-2020
        quote: "Colonel Assimi Goita, the new dictator of Mali, graduated from US training courses."
"""


@pytest.mark.parametrize("fmt, stream", [("table", "stdout"), ("plain", "stderr")])
def test_summary_counts_one_claim_in_the_singular(write_claims, cli, fmt, stream):
    write_claims(ONE)
    result = cli(["check", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    last = getattr(result, stream).rstrip("\n").splitlines()[-1]
    assert last.endswith("1 claim, 1 quote: 1 verified; 0 warnings. OK")
