"""docs/hostile.md stays true: every limit with its default, the exit codes, the fuzz command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "hostile.md").read_text(encoding="utf-8")


def test_every_limit_is_documented_with_its_default():
    from mali_facts.limits import DEFAULTS, variable

    rows = dict(re.findall(r"^\| `(MALI_FACTS_\w+)` \| (\d+)", DOC, re.M))
    assert rows == {variable(name): str(default) for name, (default, _) in DEFAULTS.items()}


def test_the_exit_codes_match_the_cli():
    from mali_facts.cli.app import EXIT_CODES_HELP, EXIT_INTERNAL

    assert EXIT_INTERNAL == 3
    assert "| 3 | internal error" in DOC
    assert "3 internal error" in EXIT_CODES_HELP


def test_the_fuzz_command_names_real_targets():
    import sys

    sys.path.insert(0, str(ROOT / "tools" / "fuzz"))
    try:
        import targets
    finally:
        sys.path.pop(0)
    for name in re.findall(r"tools/fuzz/run\.py (\w+)", DOC):
        assert name in targets.TARGETS
    assert "'.[fuzz]'" in DOC
    assert 'fuzz = [' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
