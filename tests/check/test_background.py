"""The statement check side by side with the session (issue 15): work done in a
forked child process (mali_facts.background) gives what it gives in this process,
and falls back to this process when the child fails."""

from __future__ import annotations

import json
import os
import sys

import pytest

from mali_facts import background

from .test_statement_cache import A, B, C, D, LEDGER

linux = pytest.mark.skipif(not background.can_fork(), reason="forks only on Linux with 2+ cores")


@linux
def test_the_value_is_computed_in_a_child_process():
    parent = os.getpid()
    result = background.start(lambda: (os.getpid(), [["seven"], []]))
    pid, value = result()
    assert pid != parent and value == [["seven"], []]
    assert result() == (pid, value)  # asked again: the same, no second wait


def test_without_fork_it_is_computed_here_at_once():
    calls = []
    result = background.start(lambda: calls.append(os.getpid()) or 7, fork=False)
    assert calls == [os.getpid()] and result() == 7 and calls == [os.getpid()]


@linux
@pytest.mark.parametrize("how", ["raises", "killed", "exits", "garbage"])
def test_a_child_that_fails_is_replaced_by_this_process(how):
    parent = os.getpid()

    def work():
        if os.getpid() != parent:  # only in the child
            if how == "raises":
                raise RuntimeError("boom")
            if how == "killed":
                import signal

                os.kill(os.getpid(), signal.SIGKILL)
            if how == "exits":
                os._exit(0)  # nothing sent
            if how == "garbage":
                return lambda: None  # cannot be pickled
        return ("here", os.getpid())

    assert background.start(work)() == ("here", parent)


@linux
def test_an_error_is_raised_here_as_without_a_child():
    def work():
        raise ValueError("bad input")

    result = background.start(work)
    with pytest.raises(ValueError, match="bad input"):
        result()
    with pytest.raises(ValueError, match="bad input"):  # asked again: raised again
        result()


@linux
def test_a_result_never_asked_for_leaves_no_child_behind():
    import time

    result = background.start(lambda: time.sleep(30))
    pid = result._pid
    del result  # the child is stopped and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _details(path, fork: bool):
    from mali_facts.consistency import StatementCache
    from mali_facts.ledger import load_ledger
    from mali_facts.session import Session
    from mali_facts.verify import start_statement_details

    ledger = load_ledger(path)
    cache = StatementCache.for_ledger(ledger)
    out = start_statement_details(ledger, Session(ledger, cache=False).sources(), cache, fork=fork)()
    return out, cache.stats, dict(cache._used), cache.path.read_bytes().partition(b"\n")[2]  # (signed by each cold run's own key)


@linux
def test_the_statement_check_in_a_child_says_what_it_says_here(make_ledger, tmp_path):
    """Cold and warm, forked and not: the same details, stats, kept records and cache
    file (a differential test against the in-process check)."""
    path = make_ledger(LEDGER, {"a.txt": A, "b.txt": B, "c.txt": C, "d.txt": D})
    cache = tmp_path / "cache"
    runs = {}
    for fork in (False, True):
        for run in ("cold", "warm"):
            if run == "cold" and cache.exists():
                import shutil

                shutil.rmtree(cache)
            runs[fork, run] = _details(path, fork)
    assert runs[True, "cold"][:3] == runs[False, "cold"][:3]
    assert runs[True, "warm"] == runs[False, "warm"]
    out, stats, used, _ = runs[True, "cold"]
    assert out == [[], ["seven"], ["Goita"], ["Keita"], ["Troops", "2012"]]
    assert stats == {"reused": 0, "checked": 5} and runs[True, "warm"][1] == {"reused": 5, "checked": 0}
    assert sorted(used.values()) == sorted(out)


@linux
def test_check_forks_the_statement_check_only_for_a_large_ledger(make_ledger, monkeypatch):
    """verify_ledger starts the check in a child from BACKGROUND_MIN_CLAIMS claims on;
    the JSON output is the same either way."""
    from mali_facts import verify
    from mali_facts.ledger import load_ledger
    from mali_facts.render.formats import CheckFormat
    from mali_facts.session import Session

    path = make_ledger(LEDGER, {"a.txt": A, "b.txt": B, "c.txt": C, "d.txt": D})
    forks = []
    real = background.start
    monkeypatch.setattr(background, "start", lambda fn, fork=None: forks.append(fork) or real(fn, fork))
    outputs = []
    for least in (6, 5):
        monkeypatch.setattr(verify, "BACKGROUND_MIN_CLAIMS", least)
        ledger = load_ledger(path)
        report = verify.verify_ledger(ledger, session=Session(ledger, cache=False), statements=False)
        outputs.append(CheckFormat.json.to_format().render(report, color=False))
    assert forks == [False, None]
    assert outputs[0] == outputs[1] and "unsupported detail 'seven'" in outputs[0]


@linux
def test_a_warm_run_does_not_fork(make_ledger, monkeypatch):
    """With results kept in the statement cache, the check takes them here: a fork
    would cost more than it saves. Cold (no cache file), it forks."""
    from mali_facts import verify
    from mali_facts.consistency import StatementCache
    from mali_facts.ledger import load_ledger
    from mali_facts.session import Session

    path = make_ledger(LEDGER, {"a.txt": A, "b.txt": B, "c.txt": C, "d.txt": D})
    monkeypatch.setattr(verify, "BACKGROUND_MIN_CLAIMS", 5)
    forks = []
    real = background.start
    monkeypatch.setattr(background, "start", lambda fn, fork=None: forks.append(fork) or real(fn, fork))
    stats = []
    for run in ("cold", "warm"):
        ledger = load_ledger(path)
        cache = StatementCache.for_ledger(ledger)
        verify.verify_ledger(ledger, session=Session(ledger, cache=False), statements=cache)
        stats.append(cache.stats)
    assert forks == [None, False]
    assert stats == [{"reused": 0, "checked": 5}, {"reused": 5, "checked": 0}]
