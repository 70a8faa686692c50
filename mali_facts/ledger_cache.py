"""Validated ledgers, kept between runs so that a large claims file is not parsed
and validated again while nothing it depends on has changed.

A ledger is valid for the bytes of its claims file *and* for the files its
sources resolve to. The cache entry (in ``cache_dir()/ledgers/``: a line with the
format, the key and the sha256 of the rest, then JSON) is used only when all of
these still hold:

- the claims file's bytes have the sha256 recorded with it, and this is the same
  version of mali-facts (and of its validating code) that recorded it;
- the entry is intact (its JSON has the sha256 recorded on its first line);
- the claims file's folder resolves to the same place;
- every source's path still leads to a regular file, the same one (device and
  inode, following symlinks) that validation resolved it to.

Anything else, including an unreadable or foreign entry, means a full
:func:`mali_facts.ledger.load_ledger`, whose errors are raised as usual; an
invalid ledger is never cached. Tiny claims files (under :data:`MIN_BYTES`)
are not cached at all. Any larger one is: reading an entry spares importing
PyYAML (about 70 ms) as well as parsing and validating.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Dict, Optional, Union

from mali_facts import __version__
from mali_facts.cache import cache_dir, path_key, write_quietly
from mali_facts.model import Claim, Entity, Evidence, Ledger, PartialDate, Review, Source

FORMAT = 1
MIN_BYTES = 4 * 1024
_CLASSES = {c.__name__: c for c in (Claim, Entity, Evidence, PartialDate, Review, Source)}


def load_ledger_cached(path: Union[str, Path], *, root: Optional[Path] = None) -> Ledger:
    """:func:`mali_facts.ledger.load_ledger`, served from the cache when it may be.

    ``root`` overrides :func:`mali_facts.cache.cache_dir`.
    """
    from mali_facts.ledger import load_ledger

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return load_ledger(path)  # it says what is wrong
    if len(data) < MIN_BYTES:
        return load_ledger(path)
    entry = (root or cache_dir()) / "ledgers" / f"{path_key(path)}.json"
    key = _key(data)
    ledger = _read(entry, key, path, data)
    if ledger is None:
        ledger = load_ledger(path)
        write_quietly(entry, _encode_entry(key, path, ledger))
    return ledger


def _key(data: bytes) -> str:
    """The claims file's bytes, and the code that validates them."""
    h = hashlib.sha256(data)
    h.update(f"\0{FORMAT}\0{__version__}".encode())
    for module in ("ledger.py", "model.py", "yamlpos.py", "ledger_cache.py"):
        try:
            st = os.stat(Path(__file__).with_name(module))
            h.update(f"\0{module}:{st.st_size}:{st.st_mtime_ns}".encode())
        except OSError:  # pragma: no cover - a zipped install: the version is the key
            pass
    return h.hexdigest()


def _identity(path: str) -> Optional[list]:
    """``[device, inode]`` of the regular file ``path`` leads to, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino] if stat.S_ISREG(st.st_mode) else None


def _encode_entry(key: str, path: Path, ledger: Ledger) -> bytes:
    folder = str(path.parent.resolve())
    files = {sid: _identity(str(src.path)) for sid, src in ledger.sources.items()}
    body = json.dumps({"folder": folder, "files": files,
                       "ledger": _encode(dataclasses.replace(ledger, text=""))},
                      ensure_ascii=False, separators=(",", ":"))
    # the body's own digest: a damaged entry is never taken for a ledger
    return f"{FORMAT} {key} {_digest(body)}\n{body}".encode("utf-8")


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _read(entry: Path, key: str, path: Path, data: bytes) -> Optional[Ledger]:
    try:
        head, _, body = entry.read_bytes().decode("utf-8").partition("\n")
        if head != f"{FORMAT} {key} {_digest(body)}":
            return None
        record = json.loads(body)
        if record["folder"] != str(path.parent.resolve()):
            return None
        ledger = _decode(record["ledger"])
        if not isinstance(ledger, Ledger) or set(record["files"]) != set(ledger.sources):
            return None
        folder = record["folder"]
        for sid, src in ledger.sources.items():
            seen = record["files"][sid]
            if seen is None or _identity(os.path.join(folder, src.file)) != seen:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or foreign: validate again
    ledger.path, ledger.text = path, data.decode("utf-8")
    return ledger


def _encode(value: Any) -> Any:
    """Plain JSON data for a ledger: dataclasses and paths are tagged with ``"~"``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: Dict[str, Any] = {"~": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, Path):
        return {"~": "Path", "path": str(value)}
    if isinstance(value, dict):
        return {"~": "dict", "items": [[k, _encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")  # pragma: no cover - model change


def _decode(value: Any) -> Any:
    """The inverse of :func:`_encode`.

    >>> d = PartialDate(2013, 8)
    >>> _decode(_encode({"a": [d, Path("x")]})) == {"a": [d, Path("x")]}
    True
    """
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    tag = value["~"]
    if tag == "Path":
        return Path(value["path"])
    if tag == "dict":
        return {k: _decode(v) for k, v in value["items"]}
    cls = Ledger if tag == "Ledger" else _CLASSES[tag]
    return cls(**{k: _decode(v) for k, v in value.items() if k != "~"})
