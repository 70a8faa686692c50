"""Issue 10, class 6: a cache may make a run faster, never change its result.
Each forged ledger-cache entry (tests/data/soundness/cache_tamper.yaml) and each
edit of the search index (index_tamper.yaml) leaves `check`'s and `search`'s
results as they were; CI does not read the caches without --cache; a locked
index is awaited and never deleted."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path

import pytest
import yaml

from conftest import DATA

CASES = yaml.safe_load((DATA / "soundness" / "cache_tamper.yaml").read_text(encoding="utf-8"))
N = 400


@pytest.fixture
def big(tmp_path, monkeypatch):
    """A claims file over the cache's size threshold: 3 claims, 400 sources."""
    folder = tmp_path / "ledger"
    (folder / "docs").mkdir(parents=True)
    lines = ["version: 1", "sources:"]
    for n in range(N):
        (folder / "docs" / f"d{n}.txt").write_text(
            f"Document {n} says the junta met.\n\nThe council of elders discussed the matter "
            f"number {n} at length, then adjourned.\n", encoding="utf-8")
        lines += [f"  - id: d{n}", f"    file: docs/d{n}.txt", f"    title: Document number {n} of a ledger big enough to be kept in the cache",
                  "    url: https://example.org/a/long/address/for/the/document/number/" + str(n)]
        if n == 3:
            lines.append("    sha256: " + "0" * 64)
    lines += ["claims:",
              "  - id: met", "    statement: The junta met.", "    evidence:",
              "      - source: d0", "        quote: the junta met",
              "  - id: misquote", "    statement: Document 1 said so.", "    evidence:",
              "      - source: d1", "        quote: Document 2 says the junta met",
              "  - id: pinned", "    statement: Document 3 said so.", "    evidence:",
              "      - source: d3", "        quote: Document 3 says the junta met"]
    (folder / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("MALI_FACTS_CACHE", str(cache))
    monkeypatch.chdir(folder)
    return folder, cache


def _entry(cache: Path) -> Path:
    from mali_facts.ledger.cache import SUFFIX

    (entry,) = (cache / "ledgers").glob(f"*{SUFFIX}")
    return entry


def _walk(ledger, dotted):
    """The object and attribute (or list and index) that ``claims.1.evidence.0.quote``
    names in a decoded ledger; ``sources.ID`` picks a source by id."""
    node, parts = ledger, dotted.split(".")
    for i, part in enumerate(parts[:-1]):
        if isinstance(node, dict):
            node = node[part]
        elif isinstance(node, list):
            node = node[int(part)]
        else:
            node = getattr(node, part)
    last = parts[-1]
    if isinstance(node, list):
        return node, int(last)
    return node, last


def _get(node, name):
    return node[name] if isinstance(node, (list, dict)) else getattr(node, name)


def _put(node, name, value):
    if isinstance(node, (list, dict)):
        node[name] = value
    else:
        setattr(node, name, value)


def _forge(entry: Path, case) -> None:
    """Edit an entry as a forger would who can write the cache folder but does not hold
    its key: the body is re-encoded (marshal, as the cache writes it) and "signed" with
    a plain sha256, the best such a forger can do. (tests/ledger/test_ledger_cache.py
    shows that the same edit signed with the key would be used.)"""
    import marshal

    from mali_facts.ledger import cache as lc

    head, _, body = entry.read_bytes().partition(b"\n")
    fmt, key, _mac = head.split(b" ")
    raw = case.get("raw")
    if raw == "deep":
        data = ("[" * 100_000 + "]" * 100_000).encode()
    elif raw == "latin1":
        data = body.replace(b"junta", "jünta".encode("latin-1"))
    elif raw == "truncated":
        data = body[: len(body) // 2]
    elif raw == "number":
        root, files, _ = marshal.loads(body)
        data = marshal.dumps((root, files, 5))
    else:
        root, files, record = marshal.loads(body)
        ledger, original = lc.decode(record), lc.decode(record)
        ledger.sources = dict(ledger.sources)
        order = list(ledger.sources)
        for dotted, value in (case.get("set") or {}).items():
            if isinstance(value, str) and value.startswith("="):
                value = _get(*_walk(original, value[1:]))
            holder, name = _walk(ledger, dotted)
            if name == "path":
                value = Path.cwd() / value
            _put(holder, name, value)
            if dotted.startswith("sources.") and name in ("path", "file"):
                # the files the entry says the source depends on, as it records them
                n = order.index(dotted.split(".")[1])
                file, real, _ = files[n]
                file = value if name == "file" else file
                real = str(value) if name == "path" else real
                st = os.stat(real)
                files[n] = (file, real, [st.st_dev, st.st_ino])
        if case.get("drop"):
            holder, name = _walk(ledger, case["drop"])
            del holder[name]
        if case.get("add_claim"):
            import dataclasses

            first = ledger.claims[0]
            ledger.claims.append(dataclasses.replace(first, id="added", line=first.line + 10_000))
        data = marshal.dumps((root, files, lc.encode(ledger)))
    digest = hashlib.sha256(data).hexdigest().encode()
    entry.write_bytes(fmt + b" " + key + b" " + digest + b"\n" + data)
    if "owner" in case:
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(entry, case["owner"], case["owner"])
    if "mode" in case:
        os.chmod(entry, int(case["mode"], 8))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_a_forged_ledger_cache_entry_changes_nothing(case, big, cli):
    folder, cache = big
    args = ["check", "--format", "json"] + (["--strict"] if case.get("strict") else [])
    first = cli(args)
    assert first.exit_code == 1
    assert json.loads(first.stdout)["summary"]["claims"] == 3
    _forge(_entry(cache), case)
    again = cli(args)
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)


def test_an_honest_entry_is_still_used(big, cli, monkeypatch):
    cli(["check", "--format", "plain"])
    monkeypatch.setattr("mali_facts.ledger.load.load_ledger", lambda path: pytest.fail("validated again"))
    result = cli(["check", "--format", "plain"])
    assert result.exit_code == 1 and "3 claims" in result.stderr


@pytest.mark.parametrize("env, args, read", [
    ({"CI": "true"}, [], False),
    ({"CI": "1"}, ["--cache"], True),
    ({"CI": "false"}, [], True),
    ({}, [], True),
])
def test_ci_writes_the_ledger_cache_but_reads_it_only_with_cache(env, args, read, big, cli, monkeypatch):
    folder, cache = big
    calls = []
    import mali_facts.ledger.cache as lc

    real = lc._read
    monkeypatch.setattr(lc, "_read", lambda *a: calls.append(1) or real(*a))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    first = cli(["check", "--format", "plain", *args])
    assert first.exit_code == 1
    assert _entry(cache).is_file()  # written either way
    cli(["check", "--format", "plain", *args])
    assert bool(calls) is read


# -- the search index ----------------------------------------------------------

INDEX_CASES = yaml.safe_load((DATA / "soundness" / "index_tamper.yaml").read_text(encoding="utf-8"))


def _index(cache: Path) -> Path:
    (db,) = (cache / "search").glob("*.sqlite3")
    return db


@pytest.mark.parametrize("case", INDEX_CASES, ids=[c["label"] for c in INDEX_CASES])
def test_an_edited_search_index_changes_nothing(case, big, cli):
    folder, cache = big
    search = ["search", "junta council", "--format", "json", "--limit", "5"]
    before = cli(search)
    assert before.exit_code == 0, before.stderr
    assert {r["kind"] for r in json.loads(before.stdout)["results"]} == {"passage", "claim"}
    check = cli(["check", "--format", "plain"])
    conn = sqlite3.connect(_index(cache))
    conn.executescript(case["sql"])
    conn.commit()
    conn.close()
    after = cli(search)
    assert (after.exit_code, after.stdout) == (0, before.stdout)
    again = cli(["check", "--format", "plain"])
    assert (again.exit_code, again.stdout, again.stderr) == (1, check.stdout, check.stderr)
    assert "3 claims" in again.stderr


def test_ci_rebuilds_the_index_unless_cache(big, monkeypatch):
    from mali_facts.ledger import load_ledger
    from mali_facts.search.index import open_index

    folder, cache = big
    ledger = load_ledger(folder / "claims.yaml")
    conn, info = open_index(ledger)
    conn.close()
    assert len(info.indexed) == N
    conn, info = open_index(ledger)
    conn.close()
    assert info.indexed == []
    conn, info = open_index(ledger, trust=False)
    conn.close()
    assert len(info.indexed) == N


def _hold_lock(db: Path, release: threading.Event, held: threading.Event) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    held.set()
    release.wait(30)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_locked_index_is_awaited_then_reported_never_deleted(big, cli, monkeypatch):
    folder, cache = big
    search = ["search", "junta", "--format", "json"]
    assert cli(search).exit_code == 0
    (folder / "docs" / "d5.txt").write_text("Document 5 was rewritten.\n", encoding="utf-8")
    db = _index(cache)
    before = (db.stat().st_ino, hashlib.sha256(db.read_bytes()).hexdigest())
    monkeypatch.setattr("mali_facts.search.index.LOCK_TIMEOUT", 0.5)
    release, held = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, release, held), daemon=True)
    holder.start()
    assert held.wait(10)
    try:
        result = cli(search)
    finally:
        release.set()
        holder.join(10)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"waiting for another mali-facts to finish writing the search index {db}\n"
        f"{db}: another process has held the search index's write lock for 0.5 s "
        "(try again when it is done; the index was left as it is)\n")
    assert (db.stat().st_ino, hashlib.sha256(db.read_bytes()).hexdigest()) == before


