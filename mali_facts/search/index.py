"""The on-disk search index: SQLite FTS5 over folded passages and claim statements.

One database per claims file, in the cache directory. Source documents are keyed
by the sha256 of their bytes; :func:`open_index` brings the database up to date
with the ledger before returning it (incrementally: only documents whose sha256
changed are re-segmented and re-indexed), so a query never sees stale text.

A file's sha256 is recomputed when its size, mtime or inode differ from what was
recorded, or when the recorded mtime was too close to the recording time to be
trusted (the "racy" case: a file rewritten within the same clock tick).
Every update runs in one SQLite transaction, so a crash or a concurrent process
never leaves a half-written index; a corrupt database file is deleted and rebuilt.
A locked one never is: while another process writes, :func:`open_index` waits
(telling its caller through ``on_wait``) and, after :data:`LOCK_TIMEOUT`, raises
:class:`IndexLocked`. A database another user wrote, or may write, is not used.

Building is a pipeline: when there is enough new text to pay for it, worker
processes (one per core) decode, segment and fold documents while this process
writes the units of those already prepared and feeds them to FTS5 in batches.
Units are written in document order whatever the number of workers, so a
parallel build gives the same database as a serial one.

Why FTS5 and not an inverted index of our own: it is in the standard library,
its index lives on disk and is updated transactionally, and it builds the index
of 50 MB in about a second, far faster than tokenising and posting in Python.
BM25 itself is recomputed in Python over the candidates FTS5 retrieves (see
:mod:`mali_facts.search.query`), so that expansions can be discounted.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from array import array
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from mali_facts.cache import cache_dir, path_key
from mali_facts.errors import MaliFactsError
from mali_facts.ledger import Ledger

SCHEMA = 3  # 3: claims searched with their reviews; claim verdicts
RACY_NS = 2_000_000_000  # mtimes this close to the recording time are not trusted
PARALLEL_MIN_BYTES = 4_000_000  # less new text than this is prepared faster without workers
FTS_BATCH_CHARS = 8_000_000     # feed FTS5 the new units every this many folded characters
FTS_HASH_BYTES = 64 << 20       # FTS5's in-memory term buffer before it writes a segment
WORKER_NICENESS = 10            # workers yield the CPU to the process writing the index

LOCK_TIMEOUT = 60.0             # seconds to wait for another process's write lock
BUSY_SECONDS = 0.2              # SQLite's own wait before it reports the lock to us

Progress = Callable[[int, int], None]


class IndexLocked(MaliFactsError):
    """Another process held the index's write lock for longer than the timeout."""

_SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sources(id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT, size INTEGER,
                     mtime_ns INTEGER, ino INTEGER, recorded_ns INTEGER, error TEXT);
CREATE TABLE docs(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, first INTEGER NOT NULL,
                  last INTEGER NOT NULL, chars INTEGER NOT NULL);
