"""The verification session: each source read once, exact matches first, the
position cache (never changes a result), and worker processes (same results)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, invoke

A = ("Captain Amadou Sanogo had been through six training missions with the US.\n"
     "Mali\u2019s last coup, in 2012, saw the exact same thing.\n")
B = ("The junta\u2019s leader, Col. Assimi Goita, attended the Flintlock exercise\n"
     "in 2019, the US military said in a statement.\n")
C = "Nothing in this document is quoted by any claim except this sentence, once.\n"

CLAIMS = """version: 1
sources:
  - {id: a, file: a.txt, title: A}
  - {id: b, file: b.txt, title: B}
  - {id: c, file: c.txt, title: C}
claims:
  - id: exact
    statement: Sanogo had six training missions.
    evidence:
      - {source: a, quote: "had been through six training missions with the US", start: 22, end: 72}
  - id: folded
    statement: Mali's coup was in 2012.
    evidence:
      - {source: a, quote: "Mali's last coup, in 2012"}
  - id: wrapped
    statement: Goita attended Flintlock in 2019.
    evidence:
      - {source: b, quote: "attended the Flintlock exercise in 2019"}
  - id: misquoted
    statement: Goita attended Flintlock in 2018.
    evidence:
      - {source: b, quote: "attended the Flintlock exercise in 2018"}
  - id: fabricated
    statement: Keita resigned.
    evidence:
      - {source: c, quote: "The president resigned on live television after the mutiny"}
  - id: two
    statement: Sanogo and Goita.
    evidence:
      - {source: a, quote: "Captain Amadou Sanogo"}
      - {source: c, quote: "quoted by any claim"}
