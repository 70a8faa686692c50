"""Writing results to a file: atomically, so that a reader (code scanning, a CI
step, an editor) never sees half a report."""

from __future__ import annotations

from pathlib import Path

from mali_facts.errors import UsageError


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (see :mod:`mali_facts.atomic`).
    Raises UsageError when the file cannot be written."""
    from mali_facts.atomic import write_atomically

    try:
        write_atomically(Path(path), text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}",
                         hint="check that the folder exists and the path is a writable file") from None
