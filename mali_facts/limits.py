"""The budgets that keep hostile input from exhausting time or memory.

Every limit has a documented default and can be changed with an environment
variable (see docs/hostile.md). An input past a limit is refused with a one-line
message that names the limit and the variable that raises it.

>>> limit("MAX_QUOTE_CHARS")
10000
>>> import os; os.environ["MALI_FACTS_MAX_QUOTE_CHARS"] = "12"
>>> limit("MAX_QUOTE_CHARS")
12
>>> os.environ["MALI_FACTS_MAX_QUOTE_CHARS"] = "lots"; limit("MAX_QUOTE_CHARS")
10000
>>> del os.environ["MALI_FACTS_MAX_QUOTE_CHARS"]
"""

from __future__ import annotations

import os

#: name -> (default, what it bounds). The variable is ``MALI_FACTS_<name>``.
DEFAULTS = {
    "MAX_SOURCE_BYTES": (256 * 1024 * 1024, "bytes in one source file"),
    "MAX_CLAIMS_BYTES": (8 * 1024 * 1024, "bytes in a claims file"),
    "MAX_STATEMENT_CHARS": (5_000, "characters in one claim statement"),
    "MAX_QUOTE_CHARS": (10_000, "characters in one quote"),
    "MAX_QUERY_CHARS": (1_000, "characters in a search query"),
    "MAX_SEARCH_LIMIT": (1_000, "results of each kind that `search --limit` may ask for"),
    "MAX_CONTEXT_CHARS": (400, "characters of source text `show` prints on each side of a quote, "
                               "and `coverage` prints of a sentence"),
}


def variable(name: str) -> str:
    return f"MALI_FACTS_{name}"


def limit(name: str) -> int:
    """The limit ``name``: ``$MALI_FACTS_<name>`` when it is a positive integer, else the default."""
    default = DEFAULTS[name][0]
    raw = os.environ.get(variable(name), "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return default


def size(n: int) -> str:
    """A byte count for a message.

    >>> size(268435456), size(2048), size(17)
    ('256 MiB', '2 KiB', '17 bytes')
    """
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f} {unit}" if value == int(value) or value >= 10 else f"{value:.1f} {unit}"
    return f"{n} bytes"


def raise_hint(name: str) -> str:
    """How to raise a limit, for a message's hint."""
    return f"set {variable(name)} to raise the limit of {limit(name)}"