"""


@pytest.fixture
def ledger_path(make_ledger):
    return make_ledger(CLAIMS, {"a.txt": A, "b.txt": B, "c.txt": C})


def load(path):
    from mali_facts.ledger import load_ledger

    return load_ledger(path)


def as_json(report) -> str:
    from mali_facts.render.formats import CheckFormat

    return CheckFormat.json.to_format().render(report, color=False)


def check(path, **session_options):
    from mali_facts.session import Session
    from mali_facts.verify import verify_ledger

    ledger = load(path)
    session = Session(ledger, **session_options)
    return verify_ledger(ledger, session=session), session


@pytest.mark.parametrize("args, expected", [
    (["check", "--format", "json"], {"a": 1, "b": 1, "c": 1}),
    (["coverage", "--format", "json"], {"a": 1, "b": 1, "c": 1}),
    (["cite", "exact", "folded", "wrapped", "misquoted", "fabricated", "two"], {"a": 1, "b": 1, "c": 1}),
    (["show", "two"], {"a": 1, "c": 1}),
    (["search", "zzzqqqxx"], {"a": 1, "b": 1, "c": 1}),  # no hit: the claims' links alone
])
def test_each_command_reads_each_source_once(ledger_path, monkeypatch, args, expected):
    import mali_facts.sources as sources

    reads = {}
    real = sources.read_source

    def counting(source):
        reads[source.id] = reads.get(source.id, 0) + 1
        return real(source)

    monkeypatch.setattr(sources, "read_source", counting)
    monkeypatch.setattr("mali_facts.session.read_source", counting)
    result = invoke(args)
    assert result.exit_code in (0, 1), result.output
    assert reads == expected


def test_statuses_and_how_each_quote_was_found(ledger_path):
    report, session = check(ledger_path, cache=False)
    assert [(e.claim.id, e.status, e.match) for e in report.evidence] == [
        ("exact", "verified", "exact"), ("folded", "verified", "normalized"),
        ("wrapped", "verified", "normalized"), ("misquoted", "misquoted", "fuzzy"),
        ("fabricated", "not_found", None), ("two", "verified", "exact"), ("two", "verified", "exact")]
    assert session.stats == {"reads": 3, "exact": 3, "cached": 0, "located": 4, "unreadable": 0,
                             "workers": 0}


def test_exact_first_gives_what_the_engine_gives():
    from mali_facts.session import exact
    from mali_facts.text.locate import locate

    text = "a quote, a quote, and one more quote.\nend; unfair, fair; quotes"
    for quote, position in [("fair", None), ("fair", 45), ("fair", 51), ("quote", 57),
                            ("quote", 2), ("one more quote", None), ("a quote", None), ("a quote", 9), ("a quote", 3), ("one more", None),
                            ("one more", 0), (" end ", None), ("missing", None),
                            ("a quote, and", 0)]:
        got = exact(text, quote, position)
        if got is not None:
            m = locate(text, quote, position=position)
            assert (got.status, got.match, got.start, got.end, got.score) == \
                (m.status, m.match, m.start, m.end, m.score)
    assert exact(text, "a quote") is None  # twice: the engine decides
    assert exact(text, "missing") is None
    assert exact(text, "a quote, and", 0).start == 9
    assert exact(text, "fair").start == 51  # not inside "unfair"
    assert exact(text, "quote", 57) is None  # inside "quotes"
    for quote in ("a b c", "e", "[fair]", "quotes ... end", "fair\u2026", "a, b"):
        got, m = exact(text + " a b c e a, b", quote), locate(text + " a b c e a, b", quote)
        assert got is None or (got.status, got.start) == (m.status, m.start), quote


def test_workers_give_the_same_results_as_one_process(ledger_path):
    serial, s1 = check(ledger_path, cache=False, workers=1)
    parallel, s2 = check(ledger_path, cache=False, workers=2)
    assert (s1.stats["workers"], s2.stats["workers"]) == (0, 2)
    assert as_json(parallel) == as_json(serial)
    for x, y in zip(serial.evidence, parallel.evidence):
        assert (x.status, x.match, x.start, x.end, x.score, x.differences, x.normalizations,
                x.candidates, x.warnings, x.found, x.location) == \
            (y.status, y.match, y.start, y.end, y.score, y.differences, y.normalizations,
             y.candidates, y.warnings, y.found, y.location)


def test_the_position_cache_makes_a_warm_run_search_nothing(ledger_path):
    cold, s1 = check(ledger_path, cache=True)
    warm, s2 = check(ledger_path, cache=True)
    assert (s1.stats["located"], s1.stats["cached"]) == (4, 0)
    assert (s2.stats["located"], s2.stats["cached"]) == (0, 4)
    assert as_json(warm) == as_json(cold)


def test_editing_one_quote_searches_that_one_again(ledger_path):
    check(ledger_path, cache=True)
    ledger_path.write_text(CLAIMS.replace("exercise in 2018", "exercise in 2017"), encoding="utf-8")
    edited, session = check(ledger_path, cache=True)
    assert (session.stats["located"], session.stats["cached"]) == (1, 3)
    fresh, _ = check(ledger_path, cache=False)
    assert as_json(edited) == as_json(fresh)
    assert "2017" in as_json(edited)


def _entries(cache_file: Path) -> dict:
    return json.loads(cache_file.read_text(encoding="utf-8").partition("\n")[2])


def _write(cache_file: Path, entries: dict, signed: bool) -> None:
    """The entries, signed with the folder's key (as if by mali-facts) or with a plain sha256."""
    import hmac

    body = json.dumps(entries, sort_keys=True)
    if signed:
        digest = hmac.new((cache_file.parent / "key").read_bytes(), body.encode(), "sha256").hexdigest()
    else:
        digest = hashlib.sha256(body.encode()).hexdigest()
    from mali_facts.session import PositionCache

    cache_file.write_text(f"{PositionCache.FORMAT} {digest}\n{body}", encoding="utf-8")


@pytest.mark.parametrize("tamper, signed", [
    ("shift", True), ("pass", True), ("shift", False), ("pass", False), ("fail-exact", False),
    ("damage", False)])