def test_a_search_waits_for_the_lock_and_goes_on(big, cli, monkeypatch):
    import mali_facts.cli.search as search_cli

    folder, cache = big
    search = ["search", "rewritten", "--format", "json"]
    cli(search)
    (folder / "docs" / "d5.txt").write_text("Document 5 was rewritten.\n", encoding="utf-8")
    db = _index(cache)
    release, held = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db, release, held), daemon=True)
    holder.start()
    assert held.wait(10)
    # the lock is released once the search says it is waiting (not after a fixed
    # delay, which a loaded machine can outlast before the search reaches the lock)
    say = search_cli._say_waiting

    def say_then_release(path):
        say(path)
        release.set()

    monkeypatch.setattr(search_cli, "_say_waiting", say_then_release)
    backstop = threading.Timer(30, release.set)  # never hang the suite
    backstop.daemon = True
    backstop.start()
    result = cli(search)
    holder.join(10)
    assert result.exit_code == 0
    assert result.stderr == f"waiting for another mali-facts to finish writing the search index {db}\n"
    assert json.loads(result.stdout)["results"][0]["source"] == "d5"


def test_the_ledger_cache_benchmark_runs_on_a_tiny_ledger():
    import re
    import subprocess
    import sys

    from conftest import ROOT

    bench = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_ledger_cache.py"),
                            "--claims", "20", "--sources", "5", "--runs", "1"],
                           capture_output=True, text=True)
    assert bench.returncode == 0, bench.stderr
    labels = [line.split(":")[0].strip() for line in bench.stdout.splitlines()]
    assert labels == ["machine", "claims file", "full validation", "entry written", "cache hit"]
    assert re.search(r"cache hit +: median +\d+\.\d ms", bench.stdout)


