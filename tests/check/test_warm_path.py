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
