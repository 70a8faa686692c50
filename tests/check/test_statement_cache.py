"""The statement check's cache (issue 15): a warm run reuses each claim's result; an
edit re-checks exactly the claims it may change; a tampered, foreign or unsigned
cache changes no verdict; a CI run does not read it."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest
import yaml

from conftest import DATA

A = ("Captain Amadou Sanogo had been through six training missions with the US.\n"
     "Mali\u2019s last coup, in 2012, saw the exact same thing.\n")
B = ("The junta\u2019s leader, Col. Assimi Goita, attended the Flintlock exercise\n"
     "in 2019, the US military said in a statement.\n")
C = "In 2012 the soldiers mutinied at Kati.\n"
D = "Nobody quotes this.\n"

LEDGER = """version: 1
entities:
  - {name: "Assimi Goita", kind: person, aliases: ["Goïta"]}
sources:
  - id: a
    file: a.txt
    title: Source A
    authors: [Ann Writer]
  - id: b
    file: b.txt
    title: Source B
    subtitle: Part B
    publisher: Press B
  - {id: c, file: c.txt, title: Source C}
  - {id: d, file: d.txt, title: Source D}
claims:
  - id: six
    statement: Sanogo had six training missions.
    evidence:
      - {source: a, quote: "Captain Amadou Sanogo had been through six training missions"}
  - id: seven
    statement: Sanogo had seven training missions.
    evidence:
      - {source: a, quote: "Captain Amadou Sanogo had been through six training missions"}
  - id: goita
    statement: Goita attended Flintlock in 2019.
    evidence:
      - {source: b, quote: "attended the Flintlock exercise in 2019"}
  - id: keita
    statement: Keita led the 2012 coup.
    evidence:
      - {source: a, quote: "Mali’s last coup, in 2012"}
  - id: troops
    statement: Troops mutinied in 2012.
    evidence:
      - {source: c, quote: "the soldiers mutinied"}
