"""Validated ledgers, kept between runs so that a large claims file is not parsed
and validated again while nothing it depends on has changed.

A cache may make a run faster, never change its result. A ledger is valid for
the bytes of its claims file *and* for the files its sources resolve to. The
cache entry (in ``cache_dir()/ledgers/``: a line with the format, the key and
the sha256 of the rest, then JSON) is used only when all of these still hold:

- the caller trusts the cache (``trust=True``; the CLI says no under ``CI``
  unless ``--cache`` is given, since a restored CI cache is anyone's);
- the entry is a regular file owned by this user that no one else may write
  (an entry in a shared folder, written by another user, is not used);
- the claims file's bytes have the sha256 recorded with it, and this is the same
  version of mali-facts (and of its validating code) that recorded it;
- the entry is intact (its JSON has the sha256 recorded on its first line);
- the claims file's folder resolves to the same place;
- every source's path still leads to a regular file, the same one (device and
  inode, following symlinks) that its ``file`` leads to now, inside the folder
  and not the claims file;
- the cached data agrees with the bytes it claims to describe, read by a cheap
  scan (:mod:`mali_facts.ledger.scan`, no YAML parser): the number, lines and
  ids and statements of the claims and of the sources; for every quote, its
  line, its text, its source, prefix, suffix, start and end, read at the quote's
  item; the lines of all the ``quote:`` keys in the file, each belonging to one
  cached quote of the claim it is written under; and each source's ``file``,
  ``title``, ``sha256`` and ``furniture``. Whatever decides a verdict is read from
  the claims file itself.

Anything else, including an unreadable, foreign or damaged entry (even one nested
too deeply to decode), or a claims file written in a style the scan does not
read, means a full :func:`mali_facts.ledger.load_ledger`, whose errors are raised
as usual; an invalid ledger is never cached. Tiny claims files (under
:data:`MIN_BYTES`) are not cached at all. Any larger one is: reading an entry
spares importing PyYAML (about 70 ms) as well as parsing and validating.
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
from mali_facts.ledger.model import Claim, Entity, Evidence, Ledger, PartialDate, Review, Source
from mali_facts.ledger.schema import SCHEMA_FILE

FORMAT = 1
MIN_BYTES = 4 * 1024
_CLASSES = {c.__name__: c for c in (Claim, Entity, Evidence, PartialDate, Review, Source)}


def load_ledger_cached(path: Union[str, Path], *, root: Optional[Path] = None,
                       trust: bool = True) -> Ledger:
    """:func:`mali_facts.ledger.load_ledger`, served from the cache when it may be.

    ``root`` overrides :func:`mali_facts.cache.cache_dir`. With ``trust=False`` the
    cache is written but not read.
    """
    from mali_facts.ledger.load import load_ledger

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return load_ledger(path)  # it says what is wrong
    if len(data) < MIN_BYTES:
        return load_ledger(path)
    entry = (root or cache_dir()) / "ledgers" / f"{path_key(path)}.json"
    key = _key(data)
    ledger = _read(entry, key, path, data) if trust else None
    if ledger is None:
        ledger = load_ledger(path)
        write_quietly(entry, _encode_entry(key, path, ledger))
    return ledger


def _key(data: bytes) -> str:
    """The claims file's bytes, and the code that validates them."""
    h = hashlib.sha256(data)
    h.update(f"\0{FORMAT}\0{__version__}".encode())
    for module in ("validate.py", "load.py", "model.py", "yamlpos.py", "schema.py", SCHEMA_FILE,
                   "scan.py", "cache.py"):
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
        ledger = _read_entry(entry, key, path, data)
    except Exception:  # noqa: BLE001 - missing, unreadable, foreign, too deep: validate again
        return None
    if ledger is not None:
        ledger.path = path
    return ledger


def _read_entry(entry: Path, key: str, path: Path, data: bytes) -> Optional[Ledger]:
    # not blocking on a FIFO, not following a link: only a regular file of ours is read
    fd = os.open(entry, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if (not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid()
                or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        head, _, body = handle.read().decode("utf-8").partition("\n")
    if head != f"{FORMAT} {key} {_digest(body)}":
        return None
    record = json.loads(body)
    folder = str(path.parent.resolve())
    if record["folder"] != folder:
        return None
    ledger = _decode(record["ledger"])
    if not isinstance(ledger, Ledger) or set(record["files"]) != set(ledger.sources):
        return None
    inside = folder.rstrip(os.sep) + os.sep
    itself = _identity(str(path))
    for sid, src in ledger.sources.items():
        seen = record["files"][sid]
        now = _identity(os.path.join(folder, src.file))
        if (seen is None or now != seen or _identity(str(src.path)) != now or now == itself
                or not str(src.path).startswith(inside)):
            return None
    text = data.decode("utf-8")
    if not _agrees(ledger, text):
        return None
    ledger.text = text
    return ledger


EVIDENCE_FIELDS = ("source", "quote", "prefix", "suffix", "start", "end")


def _agrees(ledger: Ledger, text: str) -> bool:
    """Whether the cached ``ledger`` says what the claims file's ``text`` says, on
    everything a verdict depends on (see the module's docstring)."""
    from mali_facts.ledger.scan import Scan, Unknown

    try:
        scan = Scan(text)
        claim_lines = [c.line for c in ledger.claims]
        if claim_lines != scan.items("claims"):
            return False
        if [s.line for s in ledger.sources.values()] != scan.items("sources"):
            return False
        for sid, src in ledger.sources.items():
            f = scan.fields(src.line, ("id", "file", "sha256", "furniture", "title"))
            if (_get(f, "id") != sid or _get(f, "file") != src.file or (_get(f, "title") or "") != src.title
                    or _get(f, "sha256") != src.sha256 or (_get(f, "furniture") or []) != src.furniture):
                return False
        quotes = []
        bounds = claim_lines[1:] + [len(scan.lines) + 1]
        for claim, bound in zip(ledger.claims, bounds):
            f = scan.fields(claim.line, ("id", "statement"))
            if _get(f, "id") != claim.id or _get(f, "statement") != claim.statement:
                return False
            previous = claim.line
            for ev in claim.evidence:
                if not previous < ev.item_line <= ev.line < bound:
                    return False
                previous = ev.item_line
                f = scan.fields(ev.item_line, EVIDENCE_FIELDS)
                if f.get("quote") != (ev.line, ev.quote):
                    return False
                for name in EVIDENCE_FIELDS[2:]:
                    value = getattr(ev, name)
                    if _get(f, name) != (value if value is None else str(value)):
                        return False
                if _get(f, "source") != ev.source:
                    return False
                quotes.append(ev.line)
    except Unknown:
        return False
    return quotes == scan.key_lines("quote")


def _get(fields: Dict[str, Any], key: str) -> Any:
    return fields[key][1] if key in fields else None


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
