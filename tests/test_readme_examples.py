"""Every ```console block in the README that runs `mali-facts` shows its real output.

A block is a `$ mali-facts ...` line followed by what the command prints
(stdout, then stderr), run from the repository root without color.
"""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [b for b in re.findall(r"```console\n(.*?)```", README, re.S)
          if b.startswith("$ mali-facts ")]


def test_readme_has_examples():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=[b.splitlines()[0][2:60] for b in BLOCKS])
def test_readme_example(block, cli, monkeypatch):
    command, _, expected = block.partition("\n")
    monkeypatch.chdir(ROOT)
    args = shlex.split(command[2:])[1:]
    result = cli(args, env={"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": ""})
    assert result.stdout + result.stderr == expected
