"""The worker pool's handler thread does not spin while results wait to be read
(the standard pool's does: thousands of turns for a few hundred jobs)."""

from __future__ import annotations

import multiprocessing.pool

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
