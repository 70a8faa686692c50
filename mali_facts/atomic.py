"""The one place mali-facts writes a user's file (a report, the claims file, a cache
entry). A write never leaves half a file, never turns a link or a device into a
plain file, and never changes who owns the file or who may read it:

- a regular file is written to a temporary file in the same folder, flushed to
  disk (fsync), given the old file's mode and owner, and renamed over it; the
  folder is synced too, so the rename survives a crash;
- a symbolic link is followed, as a shell redirect follows it: its target is
  written (and created when the link dangles); the link stays a link;
- a file with more than one hard link is written in place (truncated, then
  written and synced), so that every name still shows the same file. This is
  the one write that is not atomic: a rename would leave the other names with
  the old bytes, and no rename can reach them;
- a device, a FIFO or a socket is opened and written in place (``-o /dev/null``
  stays a device);
- with ``expected_sha256`` or ``expected_stat``, the write is refused with
  :class:`FileChanged` when the file is not what the caller read: someone
  changed it underneath (for an editor that re-reads, re-checks and writes).
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Optional, Union

NEW_FILE_MODE = 0o644


class FileChanged(OSError):
    """The file is not what the caller read before writing it: the write was refused."""


def write_atomically(path: Union[str, Path], data: bytes, *, mode: Optional[int] = None,
                     expected_sha256: Optional[str] = None,
                     expected_stat: Optional[os.stat_result] = None,
                     replace: bool = False) -> None:
    """Write ``data`` to ``path`` (see the module's docstring for links and devices).

    ``mode`` sets the permission bits; by default an existing file keeps its own
    and a new file gets 0644. ``expected_sha256`` (of the bytes read) or
    ``expected_stat`` (an ``os.stat`` of the file when it was read: size, mtime,
    inode) make the write fail with :class:`FileChanged` when the file differs
    now, or is gone. With ``replace=True`` the name always gets a new regular file,
    whatever was there (no link followed, nothing written in place): for files that
    are ours alone, such as cache entries, where a planted link must lead nowhere.
    Raises OSError (and leaves no temporary file) on failure.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "x.txt"
    >>> write_atomically(p, b"ok"); p.read_bytes()
    b'ok'
    >>> try:
    ...     write_atomically(p, b"new", expected_sha256=hashlib.sha256(b"stale").hexdigest())
    ... except FileChanged as exc:
    ...     print(exc.strerror, p.read_bytes())
    changed since it was read b'ok'
    """
    target = Path(path) if replace else Path(os.path.realpath(path))
    try:
        st: Optional[os.stat_result] = os.lstat(target) if replace else os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, os.strerror(21), str(path))
    _check_unchanged(target, st, expected_sha256, expected_stat)
    if replace:
        _replace(target, data, None, NEW_FILE_MODE if mode is None else mode,
                 expected_sha256, expected_stat)
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "wb") as handle:  # a device or a FIFO: as a shell redirect does
            handle.write(data)
        return
    if st is not None and st.st_nlink > 1:
        _write_in_place(target, data, mode)
        return
    _replace(target, data, st, mode, expected_sha256, expected_stat)


def _replace(target: Path, data: bytes, st: Optional[os.stat_result], mode: Optional[int],
             expected_sha256: Optional[str], expected_stat: Optional[os.stat_result]) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if mode is None:
                mode = stat.S_IMODE(st.st_mode) if st is not None else NEW_FILE_MODE
            os.fchmod(handle.fileno(), mode)
            if st is not None:
                _keep_owner(handle.fileno(), st)
            os.fsync(handle.fileno())
        # the last look before the rename: the window is the rename itself
        _check_unchanged(target, _stat(target), expected_sha256, expected_stat)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _sync_folder(folder)


def _write_in_place(target: Path, data: bytes, mode: Optional[int]) -> None:
    with open(target, "r+b") as handle:
        handle.truncate(0)
        handle.write(data)
        handle.flush()
        if mode is not None:
            os.fchmod(handle.fileno(), mode)
        os.fsync(handle.fileno())


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as we are allowed
    (root may; others may keep a group they belong to)."""
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        try:
            os.fchown(fd, -1, st.st_gid)
        except PermissionError:
            pass


def _stat(path: Path) -> Optional[os.stat_result]:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _check_unchanged(target: Path, st: Optional[os.stat_result], expected_sha256: Optional[str],
                     expected_stat: Optional[os.stat_result]) -> None:
    if expected_sha256 is None and expected_stat is None:
        return
    import errno

    def changed(why: str) -> FileChanged:
        return FileChanged(errno.ESTALE, why, str(target))

    if st is None:
        raise changed("removed since it was read")
    if expected_stat is not None and (
            (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)
            != (expected_stat.st_size, expected_stat.st_mtime_ns, expected_stat.st_ino,
                expected_stat.st_dev)):
        raise changed("changed since it was read")
    if expected_sha256 is not None:
        h = hashlib.sha256()
        with open(target, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != expected_sha256:
            raise changed("changed since it was read")


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we may not open: the rename is done
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse it
        pass
    finally:
        os.close(fd)
