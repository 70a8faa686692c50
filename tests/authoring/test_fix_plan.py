"""plan_fixes: from a check's results to the edits `fix` would make (no writing here)."""

from __future__ import annotations

from mali_facts.authoring.fix import plan_fixes
from mali_facts.ledger import load_ledger
from mali_facts.verify import verify_ledger

from .authoring_paths import INSERTED, RS, resave


def _plan(folder):
    return plan_fixes(verify_ledger(load_ledger(folder / "claims.yaml")))


def test_nothing_to_fix_in_the_ledger(ledger_copy):
    plan = _plan(ledger_copy)
    assert (plan.edits, plan.held) == ([], [])


def test_resaved_source(ledger_copy):
    before = load_ledger(ledger_copy / "claims.yaml")
    resave(ledger_copy)
    plan = _plan(ledger_copy)
    assert plan.held == []
    rs_quotes = [(c, i, e) for c in before.claims for i, e in enumerate(c.evidence)
                 if e.source == "rolling-stone-2013"]
    assert plan.counts() == {"offsets": len(rs_quotes), "quote": 1, "context": 0, "sha256": 1}
    text = (ledger_copy / RS).read_bytes().decode("utf-8")
    offsets = {e.path: e.value for e in plan.edits if e.kind == "offsets"}
    for claim, i, ev in rs_quotes:
        start = offsets[("claims", claim.id, "evidence", i, "start")]
        end = offsets[("claims", claim.id, "evidence", i, "end")]
        # every quote moved by the inserted paragraph and one \r per line break before it
        lines_before = text[:start].count("\n")
        assert start == ev.start + len(INSERTED) + lines_before
        assert end - start == ev.end - ev.start
    [quote] = [e for e in plan.edits if e.kind == "quote"]
    assert quote.path == ("claims", "leahy-amendment-trigger", "evidence", 0, "quote")
    assert quote.old.replace("’", "'") == quote.value and "what's known" in quote.value
    [pin] = [e for e in plan.edits if e.kind == "sha256"]
    assert pin.path == ("sources", "rolling-stone-2013", "sha256")
    import hashlib

    assert pin.value == hashlib.sha256((ledger_copy / RS).read_bytes()).hexdigest()


def test_a_changed_quote_is_held_and_its_source_keeps_its_pin(ledger_copy):
    path = ledger_copy / RS
    text = path.read_text(encoding="utf-8")
    path.write_text("New first line.\n" + text.replace("run-off vote earlier this week",
                                                       "run-off vote last week"), encoding="utf-8")
    plan = _plan(ledger_copy)
    held = [(h.result.claim.id, h.result.status) for h in plan.held]
    assert held == [("keita-elected-2013", "misquoted"), ("soumaila-cisse-defeated-2013", "misquoted")]
    assert [e for e in plan.edits if e.kind == "sha256"] == []
    assert all(e.path[1] not in dict(held) for e in plan.edits)
    assert plan.counts()["offsets"] > 0


def test_context_added_when_the_source_repeats_a_quote(write_claims, ledger_dir):
    (ledger_dir / "src.txt").write_text("The army said no. The junta agreed.\n", encoding="utf-8")
    import hashlib

    pin = hashlib.sha256((ledger_dir / "src.txt").read_bytes()).hexdigest()
    write_claims("version: 1\nsources:\n  - id: src\n    file: src.txt\n    sha256: " + pin + "\n"
                 "claims:\n  - id: army-no\n    statement: The army said no.\n    evidence:\n"
                 "      - source: src\n        quote: \"The army said no\"\n        start: 0\n        end: 16\n")
    # a later paragraph repeats the quote: the offsets still pick the first, the context no longer does
    (ledger_dir / "src.txt").write_text("The army said no. The junta agreed.\nLater: The army said no. "
                                        "Again.\n", encoding="utf-8")
    plan = _plan(ledger_dir)
    assert plan.held == []
    assert [(e.path[-1], e.value) for e in plan.edits] == [
        ("suffix", ". T"), ("sha256", hashlib.sha256((ledger_dir / "src.txt").read_bytes()).hexdigest())]


def test_an_ambiguous_quote_is_held(write_claims, ledger_dir):
    (ledger_dir / "src.txt").write_text("The army said no.\n", encoding="utf-8")
    write_claims("version: 1\nsources:\n  - id: src\n    file: src.txt\n"
                 "claims:\n  - id: army-no\n    statement: The army said no.\n    evidence:\n"
                 "      - source: src\n        quote: \"said no\"\n        start: 9\n        end: 16\n")
    (ledger_dir / "src.txt").write_text("Intro.\nThe army said no.\nThe junta said no.\n", encoding="utf-8")
    plan = _plan(ledger_dir)
    assert plan.edits == []
    assert [(h.result.status, h.reason) for h in plan.held] == [
        ("ambiguous", "matches 2 places (line 2, line 3); add a prefix, suffix or start to pick one")]
