"""The search index on disk: incremental updates that never serve stale text, the
parallel build, the vocabulary table, sources that cannot be searched, progress."""

from __future__ import annotations

import io
import json
import os
import sqlite3

import pytest


def search(cli, *args):
    result = cli(["search", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["results"]


def where(results):
    return [(r["kind"], r["source"], r["line"]) for r in results]


def add_source(corpus, sid, text):
    """Write seeds/<sid>.txt and list it in claims.yaml's sources."""
    (corpus / "seeds" / f"{sid}.txt").write_text(text, encoding="utf-8")
    claims = corpus / "claims.yaml"
    body = claims.read_text(encoding="utf-8")
    body = body.replace("sources:\n", f"sources:\n  - id: {sid}\n    file: seeds/{sid}.txt\n", 1)
    claims.write_text(body, encoding="utf-8")


# -- never stale ----------------------------------------------------------------

def test_a_source_dropped_from_the_ledger_is_no_longer_searched(corpus, cli):
    assert where(search(cli, "curfew", "--kind", "passage")) == [("passage", "beta", 2)]
    claims = corpus / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    # drop beta and every claim citing it
    text = text.replace("  - id: beta\n    file: seeds/beta.txt\n", "")
    text = text[: text.index("  - id: sanogo-six")]
    claims.write_text(text, encoding="utf-8")
    assert search(cli, "curfew", "--kind", "passage") == []


def test_a_reverted_source_serves_its_old_text_again(corpus, cli):
    path = corpus / "seeds" / "alpha.txt"
    original = path.read_bytes()
    path.write_text(original.decode("utf-8").replace("weather", "sunshine"), encoding="utf-8")
    assert search(cli, "weather") == []
    path.write_bytes(original)
    assert where(search(cli, "weather")) == [("passage", "alpha", 5)]
    assert search(cli, "sunshine") == []


def test_a_rewrite_that_keeps_size_and_mtime_is_seen(corpus, cli):
    """The racy case: the file changes within the clock tick of its indexing, and
    size and mtime stay the same. Its recorded mtime is too recent to trust."""
    path = corpus / "seeds" / "alpha.txt"
    path.touch()  # written just now, as by an editor
    before = os.stat(path)
    assert where(search(cli, "weather")) == [("passage", "alpha", 5)]
    path.write_text(path.read_text(encoding="utf-8").replace("weather", "leather"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path)[6:9:2] == before[6:9:2] and os.stat(path).st_size == before.st_size
    assert where(search(cli, "leather")) == [("passage", "alpha", 5)]
    assert not [r for r in search(cli, "weather") if "weather" in r["text"]]


def test_an_edited_claims_file_is_searched_without_a_source_change(corpus, cli):
    assert search(cli, "borders", "--kind", "claim")[0]["claims"] == ["curfew"]
    claims = corpus / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "closed the borders and imposed", "sealed the frontiers and imposed"), encoding="utf-8")
    assert search(cli, "borders", "--kind", "claim") == []
    assert search(cli, "frontiers", "--kind", "claim")[0]["claims"] == ["curfew"]


def test_two_sources_with_the_same_bytes_share_one_document(corpus, cli, tmp_path):
    add_source(corpus, "beta-copy", (corpus / "seeds" / "beta.txt").read_text(encoding="utf-8"))
    assert where(search(cli, "curfew", "--kind", "passage")) == [("passage", "beta", 2)]
    copy = search(cli, "curfew", "--kind", "passage", "--source", "beta-copy")
    assert where(copy) == [("passage", "beta-copy", 2)]
    db = next((tmp_path / "cache").rglob("*.sqlite3"))
    with sqlite3.connect(db) as conn:
        shas = [r[0] for r in conn.execute("SELECT sha256 FROM docs WHERE sha256 != 'claims'")]
    assert len(shas) == len(set(shas)) == 2


# -- sources that cannot be searched ------------------------------------------------

def test_a_source_that_is_not_utf8_is_reported_and_the_rest_searched(corpus, cli):
    path = corpus / "seeds" / "alpha.txt"
    path.write_bytes(path.read_bytes().replace(b"weather", b"weath\xe9r"))
    result = cli(["search", "curfew", "--format", "json"])
    assert result.exit_code == 0
    assert [r["source"] for r in json.loads(result.stdout)["results"] if r["kind"] == "passage"] == ["beta"]
    line = path.read_bytes()[: path.read_bytes().index(b"\xe9")].count(b"\n") + 1
    byte = path.read_bytes().index(b"\xe9")
    assert result.stderr == (f"warning: seeds/alpha.txt:{line}: not valid UTF-8 (byte {byte}); "
                             "save it as UTF-8 (not searched)\n")


# -- building ---------------------------------------------------------------------

def _tables(db):
    with sqlite3.connect(db) as conn:
        return {
            "docs": conn.execute("SELECT sha256, first, last, chars FROM docs ORDER BY id").fetchall(),
            "units": conn.execute("SELECT id, doc, start, end, claim, body FROM units ORDER BY id").fetchall(),
            "terms": conn.execute("SELECT term, df, len FROM terms ORDER BY term").fetchall(),
            "cites": sorted(conn.execute("SELECT unit, claim FROM cites").fetchall()),
            "stats": conn.execute("SELECT value FROM meta WHERE key='stats'").fetchall(),
            "fts": conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'junta OR weather' "
                                "ORDER BY rowid").fetchall(),
        }


