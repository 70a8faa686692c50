"""Read the source texts a ledger names: bytes, sha256, UTF-8 text, line index.

This is the one place that reads a source file and decodes it
(:func:`read_source`, :func:`decode`); the verification session
(:mod:`mali_facts.session`) calls it once per source and keeps the result.
"""

from __future__ import annotations

import hashlib
import os
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from mali_facts.ledger import Source


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
    """A source's text as read in this run (decoded from UTF-8), its sha256, or why
    it cannot be read; with its line index, built when first needed."""

    source: Source
    text: Optional[str]          # None when the file cannot be read or decoded
    sha256: Optional[str]
    error: Optional[str] = None  # why text is None
    _lines: object = field(default=None, repr=False)
    _lookups: int = field(default=0, repr=False)
    _marks: Optional[list] = field(default=None, repr=False)  # (offset, line) looked up
    _archive: Optional[str] = field(default=None, repr=False)  # archive_warning(), once read

    def archive_warning(self) -> Optional[str]:
        """Why the source's archived original no longer has the sha256 the ledger pins
        (or cannot be read), or None. Read and hashed at most once per run, never cached
        across runs."""
        src = self.source
        if src is None or src.archive_path is None or src.archive_sha256 is None:
            return None
        if self._archive is None:
            try:
                digest = hashlib.sha256(read_limited(src.archive_path, src.archive,
                                                     "MAX_SOURCE_BYTES")).hexdigest()
            except (OSError, MemoryError) as exc:
                why = getattr(exc, "strerror", None) or str(exc) or "not enough memory"
                self._archive = (f"archive {src.archive} cannot be read ({why}); restore the "
                                 "archived original, or remove the 'archive' key")
            else:
                self._archive = "" if digest == src.archive_sha256 else (
                    f"archive {src.archive} changed: its sha256 is {digest}, the ledger pins "
                    f"{src.archive_sha256}; restore the archived original, or update the "
                    "archive's sha256")
        return self._archive or None

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

        The first few lookups count line breaks directly, from the nearest offset
        already looked up before this one (so a text asked in order is read once);
        a text asked many times gets a line index (building one costs a pass over
        the whole text).

        >>> src = SourceText(None, "ab\\ncd\\n\\nef", None)
        >>> [src.line_col(o) for o in (9, 0, 4, 7, 3)]
        [(4, 3), (1, 1), (2, 2), (4, 1), (2, 1)]
        """
        if self._lines is None and self._lookups < 64:
            self._lookups += 1
            text = self.text or ""
            marks = self._marks
            if marks is None:
                marks = self._marks = [(0, 1)]
            base, line = marks[-1]
            if offset >= base:  # (asked in order: from the last one)
                if offset != base:
                    line += text.count("\n", base, offset)
                    marks.append((offset, line))
            else:
                k = bisect_right(marks, (offset, float("inf"))) - 1
                base, line = marks[k]
                line += text.count("\n", base, offset)
                if base != offset:
                    marks.insert(k + 1, (offset, line))
            return line, offset - text.rfind("\n", 0, offset)
        return self.lines.line_col(offset)


def file_kind(path) -> Optional[str]:
    """What ``path`` is when it is not a regular file (following symlinks), or None
    for a regular file: "missing", "a directory", "a FIFO (named pipe)", "a device",
    "a socket", or "unreadable: <why>".

    >>> file_kind("/dev/null"), file_kind("/"), file_kind("/no/such/file")
    ('a device', 'a directory', 'missing')
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    return _kind(st.st_mode)


def _kind(mode: int) -> Optional[str]:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - a door, a whiteout...


class Refused(OSError):
    """A file that is not read: not a regular file, or over its size limit.
    ``str()`` is the whole one-line message."""

    def __str__(self) -> str:
        return self.args[0]


def read_limited(path, shown: str, limit_name: str) -> bytes:
    """The bytes of the regular file ``path``, refusing anything else, and files over
    the limit ``limit_name`` (see :mod:`mali_facts.limits`). Raises OSError with a
    one-line message (``seeds/x is a FIFO (named pipe), not a regular file``)
    as :class:`Refused`, or OSError when it cannot be opened.

    The file is opened without blocking (a FIFO would wait for a writer), then
    checked with ``fstat``: what is read is what was checked.
    """
    from mali_facts.limits import limit, raise_hint, size


    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind is not None:
            raise Refused(f"{shown} is {kind}, not a regular file")
        most = limit(limit_name)
        if st.st_size > most:
            raise Refused(f"{shown} is {size(st.st_size)}, over the limit of {size(most)} "
                             f"({raise_hint(limit_name)} bytes)")
        data = f.read()
        if len(data) > most:  # it grew since fstat
            raise Refused(f"{shown} is over the limit of {size(most)} "
                             f"({raise_hint(limit_name)} bytes)")
        return data


class RawSource(NamedTuple):
    """A source file's bytes and their sha256 (:func:`read_bytes`), or why it could not
    be read (``error``, with ``data`` and ``sha256`` None)."""

    source: Source
    data: Optional[bytes]
    sha256: Optional[str]
    error: Optional[str] = None


def read_bytes(source: Source) -> RawSource:
    """Read and hash ``source``'s file (no decoding: reading and hashing release the
    GIL, so threads can do this part; :func:`decode_source` does the rest)."""
    try:
        data = read_limited(source.path, source.file, "MAX_SOURCE_BYTES")
    except OSError as exc:
        if isinstance(exc, Refused):
            return RawSource(source, None, None, str(exc))
        return RawSource(source, None, None, f"cannot read {source.file}: {exc.strerror}")
    except MemoryError:
        return RawSource(source, None, None, f"{source.file}: not enough memory to read it")
    return RawSource(source, data, hashlib.sha256(data).hexdigest())


def decode_source(raw: RawSource) -> SourceText:
    """The :class:`SourceText` of what :func:`read_bytes` read."""
    if raw.data is None:
        return SourceText(raw.source, None, None, raw.error)
    try:
        text = decode(raw.data)
    except NotUTF8 as exc:
        return SourceText(raw.source, None, raw.sha256, f"{raw.source.file}:{exc}")
    return SourceText(raw.source, text, raw.sha256)


def read_source(source: Source) -> SourceText:
    """``source`` read, hashed and decoded."""
    return decode_source(read_bytes(source))
