"""`mali-facts add`: anchored before it writes, appended in the file's style,
every old line kept; refusals write nothing."""

from __future__ import annotations

import difflib
import json

LEAHY = "...what's known as the Leahy amendment"


def _only_inserted(before: str, after: str) -> str:
    """The lines ``after`` adds to ``before``; fails if any old line changed or went."""
    added = []
    a, b = before.splitlines(True), after.splitlines(True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, a[i1:i2], b[j1:j2])
        if tag == "insert":
            added += b[j1:j2]
    return "".join(added)


def test_add_writes_a_claim_that_passes_strict(cli, ledger_copy):
    claims = ledger_copy / "claims.yaml"
    before = claims.read_text(encoding="utf-8")
    result = cli(["add", "--id", "leahy-known-as", "--statement", "The article names the Leahy amendment.",
                  "--source", "rolling-stone-2013", "--quote", LEAHY, "--date", "2013-08",
                  "--tag", "leahy", "--entity", "Leahy law"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("claims.yaml: added claim 'leahy-known-as' (verified, rolling-stone-2013 "
                             "characters 1861-1896)\n")
    after = claims.read_text(encoding="utf-8")
    _only_inserted(before, after)
    assert after == before + (
        "\n"
        "  - id: leahy-known-as\n"
        "    statement: The article names the Leahy amendment.\n"
        "    date: 2013-08\n"
        "    tags: [leahy]\n"
        "    entities: [Leahy law]\n"
        "    evidence:\n"
        "      - source: rolling-stone-2013\n"
        "        quote: \"what’s known as the Leahy amendment\"\n"
        "        start: 1861\n"
        "        end: 1896\n")
    assert result.stdout.startswith("--- a/claims.yaml\n+++ b/claims.yaml\n")
    strict = cli(["check", "--strict", "--format", "plain"])
    assert (strict.exit_code, strict.stdout) == (0, "")


def test_add_a_repeated_phrase_needs_an_occurrence_and_gets_its_context(cli, ledger_copy):
    claims = ledger_copy / "claims.yaml"
    before = claims.read_bytes()
    args = ["add", "--id", "goita-named", "--statement", "The post names Assimi Goita.",
            "--source", "mali-coup-2020", "--quote", "Assimi Goita"]
    refused = cli(args)
    assert refused.exit_code == 1 and claims.read_bytes() == before
    assert refused.stderr.startswith("claims.yaml: claim 'goita-named' not added: the quote is "
                                     "ambiguous in 'mali-coup-2020'; nothing written\n")
    result = cli(args + ["--occurrence", "3"])
    assert result.exit_code == 0, result.stderr
    added = _only_inserted(before.decode("utf-8"), claims.read_text(encoding="utf-8"))
    assert "        prefix: \". \"\n        start: 2831\n        end: 2843\n" in added
    check = json.loads(cli(["check", "--strict", "--format", "json"]).stdout)
    assert check["summary"]["failed"] == 0


def test_add_warns_of_an_unsupported_detail_before_writing(cli, ledger_copy):
    result = cli(["add", "--id", "leahy-1997", "--statement", "The Leahy amendment dates from 1997.",
                  "--source", "rolling-stone-2013", "--quote", LEAHY])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "claims.yaml: claim 'leahy-1997': warning: unsupported detail '1997': the statement says it, "
        "the quote does not")


def test_add_refuses_a_duplicate_id(cli, ledger_copy):
    claims = ledger_copy / "claims.yaml"
    before = claims.read_bytes()
    result = cli(["add", "--id", "leahy-amendment-trigger", "--statement", "x",
                  "--source", "rolling-stone-2013", "--quote", LEAHY])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("claims.yaml:308: claim 'leahy-amendment-trigger' already exists; nothing "
                             "written (choose another --id, or edit that claim)\n")
    assert claims.read_bytes() == before


def test_add_refuses_a_fabricated_quote(cli, ledger_copy):
    claims = ledger_copy / "claims.yaml"
    before = claims.read_bytes()
    result = cli(["add", "--id", "pentagon-admits", "--statement", "The Pentagon admitted everything.",
                  "--source", "rolling-stone-2013", "--quote",
                  "The Pentagon admitted everything in a long statement"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "claims.yaml: claim 'pentagon-admits' not added: the quote is not_found in "
        "'rolling-stone-2013'; nothing written\n"
        "# not_found: nothing in seeds/rolling-stone-2013-mali-training.txt is close to the quote "
        "(best similarity 66%)\n")
    assert claims.read_bytes() == before


def test_add_refuses_a_misquote_listing_the_differences(cli, ledger_copy):
    claims = ledger_copy / "claims.yaml"
    before = claims.read_bytes()
    result = cli(["add", "--id", "sanogo-seven", "--statement", "Sanogo had seven missions.",
                  "--source", "mali-coup-2020", "--quote",
                  "Captain Amadou Sanogo having been through seven training missions with the US"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == ["# differences (quoted → source):",
                                                "#   number: seven → six"]
    assert claims.read_bytes() == before


def test_add_needs_a_claims_file_here(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli(["add", "--id", "x", "--statement", "x", "--source", "s", "--quote", "q"])
    assert (result.exit_code, result.stderr) == (
        2, "no claims.yaml here to edit (pass one with --claims PATH, or create one with mali-facts init)\n")


def test_add_reads_the_quote_from_stdin(cli, ledger_copy):
    result = cli(["add", "--id", "correlation", "--statement", "McGovern says correlation is not causation.",
                  "--source", "rolling-stone-2013", "--quote", "-"],
                 input="He stresses that correlation doesn't\nequal causation\n")
    assert result.exit_code == 0, result.stderr
    assert ('        quote: "He stresses that correlation doesn’t equal causation"\n'
            in (ledger_copy / "claims.yaml").read_text(encoding="utf-8"))