def test_a_parallel_build_writes_the_same_index_as_a_serial_one(corpus, tmp_path):
    from mali_facts.ledger import load_ledger
    from mali_facts.search.index import index_path, open_index

    for n in range(6):  # more documents than workers, each different
        add_source(corpus, f"extra-{n}", f"Extra document {n}.\nThe junta met {n} times.\n" * (n + 1))
    ledger = load_ledger(corpus / "claims.yaml")
    built = {}
    for workers in (1, 2):
        root = tmp_path / f"cache-{workers}"
        conn, info = open_index(ledger, root=root, workers=workers)
        conn.close()
        assert sorted(info.indexed) == sorted(ledger.sources)
        built[workers] = _tables(index_path(ledger, root))
    assert built[1] == built[2]
    assert len(built[1]["docs"]) == 9  # 8 sources and the claims
    assert built[1]["cites"] and built[1]["terms"] and built[1]["fts"]


def test_the_vocabulary_table_counts_documents(corpus, tmp_path):
    from mali_facts.ledger import load_ledger
    from mali_facts.search.index import index_path, open_index

    ledger = load_ledger(corpus / "claims.yaml")
    open_index(ledger, root=tmp_path / "c")[0].close()
    with sqlite3.connect(index_path(ledger, tmp_path / "c")) as conn:
        df = dict(conn.execute("SELECT term, df FROM terms"))
        units = [body for (body,) in conn.execute("SELECT body FROM units")]
    assert df["curfew"] == sum(" curfew" in f" {b}" for b in units) == 2  # beta and the claim
    assert df["goita"] == 2


def test_progress_is_reported_per_document(corpus, tmp_path):
    from mali_facts.ledger import load_ledger
    from mali_facts.search.index import open_index

    calls = []
    conn, _ = open_index(load_ledger(corpus / "claims.yaml"), root=tmp_path / "c",
                         progress=lambda done, total: calls.append((done, total)))
    conn.close()
    assert calls == [(1, 2), (2, 2)]


def test_progress_printer_writes_only_to_a_terminal(monkeypatch):
    from mali_facts.cli.app import progress_printer

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress_printer("indexing") is None
    term = Terminal()
    monkeypatch.setattr("sys.stderr", term)
    report = progress_printer("indexing", minimum=2)
    for done in (1, 2, 3):
        report(done, 3)
    assert term.getvalue().startswith("\rindexing 1/3")
    assert term.getvalue().endswith("\rindexing 3/3\n")
    small = progress_printer("indexing", minimum=5)
    small(1, 1)
    assert term.getvalue().count("\r") in (2, 3)


def test_a_build_without_processes_to_be_had_is_done_in_process(corpus, tmp_path, monkeypatch):
    import multiprocessing

    from mali_facts.ledger import load_ledger
    from mali_facts.search.index import open_index

    class NoFork:
        def Pool(self, *args, **kwargs):
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing, "get_context", lambda method: NoFork())
    ledger = load_ledger(corpus / "claims.yaml")
    conn, info = open_index(ledger, root=tmp_path / "c", workers=2)
    conn.close()
    assert sorted(info.indexed) == ["alpha", "beta"]


def test_workers_leave_ctrl_c_to_the_parent_and_run_below_it():
    """Ctrl-C reaches the whole process group: a worker that took it would print a
    traceback mid-write. The parent alone stops, rolls back and exits 130."""
    import subprocess
    import sys

    code = ("import os, signal\n"
            "from mali_facts.search.index import _start_worker, WORKER_NICENESS\n"
            "before = os.nice(0)\n"
            "_start_worker()\n"
            "print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN,\n"
            "      os.nice(0) == min(before + WORKER_NICENESS, 19))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (out.returncode, out.stdout, out.stderr) == (0, "True True\n", "")


@pytest.mark.parametrize("change, error", [
    ("rewrite", ": changed while it was being indexed (search again)"),
    ("delete", ": cannot read it: No such file or directory"),
])
def test_a_document_that_changes_between_hashing_and_reading_is_not_indexed(change, error, tmp_path):
    """Workers read the files themselves and check the sha256 the plan recorded."""
    import hashlib

    from mali_facts.search.index import _prepare

    path = tmp_path / "doc.txt"
    path.write_text("The junta met. It closed the borders.\n", encoding="utf-8")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert _prepare((sha, str(path)))[2] is None
    if change == "rewrite":
        path.write_text("Something else.\n", encoding="utf-8")
    else:
        path.unlink()
    assert _prepare((sha, str(path))) == (sha, None, error)


@pytest.mark.parametrize("times, exit_code", [(1, 0), (2, 2)])
def test_a_source_rewritten_during_a_search_is_indexed_again(times, exit_code, corpus, cli, monkeypatch):
    """Between bringing the index up to date and reading the passages' text, the file
    changes: the search starts again on the new text; if it changes again, it says so."""
    import mali_facts.search.index as index

    path = corpus / "seeds" / "alpha.txt"
    real_open = index.open_index
    calls = []

    def open_then_rewrite(*args, **kwargs):
        opened = real_open(*args, **kwargs)
        calls.append(1)
        if len(calls) <= times:  # weather -> sunny1 -> sunny2
            old = "weather" if len(calls) == 1 else f"sunny{len(calls) - 1}"
            path.write_text(path.read_text(encoding="utf-8").replace(old, f"sunny{len(calls)}"),
                            encoding="utf-8")
        return opened

    monkeypatch.setattr(index, "open_index", open_then_rewrite)
    result = cli(["search", "rain", "--format", "json"])
    assert result.exit_code == exit_code
    if exit_code == 0:
        assert len(calls) == 2
        (hit,) = json.loads(result.stdout)["results"]
        assert hit["text"] == "Nothing here mentions the exercise at all, only sunny1 and rain."
    else:
        assert result.stderr == ("seeds/alpha.txt: source 'alpha' changed twice while it was searched "
                                 "(search again once the file is written)\n")
