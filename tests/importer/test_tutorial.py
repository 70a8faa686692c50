"""docs/first-ledger.md, run as written on the project's own sample page.

Directives in HTML comments say what the reader is told to do with the next code
block: ``run`` (console: ``$ command`` lines and their exact output), ``claims.yaml
holds`` (the block is part of the file), ``replace "X" in claims.yaml`` (by the block)
and ``replace "X" in claims.yaml with "Y"``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from .conftest import DATA

DOC = Path(__file__).resolve().parents[2] / "docs" / "first-ledger.md"
DIRECTIVE = re.compile(r"<!-- test: (.*?) -->")
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)


def steps(markdown: str):
    """(directive, block text or None) in document order."""
    pos, out = 0, []
    while True:
        found = DIRECTIVE.search(markdown, pos)
        if not found:
            return out
        directive = found.group(1)
        pos = found.end()
        if " with " in directive:
            out.append((directive, None))
            continue
        block = BLOCK.search(markdown, pos)
        out.append((directive, block.group(2)))
        pos = block.end()


def unquote(text: str) -> str:
    return text.encode().decode("unicode_escape")


def normalize(text: str) -> str:
    """Versions and today's date vary between machines; nothing else may."""
    text = re.sub(r"(trafilatura|pypdf) \d+(\.\d+)+", r"\1 VERSION", text)
    return re.sub(r"accessed: \d{4}-\d\d-\d\d", "accessed: DATE", text)


def test_the_tutorial_runs_as_written(tmp_path, monkeypatch, cli):
    markdown = DOC.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "news.html", tmp_path / "page.html")
    claims = tmp_path / "claims.yaml"
    done = []
    for directive, block in steps(markdown):
        if directive == "run":
            for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
                command, _, expected = chunk.partition("\n")
                args = shlex.split(command)
                assert args[0] == "mali-facts"
                result = cli(args[1:])
                assert normalize(result.stdout + result.stderr) == normalize(expected), command
                done.append(command)
        elif directive == "claims.yaml holds":
            assert normalize(block) in normalize(claims.read_text(encoding="utf-8"))
        elif directive.startswith("replace "):
            old, new = re.fullmatch(r'replace "(.*?)" in claims.yaml(?: with "(.*?)")?', directive).groups()
            text = claims.read_text(encoding="utf-8")
            assert unquote(old) in text, directive
            claims.write_text(text.replace(unquote(old), block if new is None else unquote(new)),
                              encoding="utf-8")
        else:
            raise AssertionError(f"unknown directive {directive!r}")
    assert done == ["mali-facts init", "mali-facts source add page.html", "mali-facts check",
                    "mali-facts check", "mali-facts check", "mali-facts cite ferry-first-sailing"]
