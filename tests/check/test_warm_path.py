"""The warm path of the verification session (issue 15): a cached folded match is
checked by the digest of its span (the very text the engine verified it in), and
by folding the span again only when that digest does not match; either way the
results are those of a cold run."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

from .test_session import CLAIMS, A, B, C, as_json, check


@pytest.fixture
def ledger_path(make_ledger):
    return make_ledger(CLAIMS, {"a.txt": A, "b.txt": B, "c.txt": C})


@pytest.fixture
def folds(monkeypatch):
    """The spans the session checked by folding them (or searching them) again."""
    import mali_facts.session as session

    seen = []
    real = session._verifies_in

    def spy(piece, quote, kind):
        seen.append(piece)
        return real(piece, quote, kind)

    monkeypatch.setattr(session, "_verifies_in", spy)
    return seen


def _cache_file(ledger_path: Path) -> Path:
    [path] = (ledger_path.parent / "cache" / "positions").glob("*.json")
    return path


def test_a_cached_folded_match_is_checked_by_its_spans_digest(ledger_path, folds):
    cold, _ = check(ledger_path, cache=True)
    warm, session = check(ledger_path, cache=True)
    assert as_json(warm) == as_json(cold)
    assert session.stats["cached"] == 4 and folds == []
    statuses = {r.claim.id: (r.status, r.match) for c in warm.claims for r in c.evidence}
    assert statuses["folded"] == ("verified", "normalized")
    assert statuses["wrapped"] == ("verified", "normalized")


@pytest.mark.parametrize("digest", ["other", "none"])
def test_a_folded_match_whose_digest_differs_is_folded_again(ledger_path, folds, digest):
    """A record whose span digest is not that of the text there (another one, or
    none) is checked as before: the quote must verify in the span on its own."""
    cold, _ = check(ledger_path, cache=True)
    path = _cache_file(ledger_path)
    entries = json.loads(path.read_text(encoding="utf-8").partition("\n")[2])
    folded = [m for m in entries.values() if m.get("match") == "normalized"]
    assert len(folded) == 2
    for m in folded:
        if digest == "none":
            del m["~span"]
        else:
            m["~span"] = hashlib.sha256(b"some other text").hexdigest()
    body = json.dumps(entries, sort_keys=True)
    mac = hmac.new((path.parent / "key").read_bytes(), body.encode(), "sha256").hexdigest()
    from mali_facts.session import PositionCache

    path.write_text(f"{PositionCache.FORMAT} {mac}\n{body}", encoding="utf-8")
    warm, session = check(ledger_path, cache=True)
    assert as_json(warm) == as_json(cold)
    assert session.stats["cached"] == 4 and len(folds) == 2


def test_a_warm_check_imports_neither_the_statement_check_nor_rapidfuzz(ledger_path):
    """A warm `check --format json` takes the statements' result from the memo and the
    misquotes' differences from the position cache: it imports neither the statement
    check (mali_facts.consistency) nor rapidfuzz (start-up, issue 15)."""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom mali_facts.cli import main\n"
            "try:\n    main(['check', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)))\n")
    env = {"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "MALI_FACTS_CACHE": os.environ["MALI_FACTS_CACHE"]}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=ledger_path.parent, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout and '"misquoted"' in runs[1].stdout
    cold, warm = (set(r.stderr.rpartition("MODULES ")[2].split()) for r in runs)
    assert {"mali_facts.consistency", "rapidfuzz"} <= cold
    assert "mali_facts.text.differences" in warm
    assert not {"mali_facts.consistency", "rapidfuzz"} & warm