"""
IDS = ["six", "seven", "goita", "keita", "troops"]


@pytest.fixture
def ledger_path(make_ledger):
    return make_ledger(LEDGER, {"a.txt": A, "b.txt": B, "c.txt": C, "d.txt": D})


@pytest.fixture
def checked(monkeypatch):
    """The statements the check looked at (not taken from the cache), in order."""
    from mali_facts.consistency import StatementCheck

    seen = []
    real = StatementCheck.unsupported

    def spy(self, statement, quotes, **kwargs):
        seen.append(statement)
        return real(self, statement, quotes, **kwargs)

    monkeypatch.setattr(StatementCheck, "unsupported", spy)
    return seen


def check(path, cache=True):
    """(JSON of `check --strict`, the statement cache used) for the claims file."""
    from mali_facts.consistency import StatementCache
    from mali_facts.ledger import load_ledger
    from mali_facts.render.formats import CheckFormat
    from mali_facts.session import Session
    from mali_facts.verify import verify_ledger

    ledger = load_ledger(path)
    statements = StatementCache.for_ledger(ledger) if cache else False
    report = verify_ledger(ledger, strict=True, session=Session(ledger, cache=cache), statements=statements)
    return CheckFormat.json.to_format().render(report, color=False), statements


def details(output: str) -> dict:
    prefix = "unsupported detail "
    return {c["id"]: [w[len(prefix):].partition(":")[0].strip("'") for w in c["warnings"]]
            for c in json.loads(output)["claims"] if c["warnings"]}


def ids(statements, path) -> list:
    text = path.read_text(encoding="utf-8")
    by_statement = {c["statement"]: c["id"] for c in yaml.safe_load(text)["claims"]}
    return [by_statement[s] for s in statements]


def test_a_warm_run_checks_no_statement_and_says_the_same(ledger_path, checked):
    cold, c1 = check(ledger_path)
    assert ids(checked, ledger_path) == IDS and c1.stats == {"reused": 0, "checked": 5}
    checked.clear()
    warm, c2 = check(ledger_path)
    assert checked == [] and c2.stats == {"reused": 5, "checked": 0}
    assert warm == cold
    assert details(warm) == {"seven": ["seven"], "goita": ["Goita"], "keita": ["Keita"],
                             "troops": ["Troops", "2012"]}


EDITS = yaml.safe_load((DATA / "statement_cache" / "edits.yaml").read_text(encoding="utf-8"))


def apply_edit(ledger_path, case, monkeypatch) -> None:
    """Make one edit of tests/data/statement_cache/edits.yaml: a file's text, or the
    version (and the code stamp worked out from it)."""
    if "file" in case:
        target = ledger_path.parent / case["file"]
        text = target.read_text(encoding="utf-8")
        assert text.count(case["old"]) == 1, case["old"]
        target.write_text(text.replace(case["old"], case["new"]), encoding="utf-8")
    if "version" in case:
        import mali_facts
        import mali_facts.verify as verify

        monkeypatch.setattr(mali_facts, "__version__", case["version"])
        # the stamp worked out again, with this version (not the one kept for the process)
        monkeypatch.setattr(verify, "_memo_stamp", verify._memo_stamp.__wrapped__)


@pytest.mark.parametrize("case", EDITS, ids=[c["label"] for c in EDITS])
def test_an_edit_checks_again_exactly_the_claims_it_may_change(ledger_path, checked, monkeypatch, case):
    check(ledger_path)
    apply_edit(ledger_path, case, monkeypatch)
    checked.clear()
    warm, cache = check(ledger_path)
    assert ids(checked, ledger_path) == case["checked"]
    assert cache.stats == {"reused": 5 - len(case["checked"]), "checked": len(case["checked"])}
    checked.clear()
    fresh, _ = check(ledger_path, cache=False)
    assert warm == fresh
    assert details(warm) == case["details"]


def _file(ledger_path: Path) -> Path:
    [path] = (ledger_path.parent / "cache" / "statements").glob("*.json")
    return path


def _entries(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8").partition("\n")[2])


def write_signed(path: Path, entries: dict, key) -> None:
    """``entries``, signed with ``key`` (bytes: an HMAC key; None: a plain sha256)."""
    body = json.dumps(entries, sort_keys=True)
    if key is None:
        digest = hashlib.sha256(body.encode()).hexdigest()
    else:
        digest = hmac.new(key, body.encode(), "sha256").hexdigest()
    path.write_text(f"1 {digest}\n{body}", encoding="utf-8")


# What is done to every record of the filled cache, and how it is signed: with the
# folder's own key ("own"), another key ("foreign") or a plain sha256 ("unsigned").
# Every case would change a verdict of `check --strict` if the record were used.
TAMPER = [
    ("drop", "foreign"), ("drop", "unsigned"),          # hide every unsupported detail
    ("invent", "own"), ("invent", "foreign"),           # a detail the statement does not say
    ("not-a-list", "own"), ("not-strings", "own"), ("empty-detail", "own"),
]


@pytest.mark.parametrize("tamper, signed", TAMPER)
def test_a_tampered_or_foreign_entry_changes_no_verdict(ledger_path, checked, tamper, signed):
    cold, _ = check(ledger_path)
    path = _file(ledger_path)
    entries = _entries(path)
    assert len(entries) == 5
    for key in entries:
        entries[key] = {"drop": [], "invent": ["Zorro"], "not-a-list": "Zorro", "not-strings": [7],
                        "empty-detail": [""]}[tamper]
    own = (path.parent / "key").read_bytes()
    write_signed(path, entries, {"own": own, "foreign": os.urandom(32), "unsigned": None}[signed])
    checked.clear()
    warm, cache = check(ledger_path)
    assert warm == cold
    assert cache.stats == {"reused": 0, "checked": 5}


def test_a_damaged_file_changes_no_verdict(ledger_path, checked):
    cold, _ = check(ledger_path)
    path = _file(ledger_path)
    path.write_text(path.read_text(encoding="utf-8").replace("seven", "eight"), encoding="utf-8")
    warm, cache = check(ledger_path)
    assert warm == cold and cache.stats["checked"] == 5


def test_a_file_others_may_write_is_not_read(ledger_path, checked):
    check(ledger_path)
    _file(ledger_path).chmod(0o622)
    _, cache = check(ledger_path)
    assert cache.stats == {"reused": 0, "checked": 5}


def test_a_link_is_not_followed(ledger_path, checked):
    check(ledger_path)
    path = _file(ledger_path)
    copy = path.with_name("elsewhere")
    path.rename(copy)
    path.symlink_to(copy)
    _, cache = check(ledger_path)
    assert cache.stats == {"reused": 0, "checked": 5}


def test_a_ci_run_writes_the_cache_but_does_not_read_it(ledger_path, checked, monkeypatch):
    check(ledger_path)
    monkeypatch.setenv("CI", "true")
    _, cache = check(ledger_path)
    assert cache.stats == {"reused": 0, "checked": 5}
    monkeypatch.setenv("CI", "0")
    _, cache = check(ledger_path)
    assert cache.stats == {"reused": 5, "checked": 0}


def test_the_cli_keeps_the_cache_and_says_the_same(ledger_path, cli):
    """`check` fills the cache on its first run and reads it on the next."""
    first = cli(["check", "--strict", "--format", "json"])
    assert first.exit_code == 1
    assert len(_entries(_file(ledger_path))) == 5
    second = cli(["check", "--strict", "--format", "json"])
    assert (second.exit_code, second.stdout) == (1, first.stdout)
    assert '"unsupported detail \'Keita\': the statement says it, none of its quotes does"' in second.stdout


@pytest.mark.parametrize("warm", [False, True])
def test_no_collection_while_statements_are_checked_or_read_and_the_collector_is_left_on(
        ledger_path, checked, monkeypatch, warm):
    """The statement check and the cache's records are many small objects and no
    cycles: the collector is paused while they are made (cold and warm), and on after."""
    import gc

    import mali_facts.verify as verify

    if warm:
        check(ledger_path)
    states = []
    real = verify._statement_details
    monkeypatch.setattr(verify, "_statement_details",
                        lambda *args: states.append(gc.isenabled()) or real(*args))
    assert gc.isenabled()
    output, _ = check(ledger_path)
    assert states == [False] and gc.isenabled()
    assert len(checked) == 5  # (warm: all checked by the first run)