CREATE TABLE units(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, start INTEGER, end INTEGER,
                   claim TEXT, body TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(body, content='units', content_rowid='id',
                                    tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL, len INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX terms_len ON terms(len);
CREATE TABLE verdicts(claim TEXT PRIMARY KEY, status TEXT NOT NULL, rating TEXT) WITHOUT ROWID;
CREATE TABLE cites(unit INTEGER NOT NULL, claim TEXT NOT NULL);
CREATE INDEX cites_unit ON cites(unit);
"""
# docs: one row per indexed text, keyed by the sha256 of its bytes; its units are the
#   ids first..last (written together, so contiguous) and fold to `chars` characters.
#   The ledger's claim statements are the text named CLAIMS.
# units: a passage (start, end: code points into the source; claim NULL) or a claim
#   statement or review (claim: its id; a claim's review is a unit of its own);
#   body is the folded text that FTS5 indexes.
# terms: the FTS5 vocabulary with document frequencies, refreshed after every change.
# verdicts: each claim's status as `check` gives it (its worst quote) and its review's rating.
# cites: which claims quote (part of) which passage.
CLAIMS = "claims"


def index_path(ledger: Ledger, root: Optional[Path] = None) -> Path:
    return (root or cache_dir()) / "search" / f"{path_key(ledger.path)}.sqlite3"


@dataclass
class IndexInfo:
    path: str                      # the database file, or ":memory:"
    indexed: List[str] = field(default_factory=list)   # source ids (re)indexed by this call
    claims_indexed: bool = False
    errors: Dict[str, str] = field(default_factory=dict)  # source id -> why it is not indexed
    # ("seeds/x.txt:3: not valid UTF-8 (byte 70); save it as UTF-8", as `check` says it)
    note: Optional[str] = None     # why the index is in memory, when it is not on disk


def _digest(path: Path, shown: str) -> Tuple[Optional[str], Optional[str]]:
    """``(sha256, None)`` of the file's bytes, read a MiB at a time, or ``(None, why)``."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        return None, f"{shown}: cannot read it: {exc.strerror}"
    return h.hexdigest(), None


Prepared = Tuple[str, Optional[Tuple[bytes, List[str]]], Optional[str]]


def _prepare(item: Tuple[str, str]) -> Prepared:
    """Read, decode, segment and fold one document, given as ``(sha256, path)``:
    ``(sha256, (spans, folded bodies), None)``, or ``(sha256, None, why)`` where
    ``why`` follows the file's name (``":3: not valid…"``). Worker processes run it:
    each reads its own documents, so no process holds the whole corpus in memory.

    The spans travel as the bytes of an ``array('q')`` of starts and ends, one after
    the other: a fifth of the cost of unpickling a list of tuples.
    """
    from mali_facts.search.text import folded_passages, passages
    from mali_facts.sources import NotUTF8, Refused, decode, read_limited

    sha, path = item
    try:
        data = read_limited(path, "", "MAX_SOURCE_BYTES")
    except Refused as exc:
        return sha, None, str(exc)
    except OSError as exc:
        return sha, None, f": cannot read it: {exc.strerror}"
    if hashlib.sha256(data).hexdigest() != sha:
        return sha, None, ": changed while it was being indexed (search again)"
    try:
        text = decode(data)
    except NotUTF8 as exc:
        return sha, None, f":{exc}"
    spans = passages(text)
    flat = array("q", chain.from_iterable(spans)).tobytes()
    return sha, (flat, folded_passages(text, spans)), None


def _spans(flat: bytes) -> Iterator[Tuple[int, int]]:
    """The ``(start, end)`` pairs of :func:`_prepare`'s compact spans.

    >>> list(_spans(array("q", [0, 5, 7, 9]).tobytes()))
    [(0, 5), (7, 9)]
    """
    values = array("q")
    values.frombytes(flat)
    it = iter(values)
    return zip(it, it)


def _workers(items: Dict[str, Tuple[str, int]], requested: Optional[int]) -> int:
    """How many worker processes to prepare ``items`` (sha256 -> (path, size)) with
    (1: none, prepare here)."""
    if requested is not None:
        return max(1, min(requested, len(items)))
    if len(items) < 2 or sum(size for _, size in items.values()) < PARALLEL_MIN_BYTES:
        return 1
    if not sys.platform.startswith("linux"):
        return 1  # workers are forked: elsewhere starting them costs more than they save
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, len(items)))


def _start_worker() -> None:
    """In each worker: a lower priority, and Ctrl-C left to the parent, which stops
    the workers itself (a worker interrupted mid-write would print a traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # pragma: no cover - not allowed here: run as we are
        pass


def _prepared(items: Dict[str, Tuple[str, int]], workers: int) -> Iterator[Prepared]:
    """Prepare ``items`` (sha256 -> (path, size)) in order, in ``workers`` forked
    processes when more than one."""
    tasks = [(sha, path) for sha, (path, _) in items.items()]
    if workers <= 1:
        yield from map(_prepare, tasks)
        return
    import multiprocessing

    # fork: the workers start at once and inherit the imported modules; they never
    # touch the parent's SQLite connection and leave with os._exit. They run at a
    # lower priority, so that this process, which writes what they prepare and is
    # the pipeline's narrow end, keeps a core to itself.
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    except (OSError, ValueError):  # no processes to be had (limits, sandbox): do it here
        yield from map(_prepare, tasks)
        return
    with pool:
        yield from pool.imap(_prepare, tasks, chunksize=4)


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-32768")  # 32 MiB of pages while building
    return conn


def _valid(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    return row is not None and row[0] == str(SCHEMA)


def _create(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name='meta'").fetchone()[0] == 0:
            for statement in _SCHEMA_SQL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO meta VALUES('schema', ?)", (str(SCHEMA),))
            try:  # fewer, larger segments: a third faster to build on 50 MB
                conn.execute("INSERT INTO fts(fts, rank) VALUES('hashsize', ?)", (FTS_HASH_BYTES,))
            except sqlite3.OperationalError:  # pragma: no cover - an SQLite without it
                pass
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _locked(exc: BaseException) -> bool:
    """Whether ``exc`` says another connection holds a lock (busy), not that the
    database is damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc))


