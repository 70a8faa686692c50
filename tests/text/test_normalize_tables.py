"""Tables the fold engine writes out instead of computing at each start-up (issue 15)."""

from __future__ import annotations

import sys

from mali_facts.text import normalize as N


def test_whitespace_table_is_every_space_but_the_space():
    computed = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != 0x20]
    assert N._WS_CHARS == computed
