"""Validated ledgers, kept between runs so that a large claims file is not parsed
and validated again while nothing it depends on has changed.

A cache may make a run faster, never change its result. A ledger is valid for
the bytes of its claims file, for the code and the limits that validated them,
*and* for the files its sources (and their archives) resolve to. An entry (in
``cache_dir()/ledgers/``) is one line, ``FORMAT KEY MAC``, then the ledger in
:mod:`marshal`'s format. It is used only when all of these hold:

- the caller trusts the cache (``trust=True``; the CLI says no under ``CI``
  unless ``--cache`` is given, since a restored CI cache is anyone's);
- the entry, and the key beside it, are regular files owned by this user that no
  one else may write (an entry in a shared folder, written by another user, is not
  used), read without following a link or blocking on a FIFO;
- the entry is signed: ``MAC`` is the HMAC-SHA256, with the random key kept in the
  same folder (``ledgers/key``, made on the first write), of the line's start and
  the body. Only this user's mali-facts, holding the key, can write an entry that
  is used; a planted, edited, truncated or damaged one is not, and nothing is
  decoded before the signature holds;
- ``KEY`` is the sha256 of the claims file's bytes (read now), of this version of
  mali-facts and of its validating code (each module's size and time, and the
  schema), and of the limits in force: so the signed ledger is what validating
  these very bytes gave, with this code;
- the claims file's folder resolves to the same place;
- every source's path, and every archive's, still leads to a regular file, the
  same one (device and inode, following symlinks) that it led to when the entry
  was written, inside the folder and not the claims file.

Anything else, including an unreadable, foreign or damaged entry, means a full
:func:`mali_facts.ledger.load.load_ledger`, whose errors are raised as usual; an
invalid ledger is never cached. Tiny claims files (under :data:`MIN_BYTES`) are
not cached at all. Any larger one is: reading an entry spares importing PyYAML
(about 70 ms) as well as parsing and validating (about 0.7 s for 10,000 claims,
against 0.1 s for the entry).

An entry is written by the cache folder's one writer (:func:`mali_facts.cache.write_quietly`:
atomic, with fsync). The fsync is not needed for soundness (an entry cut short by a
crash fails its signature and costs one validation), and it is kept because it is
cheap: 13-25 ms for the 3.8 MB entry of 10,000 claims here, against 5-8 ms without,
next to about 700 ms of validation that writing it follows.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

from mali_facts.cache import cache_dir, file_stamp, folder_secret, path_key, read_own, write_quietly
from mali_facts.ledger.model import Claim, Entity, Evidence, Ledger, PartialDate, Review, Source
from mali_facts.ledger.schema import SCHEMA_FILE

FORMAT = 2
MIN_BYTES = 4 * 1024
SUFFIX = ".ledger"
#: What the key covers besides the bytes: the modules that read and validate them.
CODE = ("validate.py", "load.py", "model.py", "yamlpos.py", "schema.py", SCHEMA_FILE, "cache.py")
#: The limits a valid ledger was checked against (mali_facts.limits).
LIMITS = ("MAX_CLAIMS_BYTES", "MAX_STATEMENT_CHARS", "MAX_QUOTE_CHARS")


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
    folder = (root or cache_dir()) / "ledgers"
    entry = folder / f"{path_key(path)}{SUFFIX}"
    key = _key(data)
    ledger = _read(folder, entry, key, path, data) if trust else None
    if ledger is None:
        ledger = load_ledger(path)
        _write(folder, entry, key, path, ledger)
    return ledger


def _key(data: bytes) -> str:
    """The claims file's bytes, and the code and limits that validate them."""
    from mali_facts.limits import limit

    here = Path(__file__).parent
    h = hashlib.sha256(data)
    h.update(f"\0{FORMAT}\0".encode())
    h.update(file_stamp(*(here / module for module in CODE)).encode())
    h.update("".join(f"\0{name}={limit(name)}" for name in LIMITS).encode())
    return h.hexdigest()


# -- signing (the key is the cache folder's, as for every signed cache) ----------

def _mac(secret: bytes, start: bytes, body: bytes) -> str:
    mac = hmac.new(secret, start, "sha256")
    mac.update(b"\n")
    mac.update(body)
    return mac.hexdigest()


# -- entries ---------------------------------------------------------------------

