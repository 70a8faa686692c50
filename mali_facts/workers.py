"""Worker processes forked for a batch of jobs: :func:`fork_pool`.

A :class:`multiprocessing.pool.Pool` whose worker-handling thread sleeps until
it has something to do. The standard pool (CPython 3.8 and later) wakes that
thread whenever a result is waiting to be read, as well as when a worker exits
or the pool's task cache empties (bpo-35493); the thread does not read the
result (another thread does), so until that one has, it wakes again at once: a
busy loop of thousands of turns per run of hundreds of jobs, a quarter of a
second of CPU taken from the process that hands out the work. This pool wakes
it only for what it handles: a worker that exits, and the cache's and
close/terminate's notices. Results, and how jobs are handed out, are those of
the standard pool.

>>> pool = fork_pool(2)
>>> [r.get() for r in [pool.apply_async(abs, (-k,)) for k in range(3)]]
[0, 1, 2]
>>> pool.terminate(); pool.join()
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from typing import Callable, Optional

__all__ = ["fork_pool"]


class _QuietPool(multiprocessing.pool.Pool):
    def _get_sentinels(self):  # the worker sentinels are added by the thread itself
        return [self._change_notifier._reader]


def fork_pool(processes: int, initializer: Optional[Callable[[], None]] = None):
    """``processes`` worker processes, forked, each running ``initializer`` first."""
    return _QuietPool(processes, initializer=initializer, context=multiprocessing.get_context("fork"))
