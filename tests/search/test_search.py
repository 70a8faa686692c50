"""`mali-facts search` and `show`: ranking, folding, typos, phrases, aliases, filters,
JSON shape, empty results, usage errors, and index invalidation."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import DATA, ROOT

FIXTURE = DATA / "search"
CASES = yaml.safe_load((FIXTURE / "cases.yaml").read_text(encoding="utf-8"))


def results(cli, *args):
    result = cli(["search", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["results"]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_search_case(case, corpus, cli):
    got = results(cli, *case["args"])
    if "first" in case:
        first, want = got[0], case["first"]
        assert first["kind"] == want["kind"]
        assert first["source"] == want.get("source")
        assert first["line"] == want["line"]
        assert first["claims"] == want["claims"]
        assert first["text"].startswith(want["text"])
    if "count" in case:
        kinds = [r["kind"] for r in got]
        assert {"passage": kinds.count("passage"), "claim": kinds.count("claim")} == case["count"]


def test_offsets_are_code_points_of_the_original(corpus, cli):
    text = (corpus / "seeds" / "alpha.txt").read_text(encoding="utf-8")
    for r in results(cli, "Goita"):
        if r["kind"] == "passage":
            assert text[r["start"]:r["end"]] == r["text"]


def test_json_shape(corpus, cli):
    result = cli(["search", "CNSP", "--format", "json"])
    data = json.loads(result.stdout)
    assert set(data) == {"query", "results", "expansions", "suggestions"}
    assert data["query"] == "CNSP"
    assert set(data["results"][0]) == {"kind", "source", "start", "end", "line", "column", "text",
                                       "score", "claims", "verdicts"}
    assert data["results"][0]["verdicts"] == [{"claim": "goita-cnsp", "status": "verified", "rating": None}]
    assert {"term": "cnsp", "alternative": "national committee for the salvation of the people",
            "why": "alias"} in data["expansions"]


def test_empty_result_says_so_and_suggests(corpus, cli):
    result = cli(["search", "curfews", "--source", "alpha"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "no results for 'curfews'; closest words: curfew\n"


@pytest.mark.parametrize("args, message", [
    (["the of and"], "the query has only stop-words: 'the of and' (search for a word that carries meaning)\n"),
    (["  "], "the query is empty: '  ' (search for a word that carries meaning)\n"),
    (["x", "--source", "alpah"], "unknown source 'alpah' (did you mean 'alpha'?)\n"),
    (["x", "--tag", "sanog"], "unknown tag 'sanog' (did you mean 'sanogo'?)\n"),
])
def test_usage_errors(args, message, corpus, cli):
    result = cli(["search", *args])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_index_follows_a_changed_source(corpus, cli):
    assert results(cli, "weather")[0]["source"] == "alpha"
    path = corpus / "seeds" / "alpha.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("weather", "sunshine"), encoding="utf-8")
    assert results(cli, "weather") == []
    assert results(cli, "sunshine")[0]["line"] == 5


def test_index_survives_corruption(corpus, cli, tmp_path):
    results(cli, "weather")
    for db in (tmp_path / "cache").rglob("*.sqlite3"):
        db.write_bytes(b"not a database" * 100)
    assert results(cli, "weather")[0]["source"] == "alpha"


def test_table_marks_terms_and_lists_claims(corpus, cli):
    result = cli(["search", "CNSP"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert "goita-cnsp" in result.stdout
    assert "**National** **Committee**" in result.stdout
    assert "expanded: cnsp → national committee for the salvation of the people (alias)" in result.stdout


@pytest.mark.parametrize("query, line, source", [
    ("Flintlok", 14, "mali-coup-2020"),
    ("Goïta dictator", 6, "mali-coup-2020"),
    ("Comite national salut peuple", 14, "mali-coup-2020"),
    ('"six training missions"', 8, "mali-coup-2020"),
    ("CNSP", 14, "mali-coup-2020"),
    ("Sanogo promoted general", 35, "rolling-stone-2013"),
])
def test_embedded_ledger_queries(query, line, source, cli, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path))
    first = results(cli, query)[0]
    assert (first["kind"], first["source"], first["line"]) == ("passage", source, line)
    assert first["claims"]


def test_show(corpus, cli):
    result = cli(["show", "goita-cnsp", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ev = data["evidence"][0]
    assert (data["id"], ev["status"], ev["source_line"]) == ("goita-cnsp", "verified", 2)
    # the quote's paragraph is one sentence: the context is that sentence
    assert ev["context"] == "Colonel Assimi Goïta led the National Committee for the Salvation of the People."


def test_context_is_a_sentence_either_side_within_the_paragraph():
    from mali_facts.show import context_span

    text = "Head.\nOne. Two. Three has the quote. Four. Five.\nTail."
    start = text.index("the quote")
    a, b = context_span(text, start, start + 9)
    assert text[a:b] == "Two. Three has the quote. Four."


def test_show_table_and_unknown_id(corpus, cli):
    result = cli(["show", "curfew"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert result.exit_code == 0
    assert "**The junta closed the borders and imposed a curfew.**" in result.stdout
    assert "seeds/beta.txt:2:1" in result.stdout
    bad = cli(["show", "curfews"])
    assert (bad.exit_code, bad.stderr) == (2, "unknown claim 'curfews' (did you mean 'curfew'?)\n")