def test_a_tampered_cache_entry_changes_no_verdict(ledger_path, tamper, signed):
    """Positions are checked against the text (signed or not); entries that say a
    quote fails cannot be checked without the search, and are read only when signed."""
    cold, _ = check(ledger_path, cache=True)
    [cache_file] = (ledger_path.parent / "cache" / "positions").glob("*.json")
    entries = _entries(cache_file)
    engine = {key: m for key, m in entries.items() if "~exact" not in m}  # (exact: see test_exact_cache.py)
    assert (len(engine), len(entries)) == (4, 6)
    for key, m in engine.items():
        if tamper == "shift" and m["start"] is not None:  # every span moved by one
            m["start"] += 1
            m["end"] += 1
            m["candidates"] = [[s + 1, e + 1] for s, e in m["candidates"]]
        elif tamper == "pass":  # every failing quote said to be verified where it is not
            m.update(status="verified", match="normalized", start=0, end=10, score=100.0,
                     differences=[], candidates=[])
        elif tamper == "fail-exact":  # every quote said not to be there
            m.update(status="not_found", match=None, start=None, end=None, score=0.0,
                     differences=[], candidates=[])
    if tamper == "damage":
        cache_file.write_text(cache_file.read_text(encoding="utf-8").replace("2018", "2019"),
                              encoding="utf-8")
    else:
        _write(cache_file, entries, signed)
    warm, session = check(ledger_path, cache=True)
    assert as_json(warm) == as_json(cold)
    assert session.stats["located"] >= 1


