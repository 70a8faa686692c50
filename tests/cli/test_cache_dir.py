"""Where the cache folder is: $MALI_FACTS_CACHE, else the platform's (platformdirs)."""

from __future__ import annotations

import sys
from pathlib import Path

from mali_facts.cache import cache_dir


def test_the_environment_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("MALI_FACTS_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"


def test_else_the_platforms_user_cache_folder(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("MALI_FACTS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == Path(platformdirs.user_cache_dir("mali-facts", appauthor=False))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "mali-facts"
