"""Where mali-facts keeps what it can rebuild: the search index, validated ledgers,
where quotes were found and the statement check's results; and the signed file
(:class:`SignedCache`) the last two are kept in.

Everything here is a cache: deleting the folder loses nothing but time.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional


def cache_dir() -> Path:
    """``$MALI_FACTS_CACHE``, else the platform's user cache folder for mali-facts
    (platformdirs: ``$XDG_CACHE_HOME/mali-facts`` or ``~/.cache/mali-facts`` on Linux,
    ``~/Library/Caches/mali-facts`` on macOS, ``%LOCALAPPDATA%\\mali-facts\\Cache`` on
    Windows)."""
    explicit = os.environ.get("MALI_FACTS_CACHE")
    if explicit:
        return Path(explicit)
    common = _xdg_cache_dir()
    if common is not None:
        return common
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mali-facts", appauthor=False))


def _xdg_cache_dir() -> Optional[Path]:
    """The folder platformdirs gives on Linux in the common case, without importing it
    (about 3 ms of every run, a twentieth of `check`'s start-up): ``$XDG_CACHE_HOME``
    when it is absolute, else ``$HOME/.cache`` when ``HOME`` is absolute, then
    ``mali-facts``. None elsewhere (another system, Android, no usable ``HOME``):
    platformdirs decides. ``tests/cli/test_cache_dir.py`` holds the two equal."""
    if not sys.platform.startswith("linux") or "ANDROID_DATA" in os.environ:
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base.startswith("/"):
        home = os.environ.get("HOME", "")
        if not home.startswith("/"):
            return None
        base = home.rstrip("/") + "/.cache"
    return Path(base, "mali-facts")


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


def read_own(path: Path) -> Optional[bytes]:
    """The bytes of ``path`` if it is a regular file of this user that no one else may
    write (a link is not followed, a FIFO is not waited on), else None."""
    import stat

    try:  # not blocking on a FIFO planted there
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid()
                or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        return handle.read()


def file_stamp(*paths: Path) -> str:
    """The tool's version and the size and mtime of ``paths`` (the code a cached result
    was computed by), each named by its folder and name (``text/locate.py``): a cache
    keyed by it is not reused by other code. Every cache that depends on the code
    stamps it here."""
    from mali_facts import __version__

    parts = [__version__]
    for path in map(Path, paths):
        try:
            st = os.stat(path)
            parts.append(f"{path.parent.name}/{path.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:  # pragma: no cover - a zipped install: the version is the key
            pass
    return "\0".join(parts)


def folder_secret(folder: Path, *, create: bool = False) -> Optional[bytes]:
    """The random key (32 bytes) that signs the files of the cache folder ``folder``:
    its file ``key``, if it is this user's own (see :func:`read_own`); made (mode
    0600) when ``create`` and there is none. None when there is none to be had."""
    path = folder / "key"
    secret = read_own(path)
    if secret is not None and len(secret) == 32:
        return secret
    if not create:
        return None
    secret = os.urandom(32)
    return secret if write_quietly(path, secret) else None


class SignedCache:
    """A map from keys to JSON records, kept between runs in one file of the cache
    folder and signed, so that only what this user's mali-facts wrote is read back.

    The file holds a first line with the format (:attr:`FORMAT`) and an HMAC-SHA256 of
    the rest, then the JSON map. The HMAC's key is a random one kept next to it
    (``key``, made on first write, mode 0600). A file with another format or a wrong
    signature, a damaged one, one of another user or one others may write is not read
    (the run computes everything again). With ``trust=False`` (a CI run) records are
    written but never read. :meth:`save` keeps the records used or made in this run.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> cache = SignedCache(folder / "x.json")
    >>> cache.keep_record("k", [1, "a"]); cache.save()
    True
    >>> SignedCache(folder / "x.json").record("k"), SignedCache(folder / "x.json", trust=False).record("k")
    ([1, 'a'], None)
    """

    FORMAT = 1

    def __init__(self, path: Optional[Path], *, trust: bool = True) -> None:
        self.path = path
        self.trust = trust  # False: records are written, never read
        self._entries: Optional[Dict[str, Any]] = None
        self._used: Dict[str, Any] = {}

    def _secret(self, create: bool = False) -> Optional[bytes]:
        """The random key that signs this folder's files (made on first write)."""
        return folder_secret(self.path.parent, create=create)

    @staticmethod
    def _sign(secret: bytes, body: str) -> str:
        import hmac

        return hmac.new(secret, body.encode("utf-8"), "sha256").hexdigest()

    def entries(self) -> Dict[str, Any]:
        """Every record of the file, if it may be read (see the class); else {}."""
        if self._entries is None:
            self._entries = {}
            secret = self._secret() if self.path is not None and self.trust else None
            data = read_own(self.path) if secret is not None else None
            if data is not None:
                try:
                    head, _, body = data.decode("utf-8").partition("\n")
                    if head == f"{self.FORMAT} {self._sign(secret, body)}":
                        import json

                        entries = json.loads(body)
                        if isinstance(entries, dict):
                            self._entries = entries
                except (OSError, ValueError):
                    pass  # missing, damaged or not signed with our key: compute again
        return self._entries

    def record(self, key: str) -> Any:
        """The record kept for ``key``, or None."""
        return self.entries().get(key)

    def keep_record(self, key: str, record: Any) -> None:
        """Keep ``record`` for ``key`` (written by :meth:`save`)."""
        self._used[key] = record

    def save(self) -> bool:
        """Write the records used or made in this run (others are dropped), if changed."""
        if self.path is None:
            return False
        if self._entries is not None and self._used == self._entries:
            return False
        if self._entries is None and not self._used:
            return False
        secret = self._secret(create=True)
        if secret is None:
            return False
        import json

        body = json.dumps(self._used, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        head = f"{self.FORMAT} {self._sign(secret, body)}"
        return write_quietly(self.path, f"{head}\n{body}".encode("utf-8"))