def _identity(path: str) -> Optional[List[int]]:
    """``[device, inode]`` of the regular file ``path`` leads to, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino] if stat.S_ISREG(st.st_mode) else None


def _write(folder: Path, entry: Path, key: str, path: Path, ledger: Ledger) -> bool:
    secret = folder_secret(folder, create=True)
    if secret is None:
        return False
    body = _encode_entry(path, ledger)
    start = f"{FORMAT} {key}".encode()
    return write_quietly(entry, start + f" {_mac(secret, start, body)}\n".encode() + body)


def _encode_entry(path: Path, ledger: Ledger) -> bytes:
    """The body of an entry: the folder, the files the ledger depends on, the ledger."""
    from mali_facts._gc import paused

    root = str(path.parent.resolve())
    files = []
    for src in ledger.sources.values():
        files.append((src.file, str(src.path), _identity(str(src.path))))
        if src.archive is not None:
            real = os.path.realpath(os.path.join(root, src.archive))
            files.append((src.archive, real, _identity(real)))
    with paused():
        return marshal.dumps((root, files, encode(ledger)))


def _read(folder: Path, entry: Path, key: str, path: Path, data: bytes) -> Optional[Ledger]:
    try:
        ledger = _read_entry(folder, entry, key, path)
    except Exception:  # noqa: BLE001 - damaged in a way no check foresaw: validate again
        return None
    if ledger is not None:
        ledger.path = path
        ledger.text = data.decode("utf-8")
    return ledger


def _read_entry(folder: Path, entry: Path, key: str, path: Path) -> Optional[Ledger]:
    raw = read_own(entry)
    if raw is None:
        return None
    head, newline, body = raw.partition(b"\n")
    start = f"{FORMAT} {key}".encode()
    if not newline or not head.startswith(start + b" "):
        return None
    secret = folder_secret(folder)
    if secret is None or not hmac.compare_digest(head[len(start) + 1:],
                                                 _mac(secret, start, body).encode()):
        return None
    from mali_facts._gc import paused

    with paused():
        root, files, record = marshal.loads(body)  # signed by us: our own data
    if root != str(path.parent.resolve()):
        return None
    inside = root.rstrip(os.sep) + os.sep
    itself = _identity(str(path))
    for file, real, seen in files:
        now = _identity(os.path.join(root, file))
        if (seen is None or now != seen or _identity(real) != now or now == itself
                or not real.startswith(inside)):
            return None
    with paused():
        return decode(record)


# -- the ledger as plain tuples (what marshal writes) ----------------------------

def _date(d: Optional[PartialDate]) -> Optional[Tuple[int, Optional[int], Optional[int]]]:
    return None if d is None else (d.year, d.month, d.day)


def _undate(t) -> Optional[PartialDate]:
    return None if t is None else PartialDate(*t)


def encode(ledger: Ledger) -> tuple:
    """``ledger`` (without its path and text) as tuples, lists and plain values.

    >>> empty = Ledger(path=Path(), version=1, sources={}, claims=[])
    >>> decode(encode(empty)) == empty
    True
    """
    sources = [(s.id, s.file, str(s.path), s.title, s.line, s.publisher, s.authors,
                _date(s.published), s.url, _date(s.accessed), s.sha256, s.type, s.subtitle,
                s.note, s.furniture, s.sha256_line, s.archive, s.archive_sha256,
                None if s.archive_path is None else str(s.archive_path))
               for s in ledger.sources.values()]
    claims = [(c.id, c.statement, c.line,
               [(e.source, e.quote, e.line, e.item_line, e.end_line, e.column, e.prefix, e.suffix,
                 e.start, e.end) for e in c.evidence],
               _date(c.date), c.tags, c.entities,
               None if c.review is None else
               (c.review.rating, c.review.explanation, c.review.references, c.review.line,
                _date(c.review.date), c.review.author),
               c.statement_line) for c in ledger.claims]
    entities = [(e.name, e.kind, e.aliases, e.line) for e in ledger.entities.values()]
    return ledger.version, sources, claims, entities


def decode(record: tuple) -> Ledger:
    """The inverse of :func:`encode` (path and text left empty)."""
    version, sources, claims, entities = record
    out_sources: Dict[str, Source] = {}
    for (sid, file, real, title, line, publisher, authors, published, url, accessed, sha256,
         kind, subtitle, note, furniture, sha256_line, archive, archive_sha256, archive_path) in sources:
        out_sources[sid] = Source(sid, file, Path(real), title, line, publisher, authors,
                                  _undate(published), url, _undate(accessed), sha256, kind,
                                  subtitle, note, furniture, sha256_line, archive, archive_sha256,
                                  None if archive_path is None else Path(archive_path))
    out_claims = []
    for cid, statement, line, evidence, date, tags, named, review, statement_line in claims:
        out_claims.append(Claim(
            cid, statement, line, [Evidence(*e) for e in evidence], _undate(date), tags, named,
            None if review is None else Review(*review[:4], _undate(review[4]), review[5]),
            statement_line))
    return Ledger(path=Path(), version=version, sources=out_sources, claims=out_claims,
                  entities={e[0]: Entity(*e) for e in entities})
