"""Writing results to a file named by ``--output``: never over an input, and through
:mod:`mali_facts.atomic` (atomic for a regular file, in place for a device; links
followed, mode and owner kept). ``-o -`` means stdout."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

from mali_facts.errors import UsageError


def output_file(output: Optional[Path]) -> Optional[Path]:
    """``--output``'s file, or None for stdout (no option, or ``-``)."""
    if output is None or str(output) == "-":
        return None
    return output


def refuse_inputs(path: Path, ledger) -> None:
    """Raise UsageError when ``path`` leads to the ledger's claims file or one of its
    sources (by any name: symlinks and hard links lead to the same file)."""
    try:
        st = os.stat(path)
    except OSError:
        return  # nothing there yet (or a dangling link): not an input
    target = (st.st_dev, st.st_ino)
    inputs = [(ledger.path, "the claims file")]
    inputs += [(src.path, f"source {sid!r} ({src.file})") for sid, src in ledger.sources.items()
               if src.file]
    for file, what in inputs:
        try:
            other = os.stat(file)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == target:
            raise UsageError(f"--output {path} is {what}; writing the report there would destroy it",
                             hint="choose another file")


def write_atomic(path: Path, text: str, ledger=None) -> None:
    """Write ``text`` (UTF-8) to ``path`` (see :mod:`mali_facts.atomic`); ``-`` is stdout.
    Raises UsageError when ``path`` is one of the ``ledger``'s inputs or cannot be written."""
    from mali_facts.atomic import write_atomically

    if output_file(path) is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    if ledger is not None:
        refuse_inputs(Path(path), ledger)
    try:
        write_atomically(Path(path), text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}",
                         hint="check that the folder exists and the path is a writable file") from None
