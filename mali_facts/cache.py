"""Where mali-facts keeps what it can rebuild: the search index and validated ledgers.

Everything here is a cache: deleting the folder loses nothing but time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """``$MALI_FACTS_CACHE``, else the platform's user cache folder for mali-facts
    (platformdirs: ``$XDG_CACHE_HOME/mali-facts`` or ``~/.cache/mali-facts`` on Linux,
    ``~/Library/Caches/mali-facts`` on macOS, ``%LOCALAPPDATA%\\mali-facts\\Cache`` on
    Windows)."""
    explicit = os.environ.get("MALI_FACTS_CACHE")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mali-facts", appauthor=False))


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
