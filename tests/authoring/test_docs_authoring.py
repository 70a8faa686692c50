"""The authoring pages of docs/ stay true: their ```shell-session examples (`$
mali-facts ...` lines and what they print) are run in order, in a copy of the
ledger, since they edit files; tests/cli/test_doc_examples.py runs the ```console
examples from the repository root. In a shown output a line that is only
``...`` stands for any number of lines. A ```python block is run too (in the
same folder), so the page's own setup is what is tested.
"""

from __future__ import annotations

import re
import shlex

import pytest

from .authoring_paths import ROOT

PAGES = ["when-a-source-changes.md", "authoring.md"]


def steps(text: str):
    for kind, body in re.findall(r"```(shell-session|python)\n(.*?)```", text, re.S):
        if kind == "python":
            yield ("python", body, None)
            continue
        command, output = None, []
        for line in body.splitlines(keepends=True):
            if line.startswith("$ mali-facts "):
                if command is not None:
                    yield ("console", command, "".join(output))
                command, output = line[2:].rstrip("\n"), []
            elif command is not None:
                output.append(line)
        if command is not None:
            yield ("console", command, "".join(output))


def matches(expected: str, got: str) -> bool:
    """``got`` equals ``expected``, where a line '...' stands for any lines.

    >>> matches("a\\n...\\nd\\n", "a\\nb\\nc\\nd\\n"), matches("a\\n...\\n", "b\\n")
    (True, False)
    """
    parts = [re.escape(chunk) for chunk in re.split(r"(?m)^\.\.\.\n", expected)]
    return re.fullmatch("(?:.*\n)*?".join(parts), got) is not None


@pytest.mark.parametrize("page", PAGES)
def test_page_examples(page, cli, ledger_copy, monkeypatch):
    path = ROOT / "docs" / page
    ran = 0
    for kind, body, expected in steps(path.read_text(encoding="utf-8")):
        if kind == "python":
            exec(compile(body, f"docs/{page}", "exec"), {"__name__": "docs"})
            continue
        args = shlex.split(body)[1:]
        result = cli(args, env={"NO_COLOR": "1", "COLUMNS": "100", "GITHUB_ACTIONS": ""})
        assert matches(expected, result.stdout + result.stderr), \
            f"docs/{page}: `{body}` printed:\n{result.stdout + result.stderr}"
        ran += 1
    assert ran >= 3
