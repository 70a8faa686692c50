"""Find and read a claims file, then validate it (:mod:`mali_facts.ledger.validate`).

:func:`resolve_claims_path` picks the ledger a command works on (``--claims``,
``./claims.yaml`` or the embedded one); :func:`load_ledger` reads it within its size
limit, decodes it and validates it; :func:`load_ledger_text` validates an edit
before it is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from mali_facts.errors import LedgerError, UsageError
from mali_facts.ledger.model import Ledger


def packaged_claims() -> Optional[Path]:
    """The ledger shipped with the package (a wheel), or the repository's for a checkout."""
    package = Path(__file__).resolve().parents[1]  # mali_facts/
    for candidate in (package / "_ledger" / "claims.yaml", package.parent / "claims.yaml"):
        if candidate.is_file():
            return candidate
    return None


def resolve_claims_path(explicit: Optional[Union[str, Path]] = None) -> Path:
    """``--claims PATH`` if given, else ``./claims.yaml``, else the embedded ledger.

    The embedded ledger is used only when nothing at all is named ``claims.yaml``
    here: a folder, a dangling symlink or an unreadable file of that name is an
    error (UsageError), never a reason to check another ledger.
    """
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            from mali_facts.sources import file_kind

            kind = file_kind(path)
            if kind not in (None, "missing"):
                raise UsageError(f"the claims file {path} is {kind}, not a regular file",
                                 hint="pass a claims file to --claims")
            raise UsageError(f"no such claims file: {path}",
                             hint="pass an existing file to --claims")
        return path
    local = Path("claims.yaml")
    if os.path.lexists(local):
        _check_local(local)
        return local
    packaged = packaged_claims()
    if packaged is None:
        raise UsageError("no claims.yaml here and no embedded ledger in the package",
                         hint="pass one with --claims PATH")
    return packaged


def is_embedded(path: Path) -> bool:
    """Whether ``path`` (from :func:`resolve_claims_path`) is the embedded ledger, used
    because no ``./claims.yaml`` exists and no ``--claims`` was given."""
    return path.is_absolute() and path == packaged_claims()


def _check_local(local: Path) -> None:
    """Raise UsageError unless ``local`` leads to a regular file that can be opened."""
    import stat

    fix = "pass a claims file with --claims PATH"
    try:
        st = os.stat(local)
    except FileNotFoundError:
        raise UsageError("is a symbolic link to a file that does not exist", path=local,
                         hint=f"fix the link, or {fix}") from None
    except OSError as exc:
        raise UsageError(f"cannot read the claims file: {exc.strerror}", path=local,
                         hint=f"fix it, or {fix}") from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError("is a folder, not a claims file", path=local,
                         hint=f"rename or remove it, or {fix}")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError("is not a regular file", path=local, hint=fix)
    try:
        with open(local, "rb"):
            pass
    except OSError as exc:
        raise UsageError(f"cannot read the claims file: {exc.strerror}", path=local,
                         hint=f"fix its permissions, or {fix}") from None


def display_path(path: Path) -> str:
    """A path as users want to see it in messages: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_ledger(path: Union[str, Path]) -> Ledger:
    """Read, parse and validate ``path``. Raises LedgerError/LedgerInvalid on bad input."""
    path = Path(path)
    shown = display_path(path)
    from mali_facts.sources import Refused, read_limited

    try:
        data = read_limited(path, shown, "MAX_CLAIMS_BYTES")
    except Refused as exc:
        raise LedgerError(str(exc)) from None
    except OSError as exc:
        raise LedgerError(f"cannot read the claims file: {exc.strerror}", path=shown) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LedgerError("the claims file is not valid UTF-8", path=shown, line=line,
                          hint="save it as UTF-8") from None
    from mali_facts.ledger.validate import validate

    return validate(text, path, shown)


def load_ledger_text(text: str, path: Union[str, Path]) -> Ledger:
    """Validate ``text`` as if it were the contents of ``path`` (source files are
    looked up next to ``path``): how a writer checks an edit before it lands."""
    from mali_facts.ledger.validate import validate

    path = Path(path)
    return validate(text, path, display_path(path))
