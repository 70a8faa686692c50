"""Read the source texts a ledger names: bytes, sha256, UTF-8 text, line index.

This is the one place that reads a source file and decodes it
(:func:`read_source`, :func:`decode`); the verification session
(:mod:`mali_facts.session`) calls it once per source and keeps the result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from mali_facts.model import Source


class NotUTF8(ValueError):
    """Bytes that do not decode as UTF-8: ``line`` (1-based) and ``byte`` (0-based offset)
    of the first bad byte.

    >>> try:
    ...     decode(b"ok\\nbad \\xff")
    ... except NotUTF8 as exc:
    ...     print(exc.line, exc.byte, str(exc))
    2 7 2: not valid UTF-8 (byte 7); save it as UTF-8
    """

    def __init__(self, line: int, byte: int) -> None:
        super().__init__(f"{line}: not valid UTF-8 (byte {byte}); save it as UTF-8")
        self.line, self.byte = line, byte


def decode(data: bytes) -> str:
    """``data`` decoded as UTF-8, or :class:`NotUTF8` saying where it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUTF8(data[: exc.start].count(b"\n") + 1, exc.start) from None


@dataclass
class SourceText:
    source: Source
    text: Optional[str]          # None when the file cannot be read or decoded
    sha256: Optional[str]
    error: Optional[str] = None  # why text is None
    _lines: object = field(default=None, repr=False)
    _lookups: int = field(default=0, repr=False)

    @property
    def pinned_ok(self) -> bool:
        """False when the ledger pins a sha256 and the file no longer has it."""
        return self.source.sha256 is None or self.source.sha256 == self.sha256

    @property
    def lines(self):
        """The text's :class:`~mali_facts.text.lines.LineIndex`, built on first use."""
        if self._lines is None:
            from mali_facts.text.lines import LineIndex

            self._lines = LineIndex(self.text or "")
        return self._lines

    def line_col(self, offset: int):
        """1-based (line, column) of a code-point offset.

        The first few lookups count line breaks directly; a text asked many times
        gets a line index (building one costs a pass over the whole text).
        """
        if self._lines is None and self._lookups < 64:
            self._lookups += 1
            text = self.text or ""
            line_start = text.rfind("\n", 0, offset) + 1
            return text.count("\n", 0, offset) + 1, offset - line_start + 1
        return self.lines.line_col(offset)


def read_source(source: Source) -> SourceText:
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        return SourceText(source, None, None, f"cannot read {source.file}: {exc.strerror}")
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = decode(data)
    except NotUTF8 as exc:
        return SourceText(source, None, digest, f"{source.file}:{exc}")
    return SourceText(source, text, digest)
