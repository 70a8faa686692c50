"""The check table's layout cache (render/layout_cache.py, issue 15): a warm run
prints the table it kept without importing rich; anything that changes the table
misses; a forged or foreign cache file changes nothing; a CI run writes it but
never reads it. The cases are in tests/data/render/table_cache.yaml.

Every run is a fresh interpreter (as a user's is), with stdout a pipe."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "render"
CASES = yaml.safe_load((DATA / "table_cache.yaml").read_text(encoding="utf-8"))

RUN = ("import sys\nfrom mali_facts.cli import main\ncode = 0\n"
       "try:\n    main(['check', '--format', 'table'])\n"
       "except SystemExit as e:\n    code = e.code\n"
       "sys.stderr.write(f'\\nRUN {code} {\"rich.console\" in sys.modules}')\n")


def run(folder: Path, cache: Path, env=None):
    """``check --format table`` in ``folder``: (stdout, exit code, whether rich was
    imported). ``env`` is added to COLUMNS=100 and NO_COLOR=1 (FORCE_COLOR drops it)."""
    env = {"COLUMNS": "100", "NO_COLOR": "1", **(env or {})}
    if "FORCE_COLOR" in env:
        del env["NO_COLOR"]
    done = subprocess.run([sys.executable, "-c", RUN], cwd=folder, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "MALI_FACTS_CACHE": str(cache),
                                          **env})
    assert "\nRUN " in done.stderr, done.stderr
    code, rich = done.stderr.rsplit("\nRUN ", 1)[1].split()
    return done.stdout, int(code), rich == "True"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the ledger of tests/data/render/table_cache/."""
    shutil.copytree(DATA / "table_cache", tmp_path / "ledger")
    return tmp_path / "ledger"


def uncached(folder: Path, env=None):
    """What a run with an empty cache folder prints."""
    empty = folder.parent / f"empty-{len(list(folder.parent.iterdir()))}"
    return run(folder, empty, env)


def table_file(cache: Path) -> Path:
    [path] = (cache / "tables").glob("*.json")
    return path


def test_a_warm_run_prints_the_same_table_without_importing_rich(folder, tmp_path):
    cold = run(folder, tmp_path / "cache")
    assert cold[1:] == (1, True) and "missions │ misquoted" in cold[0]
    assert run(folder, tmp_path / "cache") == (cold[0], 1, False)


@pytest.mark.parametrize("case", CASES["misses"], ids=[c["label"] for c in CASES["misses"]])
def test_what_changes_the_table_misses(case, folder, tmp_path):
    first = run(folder, tmp_path / "cache", case.get("first"))
    if "edit" in case:
        claims = folder / "claims.yaml"
        old, new = case["edit"]
        assert old in claims.read_text(encoding="utf-8")
        claims.write_text(claims.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    expected = uncached(folder, case.get("env"))
    assert expected[0] != first[0]
    assert run(folder, tmp_path / "cache", case.get("env")) == (expected[0], expected[1], True)


def _forge(path: Path, case) -> None:
    head, _, body = path.read_text(encoding="utf-8").partition("\n")
    records = json.loads(body)
    assert len(records) == 1 and all("FAILED" in text for text in records.values())
    records = {key: case.get("record", text.replace("FAILED", "OK")) for key, text in records.items()}
    body = json.dumps(records, ensure_ascii=False, sort_keys=True)
    sign = case.get("sign")
    if sign == "kept":
        digest = head.split()[1]
    elif sign == "unsigned":
        digest = hashlib.sha256(body.encode()).hexdigest()
    else:
        key = (path.parent / "key").read_bytes() if sign == "own" else os.urandom(32)
        digest = hmac.new(key, body.encode(), "sha256").hexdigest()
    data = f"1 {digest}\n{body}".encode() if "raw" not in case else case["raw"]
    if case.get("link"):
        target = path.parent.parent / "elsewhere.json"
        target.write_bytes(data)
        target.chmod(0o600)
        path.unlink()
        path.symlink_to(target)
    else:
        path.write_bytes(data)
    if "owner" in case:
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(path, case["owner"], case["owner"])
    if "mode" in case:
        path.chmod(int(case["mode"], 8))


@pytest.mark.parametrize("case", CASES["tamper"], ids=[c["label"] for c in CASES["tamper"]])
def test_a_forged_cache_file_changes_nothing(case, folder, tmp_path):
    cache = tmp_path / "cache"
    cold = run(folder, cache)
    assert cold[1:] == (1, True)
    _forge(table_file(cache), case)
    warm = run(folder, cache)
    if case.get("read"):  # the limit LayoutCache's docstring states
        assert warm == (cold[0].replace("FAILED", "OK"), 1, False)
    else:
        assert warm == cold


def test_a_ci_run_writes_the_cache_but_does_not_read_it(folder, tmp_path):
    cache = tmp_path / "cache"
    cold = run(folder, cache, {"CI": "true"})
    assert cold[1:] == (1, True)
    assert table_file(cache).is_file()  # written ...
    assert run(folder, cache, {"CI": "true"}) == cold  # ... never read
    assert run(folder, cache) == (cold[0], 1, False)  # read outside CI


def test_rich_version_is_the_installed_distribution():
    import importlib.metadata

    from mali_facts.render.layout_cache import _find_rich_version

    assert _find_rich_version() == f"rich-{importlib.metadata.version('rich')}.dist-info"


@pytest.mark.parametrize("where", ["windows", "ipython"])
def test_nothing_is_cached_where_rich_looks_at_more_than_the_key(where, monkeypatch, tmp_path):
    import builtins

    from mali_facts.render.layout_cache import LayoutCache

    cache = LayoutCache(tmp_path / "t.json")
    assert cache.key(["x"], 80, False) is not None
    if where == "windows":
        monkeypatch.setattr(sys, "platform", "win32")
    else:
        monkeypatch.setattr(builtins, "get_ipython", lambda: None, raising=False)
    assert cache.key(["x"], 80, False) is None
