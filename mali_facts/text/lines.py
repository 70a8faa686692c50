"""Offset → (line, column) lookup.

>>> idx = LineIndex("ab\\ncd\\n")
>>> idx.line_col(0), idx.line_col(4), idx.line_start(2)
((1, 1), (2, 2), 3)
"""

from __future__ import annotations

from bisect import bisect_right
from typing import List, Tuple

__all__ = ["LineIndex"]


class LineIndex:
    """Line starts of a text; lines are split at ``\\n`` (``\\r\\n`` ends in ``\\n``)."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        starts: List[int] = [0]
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.starts = starts

    def line_col(self, offset: int) -> Tuple[int, int]:
        """1-based line and 1-based column (code points) of ``offset``."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} outside the text")
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        if not 1 <= line <= len(self.starts):
            raise ValueError(f"line {line} outside the text")
        return self.starts[line - 1]