def _ours(path: Path) -> bool:
    """Whether the database at ``path`` may be used: absent, or a regular file of this
    user's that no one else may write (an index in a shared folder, written by
    someone else, is not trusted). A symbolic link there is removed, never followed:
    SQLite would write to whatever file it leads to."""
    import stat

    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            os.unlink(path)
            return True
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return (stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _private(path: Path) -> None:
    """Create the database file readable by its owner only (it holds the sources' text)."""
    try:
        os.close(os.open(str(path), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600))
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass  # sqlite says what is wrong when it opens it


def _in_memory(note: str) -> Tuple[sqlite3.Connection, str, str]:
    conn = _connect(":memory:")
    _create(conn)
    return conn, ":memory:", f"{note}: searching with an index in memory"


def _open_db(path: Path) -> Tuple[sqlite3.Connection, str, Optional[str]]:
    """``(connection, where, note)``: the database at ``path``, or one in memory (and
    a note that says why) when the cache cannot hold it. A damaged file is deleted
    and rebuilt; a locked one never is (the lock is raised to the caller)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _in_memory(f"the cache folder {path.parent} cannot be made ({exc.strerror})")
    if not _ours(path):
        if os.path.lexists(path) and not os.path.isfile(path):
            return _in_memory(f"the search index {path} is not a file")
        return _in_memory(f"the search index {path} is not this user's own")
    for attempt in range(2):
        conn = None
        try:
            _private(path)
            conn = _connect(str(path))
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name='meta'").fetchone()[0]
            if not tables:
                _create(conn)
            if _valid(conn):
                conn.execute("SELECT count(*) FROM docs").fetchone()
                return conn, str(path), None
        except sqlite3.DatabaseError as exc:
            if _locked(exc):
                if conn is not None:
                    conn.close()
                raise
        if conn is not None:
            conn.close()
        # corrupt, foreign or an older schema: start again from an empty file
        try:
            discard(str(path))
        except OSError as exc:
            return _in_memory(f"the search index {path} cannot be replaced ({exc.strerror})")
    return _in_memory(f"the search index {path} cannot be written")


def discard(where: str) -> None:
    """Delete the database file ``where`` and its journals."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(where + suffix)
        except FileNotFoundError:
            pass


def damaged(conn: sqlite3.Connection) -> bool:
    """Whether the database is damaged (``PRAGMA quick_check`` finds a problem), after an
    error. A busy or locked database is not damaged."""
    try:
        return conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError as exc:
        return not _locked(exc)


def forget(conn: sqlite3.Connection, sid: str) -> None:
    """Make the next :func:`open_index` hash source ``sid`` again (its text was not what
    the index holds, though its size, mtime and inode are unchanged)."""
    try:
        conn.execute("DELETE FROM sources WHERE id=?", (sid,))
    except sqlite3.DatabaseError:  # read-only: the index in memory is built afresh anyway
        pass


class _Plan:
    def __init__(self):
        self.stat_updates: List[tuple] = []       # rows for the sources table
        self.new_docs: Dict[str, Tuple[str, int]] = {}  # sha256 -> (path, size) to index


def _stat(path: str) -> Optional[Tuple[int, int, int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _trusted(old: Optional[tuple], path: str, stat: Optional[tuple], docs: "set[str]") -> bool:
    """True when the recorded row for a source still describes its file, by its stat alone."""
    return (old is not None and stat is not None and old[1] == path and old[2] is not None
            and old[2] in docs and (old[3], old[4], old[5]) == stat and old[4] < old[6] - RACY_NS)


def _known(conn: sqlite3.Connection) -> Tuple[Dict[str, tuple], "set[str]"]:
    known = {row[0]: row for row in conn.execute(
        "SELECT id, path, sha256, size, mtime_ns, ino, recorded_ns, error FROM sources")}
    return known, {row[0] for row in conn.execute("SELECT sha256 FROM docs")}


def _stale(conn: sqlite3.Connection, ledger: Ledger) -> bool:
    """Whether any source may have changed since it was indexed (stat only, no reading)."""
    known, docs = _known(conn)
    if set(known) != set(ledger.sources):
        return True
    return not all(_trusted(known.get(sid), str(src.path), _stat(str(src.path)), docs)
                   for sid, src in ledger.sources.items())


def _plan(conn: sqlite3.Connection, ledger: Ledger) -> _Plan:
    """What to update: sources whose stat cannot be trusted are read and hashed again."""
    plan = _Plan()
    known, docs = _known(conn)
    now = time.time_ns()
    for sid, src in ledger.sources.items():
        path = str(src.path)
        old = known.get(sid)
        stat = _stat(path)
        if _trusted(old, path, stat, docs):
            continue
        sha, error = _digest(Path(path), src.file)
        row = (sid, path, sha, *(stat or (None, None, None)), now, error)
        plan.stat_updates.append(row)
        if sha is not None and sha not in docs and sha not in plan.new_docs:
            plan.new_docs[sha] = (path, stat[0] if stat else 0)
    plan.stat_updates += [(sid, None) for sid in set(known) - set(ledger.sources)]
    return plan


def _ledger_key(ledger: Ledger, conn: sqlite3.Connection) -> str:
    h = hashlib.sha256(ledger.text.encode("utf-8"))
    for sid, sha in sorted(conn.execute("SELECT id, sha256 FROM sources")):
        h.update(f"\n{sid}={sha}".encode())
    return h.hexdigest()


def _meta(conn: sqlite3.Connection, key: str) -> Optional[str]:
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return None if row is None else row[0]


def _apply(conn: sqlite3.Connection, ledger: Ledger, plan: _Plan, info: IndexInfo,
           progress: Optional[Progress] = None, workers: Optional[int] = None) -> None:
    from mali_facts.search.text import claim_texts, fold_text

    for row in plan.stat_updates:
        if row[1] is None:
            conn.execute("DELETE FROM sources WHERE id=?", (row[0],))
        else:
            conn.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?)", row)
    by_sha: Dict[str, List[str]] = {}
    for row in plan.stat_updates:
        if row[1] is not None and row[2] in plan.new_docs:
            by_sha.setdefault(row[2], []).append(row[0])
    changed = _add_documents(conn, ledger, plan.new_docs, by_sha, info, progress, workers)
    # documents no source points at any more
    live = {r[0] for r in conn.execute("SELECT sha256 FROM sources WHERE sha256 IS NOT NULL")}
    live.add(CLAIMS)
    for (sha,) in conn.execute("SELECT sha256 FROM docs").fetchall():
        if sha not in live:
            _drop_doc(conn, sha)
            changed = True
    # claims, and where their quotes are, depend on the ledger and every source
    key = _ledger_key(ledger, conn)
    if _meta(conn, "ledger") != key:
        _drop_doc(conn, CLAIMS)
        # a claim is two units: its statement, and its review (explanation and references),
        # so a long review neither hides nor lengthens the statement
        units = [(c.id, fold_text(text)) for c in ledger.claims for text in claim_texts(c)]
        _insert_doc(conn, CLAIMS, ((None, None, cid, body) for cid, body in units),
                    sum(len(body) for _, body in units))
        _feed_fts(conn, _doc_range(conn, CLAIMS)[0])
        _locate_evidence(conn, ledger)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('ledger', ?)", (key,))
        info.claims_indexed = changed = True
    if changed:
        # collection statistics for BM25: the number of passages and their mean folded length
        n, chars = conn.execute("SELECT coalesce(sum(last - first + 1), 0), coalesce(sum(chars), 0) "
                                "FROM docs WHERE sha256 != ?", (CLAIMS,)).fetchone()
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('stats', ?)", (f"{n} {chars / n if n else 0.0}",))
        # the vocabulary with document frequencies, as a plain table: a lookup by
        # term or by length is then an index search, not a scan of the FTS index
        conn.execute("DELETE FROM terms")
        conn.execute("INSERT INTO terms SELECT term, doc, length(term) FROM vocab")


def _next_id(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]


def _doc_range(conn: sqlite3.Connection, sha: str) -> Tuple[int, int]:
    row = conn.execute("SELECT first, last FROM docs WHERE sha256=?", (sha,)).fetchone()
    return (row[0], row[1]) if row else (0, -1)


def _insert_doc(conn: sqlite3.Connection, sha: str, rows: Iterable[tuple], chars: int) -> None:
    """Write one text's units ``(start, end, claim, body)`` and its docs row."""
    first = _next_id(conn)
    conn.execute("INSERT INTO docs(sha256, first, last, chars) VALUES (?, ?, ?, ?)",
                 (sha, first, first - 1, chars))
    doc = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    conn.executemany("INSERT INTO units(doc, start, end, claim, body) VALUES (?, ?, ?, ?, ?)",
                     ((doc, *row) for row in rows))
    conn.execute("UPDATE docs SET last=(SELECT max(id) FROM units) WHERE id=? "
                 "AND EXISTS (SELECT 1 FROM units WHERE id >= ?)", (doc, first))


def _feed_fts(conn: sqlite3.Connection, first: int) -> None:
    """Index the units from id ``first`` on (one statement: far faster than a row at a time)."""
    conn.execute("INSERT INTO fts(rowid, body) SELECT id, body FROM units WHERE id >= ?", (first,))


def _add_documents(conn: sqlite3.Connection, ledger: Ledger, docs: Dict[str, Tuple[str, int]],
                   sources: Dict[str, List[str]], info: IndexInfo, progress: Optional[Progress],
                   workers: Optional[int]) -> bool:
    """Segment, fold and index ``docs`` (sha256 -> (path, size), for ``sources``: sha256 ->
    source ids); True when any was added."""
    if not docs:
        return False
    first = _next_id(conn)
    pending, added = 0, False
    for done, (sha, prepared, error) in enumerate(_prepared(docs, _workers(docs, workers)), 1):
        if prepared is None:
            conn.executemany("UPDATE sources SET error=? WHERE id=?",
                             ((ledger.sources[sid].file + error, sid) for sid in sources.get(sha, [])))
        else:
            flat, bodies = prepared
            chars = sum(map(len, bodies))
            _insert_doc(conn, sha, ((a, b, None, body) for (a, b), body in zip(_spans(flat), bodies)),
                        chars)
            info.indexed += sources.get(sha, [])
            pending += chars
            added = True
            if pending >= FTS_BATCH_CHARS:
                _feed_fts(conn, first)
                first, pending = _next_id(conn), 0
        if progress is not None:
            progress(done, len(docs))
    _feed_fts(conn, first)
    return added


def _drop_doc(conn: sqlite3.Connection, sha: str) -> None:
    """Remove one text's units from the index, and its docs row."""
    first, last = _doc_range(conn, sha)
    conn.execute("INSERT INTO fts(fts, rowid, body) SELECT 'delete', id, body FROM units "
                 "WHERE id BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM cites WHERE unit BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM units WHERE id BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM docs WHERE sha256=?", (sha,))


def _locate_evidence(conn: sqlite3.Connection, ledger: Ledger) -> None:
    """Anchor every quote (as `check` does), record which passages each one overlaps,
    and each claim's verdict (its worst quote's status, and its review's rating)."""
    from mali_facts.session import Session
    from mali_facts.verify import STATUSES

    conn.execute("DELETE FROM cites")
    conn.execute("DELETE FROM verdicts")
    ranges = {sid: (first, last) for sid, first, last in conn.execute(
        "SELECT s.id, d.first, d.last FROM sources s JOIN docs d ON d.sha256 = s.sha256")}
    for claim, results in zip(ledger.claims, Session(ledger, cache=True).verify_claims(ledger.claims)):
        worst = "verified"
        for ev, result in zip(claim.evidence, results):
            worst = max(worst, result.status, key=STATUSES.index)
            if ev.source not in ranges or result.start is None:
                continue
            first, last = ranges[ev.source]
            conn.execute("INSERT INTO cites SELECT id, ? FROM units WHERE id BETWEEN ? AND ? "
                         "AND start < ? AND end > ?", (claim.id, first, last, result.end, result.start))
        conn.execute("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)",
                     (claim.id, worst, claim.review.rating if claim.review else None))


def _update(conn: sqlite3.Connection, ledger: Ledger, info: IndexInfo,
            progress: Optional[Progress], workers: Optional[int]) -> None:
    """Bring the index up to date with the ledger, in one transaction."""
    if _stale(conn, ledger) or _meta(conn, "ledger") != _ledger_key(ledger, conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            _apply(conn, ledger, _plan(conn, ledger), info, progress, workers)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def open_index(ledger: Ledger, *, root: Optional[Path] = None, progress: Optional[Progress] = None,
               workers: Optional[int] = None, trust: bool = True,
               on_wait: Optional[Callable[[str], None]] = None,
               lock_timeout: Optional[float] = None) -> Tuple[sqlite3.Connection, IndexInfo]:
    """The ledger's index, brought up to date. ``root`` overrides :func:`cache_dir`;
    ``progress(done, total)`` is called as documents are indexed; ``workers`` sets the
    number of processes that prepare new documents (default: one per core, when
    there is enough new text).

    With ``trust=False`` nothing already in the database is used: it is emptied and
    built again (the CLI does this under ``CI``, and when a result disagrees with
    the sources). While another process holds the write lock, ``on_wait(path)`` is
    called once and the lock is awaited for ``lock_timeout`` seconds (default
    :data:`LOCK_TIMEOUT`); then :class:`IndexLocked` is raised. A locked database is
    never deleted.
    """
    path = index_path(ledger, root)
    deadline = time.monotonic() + (LOCK_TIMEOUT if lock_timeout is None else lock_timeout)
    told = False
    while True:
        try:
            return _open_index(ledger, path, progress, workers, trust)
        except sqlite3.DatabaseError as exc:
            if not _locked(exc):
                raise
            if time.monotonic() >= deadline:
                raise IndexLocked("another process has held the search index's write lock for "
                                  f"{LOCK_TIMEOUT if lock_timeout is None else lock_timeout:g} s",
                                  path=str(path),
                                  hint="try again when it is done; the index was left as it is") from None
            if not told and on_wait is not None:
                on_wait(str(path))
                told = True
            time.sleep(0.05)


def _wipe(conn: sqlite3.Connection) -> None:
    """Empty every table but the schema's record (inside the caller's transaction)."""
    conn.execute("INSERT INTO fts(fts) VALUES('delete-all')")
    for table in ("sources", "docs", "units", "cites", "terms"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM meta WHERE key != 'schema'")


def _open_index(ledger: Ledger, path: Path, progress: Optional[Progress], workers: Optional[int],
                trust: bool, _retry: bool = True) -> Tuple[sqlite3.Connection, IndexInfo]:
    conn, where, note = _open_db(path)
    info = IndexInfo(where, note=note)
    try:
        if not trust or _stale(conn, ledger) or _meta(conn, "ledger") != _ledger_key(ledger, conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if not trust:
                    _wipe(conn)
                _apply(conn, ledger, _plan(conn, ledger), info, progress, workers)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _locked(exc) or where == ":memory:":
            raise
        if "readonly" in str(exc) or not _retry:
            conn, where, note = _in_memory(f"the search index {where} cannot be written ({exc})")
            info = IndexInfo(where, note=note)
            _update(conn, ledger, info, progress, workers)
        else:
            try:
                discard(where)
            except OSError as err:
                conn, where, note = _in_memory(f"the search index {where} cannot be replaced "
                                               f"({err.strerror})")
                info = IndexInfo(where, note=note)
                _update(conn, ledger, info, progress, workers)
            else:
                return _open_index(ledger, path, progress, workers, trust, _retry=False)
    info.errors = {sid: err for sid, err in conn.execute(
        "SELECT id, error FROM sources WHERE error IS NOT NULL")}
    return conn, info
