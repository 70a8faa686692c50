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
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from mali_facts.model import Ledger

SCHEMA = 1
RACY_NS = 2_000_000_000  # mtimes this close to the recording time are not trusted

_SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sources(id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT, size INTEGER,
                     mtime_ns INTEGER, ino INTEGER, recorded_ns INTEGER, error TEXT);
CREATE TABLE docs(sha256 TEXT PRIMARY KEY, passages INTEGER NOT NULL);
CREATE TABLE units(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL,
                   start INTEGER, end INTEGER, claim TEXT, body TEXT NOT NULL);
CREATE INDEX units_key ON units(key, start);
CREATE VIRTUAL TABLE fts USING fts5(body, content='units', content_rowid='id',
                                    tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
CREATE TABLE spans(claim TEXT NOT NULL, source TEXT NOT NULL, start INTEGER, end INTEGER);
CREATE TABLE cites(unit INTEGER NOT NULL, claim TEXT NOT NULL);
CREATE INDEX cites_unit ON cites(unit);
"""


def cache_dir() -> Path:
    """``$MALI_FACTS_CACHE``, else ``$XDG_CACHE_HOME/mali-facts``, else ``~/.cache/mali-facts``."""
    explicit = os.environ.get("MALI_FACTS_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "mali-facts"


def index_path(ledger: Ledger, root: Optional[Path] = None) -> Path:
    key = hashlib.sha256(str(ledger.path.resolve()).encode("utf-8")).hexdigest()[:24]
    return (root or cache_dir()) / "search" / f"{key}.sqlite3"


@dataclass
class IndexInfo:
    path: str                      # the database file, or ":memory:"
    indexed: List[str] = field(default_factory=list)   # source ids (re)indexed by this call
    claims_indexed: bool = False
    errors: Dict[str, str] = field(default_factory=dict)  # source id -> why it is not indexed


def _digest(path: Path) -> Tuple[Optional[str], Optional[bytes], Optional[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, None, f"cannot read {path.name}: {exc.strerror}"
    return hashlib.sha256(data).hexdigest(), data, None


def _prepare(data: bytes):
    """Decode, segment and fold one document: (passage spans, folded bodies) or an error."""
    from mali_facts.search.text import folded_passages, passages

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, f"line {line}: not valid UTF-8; save it as UTF-8"
    spans = passages(text)
    return (spans, folded_passages(text, spans)), None


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
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
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _open_db(path: Path) -> Tuple[sqlite3.Connection, str]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        conn = _connect(":memory:")
        _create(conn)
        return conn, ":memory:"
    for attempt in range(2):
        conn = None
        try:
            conn = _connect(str(path))
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name='meta'").fetchone()[0]
            if not tables:
                _create(conn)
            if _valid(conn):
                conn.execute("SELECT count(*) FROM docs").fetchone()
                return conn, str(path)
        except sqlite3.DatabaseError:
            pass
        if conn is not None:
            conn.close()
        # corrupt, foreign or an older schema: start again from an empty file
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(str(path) + suffix)
            except FileNotFoundError:
                pass
    conn = _connect(":memory:")  # pragma: no cover - the cache is unusable
    _create(conn)
    return conn, ":memory:"


class _Plan:
    def __init__(self):
        self.stat_updates: List[tuple] = []       # rows for the sources table
        self.new_docs: Dict[str, bytes] = {}      # sha256 -> bytes to index
        self.dirty = False


def _plan(conn: sqlite3.Connection, ledger: Ledger, info: IndexInfo) -> _Plan:
    plan = _Plan()
    known = {row[0]: row for row in conn.execute(
        "SELECT id, path, sha256, size, mtime_ns, ino, recorded_ns, error FROM sources")}
    docs = {row[0] for row in conn.execute("SELECT sha256 FROM docs")}
    now = time.time_ns()
    for sid, src in ledger.sources.items():
        path = str(src.path)
        old = known.get(sid)
        try:
            st = os.stat(path)
            stat = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            stat = None
        if (old is not None and stat is not None and old[1] == path and old[2] is not None
                and (old[3], old[4], old[5]) == stat and old[4] < old[6] - RACY_NS):
            if old[2] not in docs:
                plan.dirty = True  # the document row vanished: reindex it
            else:
                continue
        sha, data, error = _digest(Path(path))
        row = (sid, path, sha, *(stat or (None, None, None)), now, error)
        plan.stat_updates.append(row)
        if sha is not None and sha not in docs and sha not in plan.new_docs:
            plan.new_docs[sha] = data
        if old is None or old[2] != sha or old[1] != path:
            plan.dirty = True
    gone = set(known) - set(ledger.sources)
    if gone:
        plan.dirty = True
        plan.stat_updates += [(sid, None) for sid in gone]
    return plan


def _ledger_key(ledger: Ledger, conn: sqlite3.Connection) -> str:
    h = hashlib.sha256(ledger.text.encode("utf-8"))
    for sid, sha in sorted(conn.execute("SELECT id, sha256 FROM sources")):
        h.update(f"\n{sid}={sha}".encode())
    return h.hexdigest()


def _apply(conn: sqlite3.Connection, ledger: Ledger, plan: _Plan, info: IndexInfo) -> None:
    from mali_facts.search.text import fold_text

    for row in plan.stat_updates:
        if row[1] is None:
            conn.execute("DELETE FROM sources WHERE id=?", (row[0],))
        else:
            conn.execute("INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?,?)", row)
    by_sha = {}
    for row in plan.stat_updates:
        if row[1] is not None and row[2] in plan.new_docs:
            by_sha.setdefault(row[2], []).append(row[0])
    fresh: List[str] = []
    for sha, data in plan.new_docs.items():
        prepared, error = _prepare(data)
        if prepared is None:
            for sid in by_sha.get(sha, []):
                conn.execute("UPDATE sources SET error=? WHERE id=?", (error, sid))
            continue
        spans, bodies = prepared
        conn.executemany("INSERT INTO units(kind, key, start, end, body) VALUES ('p', ?, ?, ?, ?)",
                         ((sha, a, b, body) for (a, b), body in zip(spans, bodies)))
        conn.execute("INSERT INTO docs VALUES (?, ?)", (sha, len(spans)))
        fresh.append(sha)
    if fresh:  # one FTS5 insert for every new document: far faster than one per document
        marks = ",".join("?" * len(fresh))
        conn.execute(f"INSERT INTO fts(rowid, body) SELECT id, body FROM units WHERE key IN ({marks})",
                     fresh)
        info.indexed += by_sha.get(sha, [])
    # documents no source points at any more
    live = {r[0] for r in conn.execute("SELECT sha256 FROM sources WHERE sha256 IS NOT NULL")}
    for (sha,) in conn.execute("SELECT sha256 FROM docs").fetchall():
        if sha not in live:
            _drop_units(conn, sha)
            conn.execute("DELETE FROM docs WHERE sha256=?", (sha,))
    # collection statistics for BM25: number of units and mean folded length
    n, avg = conn.execute("SELECT count(*), avg(length(body)) FROM units WHERE kind='p'").fetchone()
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('stats', ?)", (f"{n} {avg or 0.0}",))
    # claims, and where their quotes are, depend on the ledger and every source
    key = _ledger_key(ledger, conn)
    row = conn.execute("SELECT value FROM meta WHERE key='ledger'").fetchone()
    if row is None or row[0] != key:
        _drop_units(conn, "claims")
        conn.executemany(
            "INSERT INTO units(kind, key, claim, body) VALUES ('c', 'claims', ?, ?)",
            ((c.id, fold_text(c.statement)) for c in ledger.claims))
        conn.execute("INSERT INTO fts(rowid, body) SELECT id, body FROM units WHERE key='claims'")
        _locate_evidence(conn, ledger)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('ledger', ?)", (key,))
        info.claims_indexed = True


def _drop_units(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("INSERT INTO fts(fts, rowid, body) SELECT 'delete', id, body FROM units WHERE key=?",
                 (key,))
    conn.execute("DELETE FROM cites WHERE unit IN (SELECT id FROM units WHERE key=?)", (key,))
    conn.execute("DELETE FROM units WHERE key=?", (key,))


def _locate_evidence(conn: sqlite3.Connection, ledger: Ledger) -> None:
    """Anchor every quote (as `check` does) and record which passages each one overlaps."""
    from mali_facts.sources import read_source
    from mali_facts.verify import verify_evidence

    conn.execute("DELETE FROM spans")
    conn.execute("DELETE FROM cites")
    shas = dict(conn.execute("SELECT id, sha256 FROM sources"))
    texts = {}
    for claim in ledger.claims:
        for ev in claim.evidence:
            src = ledger.sources.get(ev.source)
            if src is None:
                continue
            if ev.source not in texts:
                texts[ev.source] = read_source(src)
            result = verify_evidence(claim, ev, texts[ev.source])
            conn.execute("INSERT INTO spans VALUES (?, ?, ?, ?)",
                         (claim.id, ev.source, result.start, result.end))
            if result.start is None or shas.get(ev.source) is None:
                continue
            conn.execute(
                "INSERT INTO cites SELECT id, ? FROM units WHERE key=? AND kind='p' "
                "AND start < ? AND end > ?", (claim.id, shas[ev.source], result.end, result.start))


def open_index(ledger: Ledger, *, root: Optional[Path] = None,
               _retry: bool = True) -> Tuple[sqlite3.Connection, IndexInfo]:
    """The ledger's index, brought up to date. ``root`` overrides :func:`cache_dir`."""
    conn, where = _open_db(index_path(ledger, root))
    info = IndexInfo(where)
    try:
        plan = _plan(conn, ledger, info)
        row = conn.execute("SELECT value FROM meta WHERE key='ledger'").fetchone()
        if plan.dirty or plan.stat_updates or row is None or row[0] != _ledger_key(ledger, conn):
            conn.execute("BEGIN IMMEDIATE")
            try:
                plan = _plan(conn, ledger, info)  # again, under the write lock
                _apply(conn, ledger, plan, info)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except sqlite3.DatabaseError:
        conn.close()
        if where == ":memory:" or not _retry:
            raise
        for suffix in ("", "-journal"):
            try:
                os.unlink(where + suffix)
            except FileNotFoundError:
                pass
        return open_index(ledger, root=root, _retry=False)
    info.errors = {sid: err for sid, err in conn.execute(
        "SELECT id, error FROM sources WHERE error IS NOT NULL")}
    return conn, info
