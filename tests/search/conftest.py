"""Fixtures for the search tests: a throw-away copy of the search corpus."""

from __future__ import annotations

import shutil

import pytest

from conftest import DATA


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A copy of the search fixture corpus (tests/data/search) as the working directory,
    with its cache in ``tmp_path / "cache"``."""
    shutil.copytree(DATA / "search", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path / "corpus")
    monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "corpus"
