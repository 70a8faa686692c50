"""The README and --help stay true: Quick start, CI line, every command documented."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_lines():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_has_two_lines():
    lines = quick_start_lines()
    assert len(lines) == 2
    assert lines[0].endswith("mali-facts check")
    assert "'.[test]'" in lines[1] and "pytest" in lines[1]


def test_ci_runs_the_readme_test_line_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_lines()[1] in ci.splitlines()


def commands():
    from mali_facts.cli import app

    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_commands_registered():
    assert "check" in commands()


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_text(name, cli):
    from mali_facts.cli import app

    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
    assert (command.help or command.callback.__doc__ or "").strip(), f"{name} has no help text"
    result = cli([name, "--help"], env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Usage: mali-facts " + name in result.stdout


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"^### {name}\b", README, re.M), f"README has no '### {name}' section"
    assert f"mali-facts {name}" in README


def test_exit_codes_in_help(cli):
    result = cli(["--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert "Exit codes: 0 clean; 1 findings" in " ".join(result.stdout.split())


@pytest.mark.parametrize("page", ["README.md", "docs/api.md"])
def test_python_examples(page, monkeypatch):
    import doctest

    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(ROOT / page), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if page == "docs/api.md":
        assert result.attempted >= 10


@pytest.mark.parametrize("name", commands())
def test_help_shows_no_python_type_labels(name, cli):
    result = cli([name, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    for label in ("<bool>", "<list[str]>", "<str>", "<int>", "<Path>"):
        assert label not in result.stdout, f"{name} --help shows {label}"
