"""Tables print text as it is: square brackets are never read as rich markup
(a folder named "[v2]" lost its name, a "[sic]" vanished from a statement)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "render"
CASES = yaml.safe_load((DATA / "brackets.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["args"][:2]) for c in CASES])
def test_brackets_are_text_in_tables(case, cli, tmp_path, monkeypatch):
    shutil.copytree(DATA / "brackets", tmp_path / "[v2]")
    monkeypatch.chdir(tmp_path)
    result = cli(case["args"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert (result.stdout, result.exit_code) == (case["stdout"], case["exit"])
