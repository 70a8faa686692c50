"""Writing a file atomically: through a temporary file in the same folder and a
rename, so that a reader (code scanning, a CI step, another mali-facts) never
sees half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path``; raises OSError (and leaves no temporary file) on failure.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "x.txt"
    >>> write_atomically(p, b"ok"); p.read_bytes()
    b'ok'
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