def test_check_json_imports_no_rich_rapidfuzz_or_sqlite():
    """Start-up: `check --format json` on the embedded ledger (every quote exact)
    imports nothing it does not use."""
    code = ("import sys\nfrom mali_facts.cli import main\n"
            "try:\n    main(['check', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(sorted(sys.modules)))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "MALI_FACTS_CACHE": "/nonexistent"})
    assert run.returncode == 0, run.stderr
    loaded = set(run.stderr.split())
    assert "mali_facts.verify" in loaded
    # mali_facts.text.normalize is used: the consistency check folds statements and
    # quotes through the text engine's registry (issue 11's one fold)
    for module in ("rich", "rapidfuzz", "sqlite3", "_sqlite3", "mali_facts.text.locate",
                   "multiprocessing"):
        assert module not in loaded, module


def test_a_ci_run_writes_the_position_cache_but_does_not_read_it(ledger_path, monkeypatch):
    check(ledger_path, cache=True)
    monkeypatch.setenv("CI", "true")
    _, session = check(ledger_path, cache=True)
    assert (session.stats["located"], session.stats["cached"]) == (4, 0)
    monkeypatch.setenv("CI", "0")
    _, session = check(ledger_path, cache=True)
    assert (session.stats["located"], session.stats["cached"]) == (0, 4)


def test_a_cache_file_others_may_write_is_not_read(ledger_path):
    check(ledger_path, cache=True)
    [cache_file] = (ledger_path.parent / "cache" / "positions").glob("*.json")
    cache_file.chmod(0o622)
    _, session = check(ledger_path, cache=True)
    assert (session.stats["located"], session.stats["cached"]) == (4, 0)


@pytest.fixture
def threaded(monkeypatch):
    """Sources are read in threads (however few), one source ahead at most; each
    read of a file is counted by source id."""
    import mali_facts.session as session
    import mali_facts.sources as sources

    reads = {}
    real = sources.read_limited

    def counting(path, shown, limit_name):
        if shown.endswith(".txt"):  # (not the claims file)
            reads[shown[:-4]] = reads.get(shown[:-4], 0) + 1
        return real(path, shown, limit_name)

    monkeypatch.setattr(sources, "read_limited", counting)
    monkeypatch.setattr(session, "THREAD_MIN_SOURCES", 1)
    monkeypatch.setattr(session._Reader, "AHEAD", 1)
    return reads


@pytest.fixture
def serial(ledger_path, monkeypatch):
    """The JSON of a check that reads no source in a thread."""
    import mali_facts.session as session

    monkeypatch.setattr(session, "THREAD_MIN_SOURCES", 10 ** 9)
    report, s = check(ledger_path, cache=False, workers=1)
    assert s._reader is None
    return as_json(report)


@pytest.mark.parametrize("workers", [1, 2])
def test_sources_read_in_threads_give_the_same_results_each_read_once(ledger_path, serial, threaded,
                                                                    workers):
    """(Threads read and hash; the pool's workers fork only once they are done.)"""
    report, session = check(ledger_path, cache=False, workers=workers)
    assert session._reader is not None
    assert as_json(report) == serial
    assert threaded == {"a": 1, "b": 1, "c": 1}
    assert session.stats["reads"] == 3 and session.stats["workers"] == (0 if workers == 1 else 2)


def test_a_source_asked_for_out_of_order_is_read_at_once(ledger_path, threaded):
    """The threads read a bounded number of sources ahead; a caller waiting for one
    further on lifts the bound (else it would wait for ever)."""
    import threading

    from mali_facts.session import Session

    session = Session(load(ledger_path), cache=False)
    session._read_ahead(["a", "b", "c"])
    got = {}
    asker = threading.Thread(target=lambda: got.update(c=session.source("c"), a=session.source("a")),
                             daemon=True)
    asker.start()
    asker.join(timeout=20)
    assert not asker.is_alive(), "waited for ever"
    assert got["c"].text == C and got["a"].text == A
    assert session.source("b").text == B
    assert threaded == {"a": 1, "b": 1, "c": 1}


def test_the_reading_threads_stop_before_a_fork_and_the_rest_is_read_here(ledger_path, threaded):
    """Before the pool forks, the session stops its reading threads (a fork copies
    only the calling thread): with sources read ahead but not taken, that does not
    wait for ever, and what they did not read is read when asked for, once."""
    import threading

    from mali_facts.session import Session

    session = Session(load(ledger_path), cache=False)
    session._read_ahead(["a", "b", "c"])
    waiter = threading.Thread(target=session._settle, daemon=True)
    waiter.start()
    waiter.join(timeout=20)
    assert not waiter.is_alive(), "waited for ever"
    assert not any(t.is_alive() for t in session._reader._threads)
    assert [session.source(s).text for s in "cab"] == [C, A, B]
    assert threaded == {"a": 1, "b": 1, "c": 1}


@pytest.mark.parametrize("enabled", [True, False])
def test_verifying_leaves_the_collector_as_it_found_it_and_workers_collect(ledger_path, enabled):
    """The session pauses the cyclic collector while it builds results; after it, the
    collector is on or off as before, and a worker process (forked meanwhile) has it on."""
    import gc
    import signal

    from mali_facts.session import _start_worker

    (gc.enable if enabled else gc.disable)()
    try:
        check(ledger_path, cache=False, workers=1)
        assert gc.isenabled() is enabled
        handler = signal.getsignal(signal.SIGINT)
        gc.disable()
        try:
            _start_worker()
            assert gc.isenabled()
        finally:
            signal.signal(signal.SIGINT, handler)
    finally:
        gc.enable()


def test_a_results_location_is_looked_up_when_asked_once(ledger_path, monkeypatch):
    """Counting a source's lines is a pass over its text, and the JSON format never
    asks for a location: it is looked up when first asked for, and is the line
    index's (line, column) of the start."""
    import mali_facts.sources as sources
    from mali_facts.text.lines import LineIndex

    calls = []
    real = sources.SourceText.line_col
    monkeypatch.setattr(sources.SourceText, "line_col", lambda self, o: calls.append(o) or real(self, o))
    report, session = check(ledger_path, cache=False)
    as_json(report)
    assert calls == []
    placed = [e for e in report.evidence if e.start is not None]
    assert len(placed) == 6
    for _ in range(2):
        assert [e.location for e in placed] == [
            LineIndex(session.source(e.evidence.source).text).line_col(e.start) for e in placed]
    assert sorted(calls) == sorted(e.start for e in placed)
    assert [e.location for e in report.evidence if e.start is None] == [None]
