"""Where mali-facts keeps what it can rebuild: the search index and validated ledgers.

Everything here is a cache: deleting the folder loses nothing but time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """``$MALI_FACTS_CACHE``, else ``$XDG_CACHE_HOME/mali-facts``, else ``~/.cache/mali-facts``."""
    explicit = os.environ.get("MALI_FACTS_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mali-facts"


def path_key(path: Path) -> str:
    """A short, stable file name for what belongs to the file at ``path``.

    >>> len(path_key(Path("claims.yaml")))
    24
    """
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]


def write_quietly(path: Path, data: bytes) -> bool:
    """Write a cache file atomically, making its folder; False (and no exception) if it
    cannot be written: a cache that cannot be kept only costs time."""
    from mali_facts.atomic import write_atomically

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data, mode=0o600, replace=True)  # a planted link leads nowhere
    except OSError:
        return False
    return True
