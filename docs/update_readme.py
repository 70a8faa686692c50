"""Refresh the README's ```console examples with the real output of each command.

Run from the repository root: `python docs/update_readme.py`. It runs every
`$ mali-facts ...` block the way tests/test_readme_examples.py checks them
(no color, 100 columns, outside GitHub Actions) and rewrites the output below
the command. Review the diff before committing.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


def run(command: str) -> str:
    from mali_facts.cli import app

    args = shlex.split(command)[1:]
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100",
                                                "GITHUB_ACTIONS": ""})
    return result.stdout + result.stderr


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")

    def refresh(m: "re.Match[str]") -> str:
        command = m.group(1)
        return f"```console\n$ {command}\n{run(command)}```"

    new = re.sub(r"```console\n\$ (mali-facts [^\n]*)\n.*?```", refresh, text, flags=re.S)
    readme.write_text(new, encoding="utf-8")
    print("README.md updated" if new != text else "README.md already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
