"""What the check tests share: a throw-away ledger folder with its own cache."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import pytest


@pytest.fixture
def make_ledger(tmp_path, monkeypatch):
    """``make_ledger(claims, {"a.txt": text, ...})`` writes the sources and
    ``claims.yaml`` into ``tmp_path``, makes it the working folder with its own cache
    folder (``tmp_path / "cache"``) and returns the claims file's path."""

    def make(claims: str, sources: Dict[str, str]) -> Path:
        for name, text in sources.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        path = tmp_path / "claims.yaml"
        path.write_text(claims, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path / "cache"))
        return path

    return make
