"""`mali-facts list` and table widths: every table uses the width it is given
(COLUMNS, else the terminal's), and ids are printed whole."""

from __future__ import annotations

import json

import pytest

from mali_facts.ledger import load_ledger

from .authoring_paths import ROOT

IDS = [c.id for c in load_ledger(ROOT / "claims.yaml").claims]


def _cells(stdout: str, column: int):
    return [line.split("│")[column].strip() for line in stdout.splitlines() if line.startswith("│")]


@pytest.mark.parametrize("columns", [160, 100])
def test_list_prints_every_id_whole(cli, columns, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["list"], env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code == 0
    ids = [cell for cell in _cells(result.stdout, 1) if cell]
    assert ids == IDS
    lines = result.stdout.splitlines()
    assert {len(line) for line in lines[:-1]} == {columns}   # the full width, every line
    assert lines[-1] == f"{len(IDS)} claims"


def test_list_row(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["list", "--tag", "leahy", "--rating", "misattributed"],
                 env={"COLUMNS": "160", "NO_COLOR": "1"})
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows[0].startswith("│ leahy-amendment-trigger │ verified │ misattributed │ 2012-03-22 │ "
                              "The article says the military takeover in Mali triggered")
    assert result.stdout.splitlines()[-1] == f"1 of {len(IDS)} claims"


def test_list_json(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["list", "--format", "json", "--source", "mali-coup-2020", "--status", "verified"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["total"] == len(IDS)
    first = data["claims"][0]
    assert set(first) == {"id", "line", "status", "rating", "date", "statement", "tags", "sources"}
    assert all("mali-coup-2020" in c["sources"] and c["status"] == "verified" for c in data["claims"])
    assert [c["id"] for c in data["claims"]] == [i for i in IDS if i in {c["id"] for c in data["claims"]}]


def test_list_status_of_a_misquote(cli, write_claims):
    write_claims("version: 1\nsources:\n  - {id: s, file: seeds/rolling-stone-2013-mali-training.txt}\n"
                 "claims:\n  - id: bad\n    statement: Six missions.\n    evidence:\n"
                 "      - {source: s, quote: \"The citizens of Mali elected ex-Prime Minister Ibrahim "
                 "Boubacar Keita as their last president\"}\n")
    result = cli(["list", "--format", "json"])
    assert result.exit_code == 0
    assert [(c["id"], c["status"]) for c in json.loads(result.stdout)["claims"]] == [("bad", "misquoted")]


@pytest.mark.parametrize("args, message", [
    (["--tag", "leahyy"], "--tag leahyy: no such tag (did you mean 'leahy'?)\n"),
    (["--status", "bogus"], "--status bogus: no such status (use one of: verified, drifted, "
                            "ambiguous, misquoted, not_found, source_error)\n"),
    (["--rating", "true"], "--rating true: no such rating (use one of: accurate, mostly-accurate, "
                           "disputed, misattributed, inaccurate, unverified, none)\n"),
    (["--source", "rs-2013"], "--source rs-2013: no such source (did you mean 'rolling-stone-2013'?)\n"),
])
def test_list_bad_filter_exits_2(cli, monkeypatch, args, message):
    monkeypatch.chdir(ROOT)
    result = cli(["list", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_check_table_keeps_ids_whole_on_a_narrow_terminal(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["check", "--format", "table"], env={"COLUMNS": "90", "NO_COLOR": "1"})
    assert result.exit_code == 0
    ids = [cell for cell in _cells(result.stdout, 1) if cell]
    assert ids == [i for i in IDS]
    assert max(len(line) for line in result.stdout.splitlines()) <= 90


def test_timeline_rows_carry_the_claim_id(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli(["timeline"], env={"COLUMNS": "160", "NO_COLOR": "1"})
    data = json.loads(cli(["timeline", "--format", "json"]).stdout)
    assert [c for c in _cells(result.stdout, 2) if c] == [e["claim"] for e in data["events"]]


def test_terminal_width(monkeypatch):
    from mali_facts.render.table import DEFAULT_WIDTH, terminal_width

    monkeypatch.setenv("COLUMNS", "160")
    assert terminal_width() == 160
    monkeypatch.delenv("COLUMNS")
    assert terminal_width() == DEFAULT_WIDTH   # pytest's stdout is not a terminal