FILE_CASES = yaml.safe_load((DATA / "soundness" / "index_files.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", FILE_CASES, ids=[c["label"] for c in FILE_CASES])
def test_whatever_is_where_the_index_should_be_changes_nothing(case, ledger_dir, cli, tmp_path,
                                                              monkeypatch):
    import shutil

    from conftest import ROOT
    from mali_facts.ledger import load_ledger
    from mali_facts.search.index import index_path

    shutil.copy(ROOT / "claims.yaml", ledger_dir / "claims.yaml")
    monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path / "cache"))
    search = ["search", "Sanogo training", "--format", "json"]
    expected = cli(search)
    assert expected.exit_code == 0
    db = index_path(load_ledger(ledger_dir / "claims.yaml"))
    db.unlink()
    victim = tmp_path / "victim"
    kind = case["make"]
    if kind == "dir":
        db.mkdir()
    elif kind == "garbage":
        db.write_bytes(b"not a database\n" * 100)
    elif kind == "empty":
        db.write_bytes(b"")
    elif kind.startswith("link"):
        victim.write_bytes(b"" if kind == "link-empty" else b"someone's notes\n")
        db.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(db)
    elif kind == "group-writable":
        cli(search)
        os.chmod(db, 0o664)
    before = victim.read_bytes() if victim.exists() else None
    result = cli(search)
    note = case.get("note", "").format(db=db)
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected.stdout,
                                                                expected.stderr + note)
    if before is not None:
        assert victim.read_bytes() == before


ENTRY_CASES = yaml.safe_load((DATA / "soundness" / "ledger_cache_files.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", ENTRY_CASES, ids=[c["label"] for c in ENTRY_CASES])
def test_whatever_is_where_an_entry_should_be_changes_nothing(case, big, cli):
    folder, cache = big
    args = ["check", "--format", "json"]
    first = cli(args)
    entry = _entry(cache)
    kind = case["make"]
    if kind == "link-forged":
        forged = cache / "forged.json"
        forged.write_bytes(entry.read_bytes())
        _forge(forged, {"set": {"claims.1.evidence.0.quote": "Document 1 says the junta met"}})
        entry.unlink()
        entry.symlink_to(forged)
    else:
        entry.unlink()
        if kind == "dir":
            entry.mkdir()
        elif kind == "fifo":
            os.mkfifo(entry)
        elif kind == "empty":
            entry.write_bytes(b"")
    result = cli(args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, first.stdout, first.stderr)
