"""The search index when it goes wrong while a query runs (issue 16)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest



def _garble(path: str) -> None:
    """Damage every page but the first, leaving the header intact."""
    data = bytearray(Path(path).read_bytes())
    for i in range(4096, len(data)):
        data[i] ^= 0x5A
    Path(path).write_bytes(bytes(data))


def test_an_index_damaged_under_a_query_is_checked_and_built_again(corpus, cli, monkeypatch):
    """The damage shows only when the query reads the FTS pages: `PRAGMA quick_check`
    confirms it, the file is deleted, and the search runs on a new index."""
    import mali_facts.search.index as index

    assert cli(["search", "rain"]).exit_code == 0
    real_open = index.open_index
    calls = []

    def open_then_damage(*args, **kwargs):
        conn, info = real_open(*args, **kwargs)
        calls.append(info.path)
        if len(calls) == 1:
            _garble(info.path)
        return conn, info

    monkeypatch.setattr(index, "open_index", open_then_damage)
    result = cli(["search", "rain", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert len(calls) == 2
    assert json.loads(result.stdout)["results"]
    assert result.stderr == f"note: the search index {calls[1]} was damaged; it was built again\n"


def test_a_locked_index_is_not_damaged(tmp_path):
    """An error from a busy database never deletes it."""
    from mali_facts.search.index import damaged

    path = str(tmp_path / "x.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t(x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0.1)
    try:
        assert damaged(other) is False
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()
    assert os.path.exists(path)


def test_a_healthy_index_is_not_damaged(tmp_path):
    from mali_facts.search.index import damaged

    conn = sqlite3.connect(str(tmp_path / "y.sqlite3"))
    conn.execute("CREATE TABLE t(x)")
    assert damaged(conn) is False
    _garble(str(tmp_path / "y.sqlite3"))
    conn.close()
    conn = sqlite3.connect(str(tmp_path / "y.sqlite3"))
    assert damaged(conn) is True
