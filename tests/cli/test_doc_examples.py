"""Every ```console block of README.md and docs/*.md that runs `mali-facts`
shows its real output, and docs/reference.md matches --help.

A block is a `$ mali-facts ...` line followed by what the command prints
(stdout, then stderr), run from the repository root without color at 100
columns. A block whose last line is `…` shows the first lines of the output.
`python docs/update_docs.py` refreshes them all.
"""

from __future__ import annotations

import importlib.util
import re
import shlex

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("update_docs", ROOT / "docs" / "update_docs.py")
update_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_docs)

BLOCKS = [(page.relative_to(ROOT).as_posix(), m.group(1), m.group(2))
          for page in update_docs.pages()
          for m in update_docs.BLOCK.finditer(page.read_text(encoding="utf-8"))]


def test_docs_have_examples():
    pages = {page for page, _, _ in BLOCKS}
    assert "README.md" in pages and len(BLOCKS) >= 10


@pytest.mark.parametrize("page,command,expected", BLOCKS,
                         ids=[f"{p}:{c[:50]}" for p, c, _ in BLOCKS])
def test_doc_example(page, command, expected, cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split(command)[1:]
    result = cli(args, env=update_docs.ENV)
    actual = result.stdout + result.stderr
    assert update_docs.shown(expected, actual) == expected, \
        f"{page}: `{command}` printed something else; run python docs/update_docs.py"


def test_truncated_block_compares_its_first_lines():
    assert update_docs.matches("a\nb\n…\n", "a\nb\nc\nd\n")
    assert not update_docs.matches("a\nx\n…\n", "a\nb\nc\n")
    assert not update_docs.matches("a\nb\n", "a\nb\nc\n")


def test_cli_reference_is_current():
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == update_docs.reference(), "docs/reference.md is stale: run python docs/update_docs.py"


def test_cli_reference_names_every_command():
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    from mali_facts.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        assert f"`mali-facts {name}`" in committed


def test_links_between_pages_resolve():
    for page in update_docs.pages():
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to missing {target}"
