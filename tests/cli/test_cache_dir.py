"""Where the cache folder is: $MALI_FACTS_CACHE, else the platform's (platformdirs; on
Linux its rule is written out, so that a run need not import it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from mali_facts.cache import _xdg_cache_dir, cache_dir

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "cache" / "cache_dir.yaml")
                       .read_text(encoding="utf-8"))


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the shortcut is Linux's rule")
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_linux_shortcut_is_platformdirs_answer(case, monkeypatch):
    import platformdirs

    monkeypatch.delenv("MALI_FACTS_CACHE", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    for name, value in case["env"].items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert (_xdg_cache_dir() is not None) == case["shortcut"]
    try:
        expected = Path(platformdirs.user_cache_dir("mali-facts", appauthor=False))
    except RuntimeError:  # platformdirs finds no home either: cache_dir raises the same
        with pytest.raises(RuntimeError):
            cache_dir()
        return
    assert cache_dir() == expected


def test_a_check_does_not_import_platformdirs(tmp_path):
    """The cache folder of a run with no MALI_FACTS_CACHE comes without platformdirs."""
    import os
    import subprocess

    if not sys.platform.startswith("linux"):
        pytest.skip("the shortcut is Linux's rule")
    env = {k: v for k, v in os.environ.items() if k not in ("MALI_FACTS_CACHE", "CI")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    code = ("import sys; from mali_facts.cli import main\n"
            "try:\n    main(['check', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print('platformdirs' in sys.modules, file=sys.stderr)")
    for _ in range(2):  # cold, then warm
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert run.stderr.splitlines()[-1] == "False"
    assert (tmp_path / "xdg" / "mali-facts").is_dir()
