"""The position cache's exact records (issue 15): a warm `check` finds an exact quote
whose recorded start is missing or wrong with one comparison at the cached start, and
no search; a forged record (tests/data/soundness/exact_tamper.yaml) changes no
verdict; a record is for one text (its sha256), so a source edited to hold the quote
twice is searched again."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from pathlib import Path

import pytest
import yaml

from conftest import DATA

CASES = yaml.safe_load((DATA / "soundness" / "exact_tamper.yaml").read_text(encoding="utf-8"))

TEXT = ("The junta met at dawn. It was unfair, and fair\u00a0play was not its way.\n"
        "Later the council said the junta met\nagain in the city. The junta met at noon.\n")

CLAIMS = """version: 1
sources:
  - {id: d, file: d.txt, title: D}
claims:
  - id: unique
    statement: It was unfair.
    evidence:
      - {source: d, quote: "It was unfair"}
  - id: word
    statement: Fair.
    evidence:
      - {source: d, quote: "fair"}
  - id: wrong-start
    statement: The council said so.
    evidence:
      - {source: d, quote: "the council said", start: 3, end: 19}
  - id: right-start
    statement: It met at dawn.
    evidence:
      - {source: d, quote: "The junta met at dawn", start: 0, end: 21}
  - id: twice
    statement: The junta met.
    evidence:
      - {source: d, quote: "The junta met"}
  - id: folded
    statement: Fair play.
    evidence:
      - {source: d, quote: "fair play was not its way"}
"""


@pytest.fixture
def ledger_path(make_ledger):
    return make_ledger(CLAIMS, {"d.txt": TEXT})


class Counting(str):
    """A source text that counts the searches made in it."""
    finds = 0

    def find(self, *args):
        Counting.finds += 1
        return super().find(*args)

    def __contains__(self, item):
        Counting.finds += 1
        return super().__contains__(item)


def check(path):
    from mali_facts.ledger import load_ledger
    from mali_facts.render.formats import CheckFormat
    from mali_facts.session import Session
    from mali_facts.verify import verify_ledger

    ledger = load_ledger(path)
    session = Session(ledger, cache=True)
    report = verify_ledger(ledger, session=session)
    return CheckFormat.json.to_format().render(report, color=False), session


def keys(path):
    """The cache key of each claim's (one) evidence item, by claim id."""
    from mali_facts.ledger import load_ledger
    from mali_facts.session import PositionCache

    ledger = load_ledger(path)
    cache = PositionCache.for_ledger(ledger)
    sha = hashlib.sha256((path.parent / "d.txt").read_bytes()).hexdigest()
    return {c.evidence[0].quote: cache.key(sha, c.evidence[0]) for c in ledger.claims}


def statuses(output: str):
    return [(c["id"], e["status"], e["start"]) for c in json.loads(output)["claims"] for e in c["evidence"]]


@pytest.fixture
def counted(monkeypatch):
    """Source texts count the searches made in them (Counting.finds)."""
    import mali_facts.session as session

    real = session.read_source
    monkeypatch.setattr(session, "read_source",
                        lambda source: dataclasses.replace(real(source), text=Counting(real(source).text)))
    Counting.finds = 0


def cache_file(path) -> Path:
    [file] = (path.parent / "cache" / "positions").glob("*.json")
    return file


def test_a_warm_run_finds_cached_exact_quotes_without_a_search(ledger_path, counted):
    cold, s1 = check(ledger_path)
    assert Counting.finds > 0
    assert (s1.stats["exact"], s1.stats["located"], s1.stats["cached"]) == (4, 2, 0)
    records = json.loads(cache_file(ledger_path).read_text(encoding="utf-8").partition("\n")[2])
    k = keys(ledger_path)
    # exact: where the search found each quote; none for a right start; the engine's
    # matches for the quote that is there twice and the folded one
    assert {q: records.get(key) for q, key in k.items() if "~exact" in records.get(key, {})} == {
        "It was unfair": {"~exact": 23}, "fair": {"~exact": 42},
        "the council said": {"~exact": 75}}
    assert k["The junta met at dawn"] not in records and len(records) == 5
    Counting.finds = 0
    warm, s2 = check(ledger_path)
    assert Counting.finds == 0
    assert (s2.stats["exact"], s2.stats["located"], s2.stats["cached"]) == (4, 0, 2)
    assert warm == cold
    assert statuses(warm) == [("unique", "verified", 23), ("word", "verified", 42),
                              ("wrong-start", "drifted", 75), ("right-start", "verified", 0),
                              ("twice", "ambiguous", 0), ("folded", "verified", 42)]


def _sign(file: Path, entries: dict, signed) -> None:
    from mali_facts.session import PositionCache

    body = json.dumps(entries, sort_keys=True)
    if signed is True:
        digest = hmac.new((file.parent / "key").read_bytes(), body.encode(), "sha256").hexdigest()
    elif signed == "other":
        digest = hmac.new(b"k" * 32, body.encode(), "sha256").hexdigest()
    else:
        digest = hashlib.sha256(body.encode()).hexdigest()
    file.write_text(f"{PositionCache.FORMAT} {digest}\n{body}", encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_forged_exact_record_changes_no_verdict(ledger_path, counted, case):
    cold, _ = check(ledger_path)
    file = cache_file(ledger_path)
    entries = json.loads(file.read_text(encoding="utf-8").partition("\n")[2])
    k = keys(ledger_path)
    targets = [k[case["quote"]]] if "quote" in case else [key for key, r in entries.items() if "~exact" in r]
    for key in targets:
        record = entries[key]
        if case.get("unique"):
            assert record["status"] == "ambiguous"
            record = entries[key] = {"~exact": TEXT.index(case["quote"])}
        if "shift" in case:
            record["~exact"] += case["shift"]
        if "inside" in case:
            record["~exact"] = TEXT.index(case["inside"]) + case["inside"].index(case["quote"])
        if "value" in case:
            record["~exact"] = len(TEXT) if case["value"] == "end" else case["value"]
        record.update(case.get("extra", {}))
    _sign(file, entries, case["signed"])
    Counting.finds = 0
    warm, session = check(ledger_path)
    assert warm == cold
    assert Counting.finds > 0  # the forged record was not believed: the quote was searched


def test_a_source_edited_to_hold_the_quote_twice_is_searched_again(ledger_path):
    cold, _ = check(ledger_path)
    assert statuses(cold)[0] == ("unique", "verified", 23)
    (ledger_path.parent / "d.txt").write_text(TEXT + "It was unfair.\n", encoding="utf-8")
    warm, session = check(ledger_path)
    assert statuses(warm)[0] == ("unique", "ambiguous", 23)
    assert (session.stats["exact"], session.stats["located"], session.stats["cached"]) == (3, 3, 0)
