"""Shared fixtures: the repository, a CLI runner, and throw-away ledgers. Each folder
mirrors a package of mali_facts; its own conftest.py holds what only it needs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
#: The version and sources a test ledger starts with (tests/data/ledger/header.yaml).
HEADER = (DATA / "ledger" / "header.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache folder: nothing is read from or left in ~/.cache.
    CI is unset (a CI run does not read the caches): the tests that need it set it."""
    monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def root() -> Path:
    return ROOT


def invoke(args, **kwargs):
    """Run the CLI in-process; return the click Result (stdout, stderr, exit_code)."""
    from mali_facts.cli import app

    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)


@pytest.fixture
def cli():
    return invoke


@pytest.fixture
def ledger_dir(tmp_path, monkeypatch) -> Path:
    """An empty folder holding a copy of seeds/; the working directory for the test."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write_claims(ledger_dir):
    def write(text: str, name: str = "claims.yaml") -> Path:
        path = ledger_dir / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
