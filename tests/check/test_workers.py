"""The worker pool's handler thread does not spin while results wait to be read
(the standard pool's does: thousands of turns for a few hundred jobs)."""

from __future__ import annotations

import multiprocessing.pool

import pytest

from mali_facts.workers import fork_pool


def test_the_worker_handler_sleeps_while_results_are_read(monkeypatch):
    turns = []
    wait = multiprocessing.pool.Pool._wait_for_updates

    def counting(*args, **kwargs):
        turns.append(1)
        return wait(*args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_wait_for_updates", staticmethod(counting))
    pool = fork_pool(2)
    try:
        results = [pool.apply_async(pow, (k, 2)) for k in range(400)]
        assert [r.get(timeout=60) for r in results] == [k * k for k in range(400)]
    finally:
        pool.close()
        pool.join()
    # one turn to start, one when the cache empties, one at close; a few spare
    assert len(turns) <= 10, len(turns)


def small_ledger(tmp_path, monkeypatch):
    """Four sources, two quotes each for the engine (a re-wrapped one, a misquote)."""
    import yaml

    from mali_facts.ledger import load_ledger

    words = "the junta said that the officers trained in the United States led it".split()
    data = {"version": 1, "sources": [], "claims": []}
    for i in range(4):
        text = "\n".join(" ".join(words[(k + i) % 5:] + words[:(k + i) % 5]) + "." for k in range(40))
        (tmp_path / f"s{i}.txt").write_text(text, encoding="utf-8")
        data["sources"].append({"id": f"s{i}", "file": f"s{i}.txt", "title": f"S{i}"})
        for n, quote in enumerate(["said that the officers trained in the\nUnited States",
                                   "the junta said that the soldiers trained"]):
            data["claims"].append({"id": f"c{i}-{n}", "statement": "A statement.",
                                   "evidence": [{"source": f"s{i}", "quote": quote}]})
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return load_ledger(path)


def test_texts_read_before_the_fork_are_not_sent_to_the_workers(tmp_path, monkeypatch):
    """The workers are forked after the session read these sources: a job names its
    source and the worker finds the text it inherited; a source read after the fork
    goes as bytes. The results are those of one process."""
    from mali_facts.session import Session
    from mali_facts.workers import _QuietPool

    ledger = small_ledger(tmp_path, monkeypatch)

    sent = []
    real = _QuietPool.apply_async

    def apply_async(self, fn, args=(), *rest, **kwargs):
        sent.append(type(args[0]).__name__)
        return real(self, fn, args, *rest, **kwargs)

    monkeypatch.setattr(_QuietPool, "apply_async", apply_async)
    serial = Session(ledger, cache=False, workers=1).verify_claims(ledger.claims)
    all_read = Session(ledger, cache=False, workers=2)
    all_read.sources()  # as `check` does at 200 claims and more
    assert all_read.verify_claims(ledger.claims) == serial
    assert sent == ["tuple"] * 4
    sent.clear()
    as_read = Session(ledger, cache=False, workers=2)  # two read before the fork, two after
    assert as_read.verify_claims(ledger.claims) == serial
    assert sent == ["tuple", "tuple", "bytes", "bytes"]


@pytest.mark.parametrize("busy_min_quotes, workers", [(100, 0), (8, 2)])
def test_with_the_statement_check_in_a_child_workers_start_only_for_much_work(
        tmp_path, monkeypatch, busy_min_quotes, workers):
    """`check` at many claims checks the statements in a child process, which has a
    core: on two cores, a few quotes for the engine are searched in this process,
    and workers start only when BUSY_MIN_QUOTES quotes wait. Same results."""
    from mali_facts import session as session_module
    from mali_facts import verify as verify_module
    from mali_facts.session import Session
    from mali_facts.verify import verify_ledger

    ledger = small_ledger(tmp_path, monkeypatch)
    serial = Session(ledger, cache=False, workers=1).verify_claims(ledger.claims)
    monkeypatch.setattr(verify_module, "BACKGROUND_MIN_CLAIMS", 2)
    monkeypatch.setattr(session_module, "PARALLEL_MIN_CHARS", 1)
    monkeypatch.setattr(session_module, "BUSY_MIN_QUOTES", busy_min_quotes)
    monkeypatch.setattr(Session, "_cores", lambda self: 2)
    session = Session(ledger, cache=False)
    report = verify_ledger(ledger, session=session, statements=False)
    assert session.stats["workers"] == workers
    assert session.busy_cores == 0
    assert [c.evidence for c in report.claims] == serial
