"""Fixtures for the importer tests: a commented ledger in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "importer"


@pytest.fixture
def commented(tmp_path, monkeypatch) -> Path:
    """tests/data/importer/commented.yaml as claims.yaml, with its two sources."""
    shutil.copy(DATA / "commented.yaml", tmp_path / "claims.yaml")
    (tmp_path / "memo.txt").write_text("Now the budget doubles next year.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("budget doubles, said Jane.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "claims.yaml"
