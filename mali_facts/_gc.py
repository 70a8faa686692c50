"""Pausing Python's cyclic garbage collector while many acyclic objects are built:
a ledger, and the statement check's tokens.

Parsing and validating a 10,000-claim file makes some 600,000 objects (YAML nodes,
positions, the model) and no reference cycles. Every 700 allocations the collector
would walk the young ones again, for nothing: about half the time of a load. The
objects are freed by reference counting as usual, and any cycle by the next full
collection.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block (as it was after it).

    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            # Move what was built into the oldest generation at once (freeze, then
            # unfreeze, splices lists: no walk). Else the first allocations after the
            # pause would start a young collection that walks all of it (35 ms for a
            # 10,000-claim ledger), only to find it alive. Skipped when someone has
            # frozen objects: unfreezing would hand theirs back to the collector.
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
