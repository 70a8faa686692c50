"""Fixtures for the authoring commands: a private copy of the ledger to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .authoring_paths import ROOT


@pytest.fixture
def ledger_copy(tmp_path, monkeypatch) -> Path:
    """claims.yaml and seeds/ copied to a temporary folder, the working directory."""
    shutil.copy(ROOT / "claims.yaml", tmp_path / "claims.yaml")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path
