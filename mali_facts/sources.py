"""Read the source texts a ledger names: bytes, sha256, UTF-8 text, line index."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional

from mali_facts.model import Ledger, Source


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

    def line_col(self, offset: int):
        """1-based (line, column) of a code-point offset.

        The first few lookups count line breaks directly; a text asked many times
        gets a line index (building one costs a pass over the whole text).
        """
        text = self.text or ""
        if self._lines is None and self._lookups < 8:
            self._lookups += 1
            line_start = text.rfind("\n", 0, offset) + 1
            return text.count("\n", 0, offset) + 1, offset - line_start + 1
        if self._lines is None:
            from mali_facts.text.lines import LineIndex

            self._lines = LineIndex(text)
        return self._lines.line_col(offset)


def read_source(source: Source) -> SourceText:
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        return SourceText(source, None, None, f"cannot read {source.file}: {exc.strerror}")
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return SourceText(source, None, digest,
                          f"{source.file}:{line}: not valid UTF-8 (byte {exc.start}); save it as UTF-8")
    return SourceText(source, text, digest)


def read_sources(ledger: Ledger) -> Dict[str, SourceText]:
    return {sid: read_source(src) for sid, src in ledger.sources.items()}
