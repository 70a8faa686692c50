"""The statement check's memo (issue 15): a warm run takes the whole ledger's result
from one record, keyed by everything the check depends on; changing any of it misses
the memo (and the per-claim cache decides, as before); a tampered, foreign or
invalid memo changes no verdict."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from .test_statement_cache import (EDITS, LEDGER, apply_edit, checked, details,  # noqa: F401
                                   ledger_path, write_signed)  # (checked, details, ledger_path: fixtures)



@pytest.fixture
def memo_hits(monkeypatch):
    """What each memo lookup gave: True (the memo's result was used) or False."""
    from mali_facts.verify import StatementMemo

    seen = []
    real = StatementMemo.get

    def spy(self, key, ledger):
        result = real(self, key, ledger)
        seen.append(result is not None)
        return result

    monkeypatch.setattr(StatementMemo, "get", spy)
    return seen


def check(path, ledger=None):
    """JSON of `check --strict` on the claims file (or ``ledger``), as the CLI checks
    it: with the position cache, the statement cache and the memo."""
    from mali_facts.ledger import load_ledger
    from mali_facts.render.formats import CheckFormat
    from mali_facts.session import Session
    from mali_facts.verify import verify_ledger

    ledger = ledger or load_ledger(path)
    report = verify_ledger(ledger, strict=True, session=Session(ledger, cache=True))
    return CheckFormat.json.to_format().render(report, color=False)


def memo_file(ledger_path: Path) -> Path:
    [path] = (ledger_path.parent / "cache" / "statements").glob("*.memo")
    return path


def test_a_warm_run_takes_the_result_from_the_memo_alone(ledger_path, checked, memo_hits, monkeypatch):
    cold = check(ledger_path)
    assert len(checked) == 5 and memo_hits == [False]
    from mali_facts.consistency import StatementCache

    asked = []
    monkeypatch.setattr(StatementCache, "get", lambda *args: asked.append(args))
    checked.clear()
    warm = check(ledger_path)
    assert (warm, checked, memo_hits, asked) == (cold, [], [False, True], [])
    assert details(warm) == {"seven": ["seven"], "goita": ["Goita"], "keita": ["Keita"],
                             "troops": ["Troops", "2012"]}


@pytest.mark.parametrize("case", EDITS, ids=[c["label"] for c in EDITS])
def test_an_edit_misses_the_memo_and_the_result_is_that_of_a_fresh_check(
        ledger_path, checked, memo_hits, monkeypatch, case):
    """Every edit of tests/data/statement_cache/edits.yaml (a statement, a quote, a
    source's text or names, an alias, the version...) misses the memo."""
    check(ledger_path)
    apply_edit(ledger_path, case, monkeypatch)
    checked.clear()
    warm = check(ledger_path)
    changed = case["label"] != "nothing changed"
    assert memo_hits == [False, not changed]
    assert details(warm) == case["details"]
    assert ids_checked(checked, ledger_path) == case["checked"]


def ids_checked(statements, path) -> list:
    text = path.read_text(encoding="utf-8")
    by_statement = {c["statement"]: c["id"] for c in yaml.safe_load(text)["claims"]}
    return [by_statement[s] for s in statements]


def test_an_edit_of_the_claims_file_that_changes_no_claim_misses_the_memo(ledger_path, checked, memo_hits):
    """The key holds the claims file's text: a comment added misses the memo (the
    per-claim cache then says nothing needs checking again)."""
    cold = check(ledger_path)
    ledger_path.write_text(LEDGER + "# a comment\n", encoding="utf-8")
    checked.clear()
    assert check(ledger_path) == cold
    assert memo_hits == [False, False] and checked == []


def test_a_ledger_of_some_of_the_claims_misses_the_memo(ledger_path, memo_hits):
    """`list` checks a ledger of some claims, with the file's text: another key."""
    from mali_facts.ledger import Ledger, load_ledger

    check(ledger_path)
    full = load_ledger(ledger_path)
    sub = Ledger(full.path, full.version, full.sources, full.claims[1:], full.entities, full.text)
    out = json.loads(check(ledger_path, sub))
    assert memo_hits == [False, False]
    assert [c["id"] for c in out["claims"]] == ["seven", "goita", "keita", "troops"]
    assert details(json.dumps(out)) == {"seven": ["seven"], "goita": ["Goita"], "keita": ["Keita"],
                                        "troops": ["Troops", "2012"]}


def test_a_claim_changed_in_memory_misses_the_memo(ledger_path, memo_hits):
    from mali_facts.ledger import load_ledger

    check(ledger_path)
    ledger = load_ledger(ledger_path)
    ledger.claims[0].statement = "Sanogo had ten training missions."  # (as long as "six")
    out = check(ledger_path, ledger)
    assert memo_hits == [False, False]
    assert details(out)["six"] == ["ten"]


def test_text_moved_from_a_quote_to_the_next_statement_misses_the_memo(ledger_path, memo_hits):
    """The key's strings split back one way only: moving the last word of a claim's
    quote to the start of the next claim's statement (the same characters in the
    same order) is another key."""
    from mali_facts.ledger import load_ledger

    check(ledger_path)
    ledger = load_ledger(ledger_path)
    first, second = ledger.claims[1:3]
    rest, word = first.evidence[0].quote.rsplit(" ", 1)
    first.evidence[0].quote = rest
    second.statement = " " + word + second.statement
    check(ledger_path, ledger)
    assert memo_hits == [False, False]


def test_a_source_renamed_in_memory_misses_the_memo(ledger_path, memo_hits):
    """A statement may name a source: its title is in the key (as the file has it,
    and as the ledger has it in memory)."""
    from mali_facts.ledger import load_ledger

    check(ledger_path)
    ledger = load_ledger(ledger_path)
    ledger.sources["a"].title = "Keita on Source A"
    out = check(ledger_path, ledger)
    assert memo_hits == [False, False]
    assert "keita" not in details(out)


def test_an_alias_added_in_memory_misses_the_memo(ledger_path, memo_hits):
    from mali_facts.ledger import load_ledger

    check(ledger_path)
    ledger = load_ledger(ledger_path)
    ledger.entities["Assimi Goita"].aliases = ("Goïta", "Keita")
    check(ledger_path, ledger)
    assert memo_hits == [False, False]


def test_the_code_the_result_depends_on_is_in_the_key(monkeypatch, ledger_path, memo_hits):
    """The stamp names the statement check's modules, the text engine's, and those
    that make a ledger of the claims file; another stamp misses the memo."""
    import mali_facts.verify as verify

    stamp = verify._memo_stamp.__wrapped__()  # worked out now, not the one kept
    for name in ("mali_facts/consistency.py", "mali_facts/verify.py", "text/normalize.py",
                 "text/bulk.py", "ledger/validate.py", "ledger/yamlpos.py", "ledger/claims.schema.json"):
        assert f"\0{name}:" in stamp, name
    check(ledger_path)
    monkeypatch.setattr(verify, "_memo_stamp", lambda: stamp + "\0text/normalize.py:1:2")
    check(ledger_path)
    assert memo_hits == [False, False]


def _write(path: Path, record, key) -> None:
    """One memo record, signed with ``key`` (bytes: an HMAC key; None: a plain sha256),
    under the key the file has now."""
    [k] = json.loads(path.read_text(encoding="utf-8").partition("\n")[2])
    write_signed(path, {k: record}, key)


# Each record would change a verdict of `check --strict` if it were used.
TAMPER = [
    ("drop", "foreign"), ("drop", "unsigned"),            # hide every unsupported detail
    ("invent", "own"), ("invent", "foreign"),             # a detail a statement does not say
    ("short", "own"),                                     # fewer claims than the ledger
    ("not-lists", "own"), ("not-strings", "own"), ("empty-detail", "own"),
]


@pytest.mark.parametrize("tamper, signed", TAMPER)
def test_a_tampered_or_foreign_memo_changes_no_verdict(ledger_path, checked, memo_hits, tamper, signed):
    cold = check(ledger_path)
    path = memo_file(ledger_path)
    record = {"drop": [[]] * 5, "invent": [["Zorro"]] * 5, "short": [[]] * 4,
              "not-lists": ["seven"] * 5, "not-strings": [[7]] * 5, "empty-detail": [[""]] * 5}[tamper]
    own = (path.parent / "key").read_bytes()
    _write(path, record, {"own": own, "foreign": os.urandom(32), "unsigned": None}[signed])
    checked.clear()
    assert check(ledger_path) == cold
    assert memo_hits == [False, False]


def test_a_ci_run_writes_the_memo_but_does_not_read_it(ledger_path, memo_hits, monkeypatch):
    monkeypatch.setenv("CI", "true")
    check(ledger_path)
    check(ledger_path)
    assert memo_hits == [False, False]
    monkeypatch.setenv("CI", "0")
    check(ledger_path)
    assert memo_hits == [False, False, True]
