"""Messages a careful user reads once (issue 14): the date hint once, both full
hashes, a source's problem once with the number of quotes, the YAML parser's
own problem and column."""

from __future__ import annotations

import hashlib
import json

from conftest import ROOT

MC = ROOT / "seeds" / "mali-coup-2020-us-trained-officers.txt"


def ledger(extra_source: str = "", claims: str = "") -> str:
    return f"""\
version: 1
sources:
  - id: mc
    file: seeds/mali-coup-2020-us-trained-officers.txt
    title: The 2020 post
{extra_source}claims:
{claims}"""


PINNED = """\
  - id: one
    statement: Malian officers mutinied.
    evidence:
      - source: mc
        quote: a group of Malian officers initiated a mutiny
  - id: two
    statement: They were at the Kati base.
    evidence:
      - source: mc
        quote: the Kati military base
      - source: mc
        quote: near Bamako, the capital of Mali
"""


def test_the_date_hint_is_printed_once(write_claims, cli):
    write_claims(ledger("    published: March 2020\n", PINNED))
    result = cli(["check"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("claims.yaml:6: source 'mc': bad date 'March 2020' "
                             "(use YYYY, YYYY-MM or YYYY-MM-DD)\n")




def test_a_changed_pin_is_reported_once_with_both_full_hashes(write_claims, cli):
    wrong = "0" * 64
    real = hashlib.sha256(MC.read_bytes()).hexdigest()
    write_claims(ledger(f"    sha256: {wrong}\n", PINNED))
    result = cli(["check", "--strict", "--format", "plain"])
    assert result.exit_code == 1
    assert result.stdout == (
        "claims.yaml:12:9: error: drifted: seeds/mali-coup-2020-us-trained-officers.txt changed: "
        f"its sha256 is {real}, the ledger pins {wrong}; review the source and update sha256 "
        "(3 quotes affected) [drifted]\n")
    table = cli(["check", "--strict", "--format", "table"], env={"NO_COLOR": "1", "COLUMNS": "400"})
    assert table.stdout.count("quotes affected") == 1
    assert table.stdout.count("the source's problem above") == 2
    evidence = [e for c in json.loads(cli(["check", "--format", "json"]).stdout)["claims"]
                for e in c["evidence"]]
    assert [e["status"] for e in evidence] == ["drifted"] * 3  # JSON keeps every quote


def test_an_unreadable_source_is_reported_once(write_claims, ledger_dir, cli):
    (ledger_dir / "latin1.txt").write_bytes("Le comit\xe9 a parl\xe9.\n".encode("latin-1"))
    claims = PINNED.replace("source: mc", "source: bad")
    write_claims(ledger("  - id: bad\n    file: latin1.txt\n    title: Latin-1\n", claims))
    result = cli(["check", "--format", "plain"])
    assert result.exit_code == 1
    assert result.stdout == (
        "claims.yaml:14:9: error: source 'bad' cannot be read: latin1.txt:1: not valid UTF-8 "
        "(byte 8); save it as UTF-8 (3 quotes affected) [source_error]\n")


def test_a_yaml_syntax_error_gives_the_parsers_problem_and_column(write_claims, cli):
    write_claims("version: 1\nclaims:\n  - id: a\n    statement: |\n      ok\n\t  bad\n")
    result = cli(["check"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "claims.yaml:6:1: found a tab character where an indentation space is expected\n"
    write_claims("version: 1\nclaims:\n  - id: a\n    statement: x\n     evidence: []\n")
    result = cli(["check"])
    assert result.stderr == "claims.yaml:5:14: mapping values are not allowed in this context\n"


def test_github_annotates_a_source_problem_once(write_claims, cli):
    write_claims(ledger(f"    sha256: {'0' * 64}\n", PINNED))
    result = cli(["check", "--format", "github"])
    assert result.stdout.count("::warning ") + result.stdout.count("::error ") == 1
    assert "(3 quotes affected)" in result.stdout


def test_one_quote_of_an_unreadable_source_needs_no_count(write_claims, ledger_dir, cli):
    (ledger_dir / "latin1.txt").write_bytes("Le comit\xe9 a parl\xe9.\n".encode("latin-1"))
    one = PINNED.split("  - id: two")[0].replace("source: mc", "source: bad")
    write_claims(ledger("  - id: bad\n    file: latin1.txt\n    title: Latin-1\n", one))
    result = cli(["check", "--format", "plain"])
    assert result.stdout == (
        "claims.yaml:14:9: error: source 'bad' cannot be read: latin1.txt:1: not valid UTF-8 "
        "(byte 8); save it as UTF-8 [source_error]\n")
