"""Start-up: a run imports the module of its own command only (issue 15).

Each case runs the CLI in a fresh interpreter and lists the modules it imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

COMMAND_MODULES = {"mali_facts.cli." + m for m in (
    "check", "cite", "coverage", "timeline", "report", "schema", "search", "init", "source",
    "anchor", "add", "fix", "list")}


def imported(*args: str, cache: str = "/nonexistent") -> set:
    code = ("import sys\nfrom mali_facts.cli import main\n"
            f"try:\n    main({list(args)!r})\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "COLUMNS": "100",
                              "MALI_FACTS_CACHE": cache})
    assert "\nMODULES " in run.stderr, run.stderr
    return set(run.stderr.rsplit("\nMODULES ", 1)[1].split())


@pytest.mark.parametrize("args, own", [
    (["--version"], set()),
    (["check", "--format", "json"], {"mali_facts.cli.check"}),
    (["check", "--format", "table"], {"mali_facts.cli.check"}),
    (["show", "c001", "--format", "json"], {"mali_facts.cli.search"}),
    (["schema"], {"mali_facts.cli.schema"}),
])
def test_a_run_imports_its_own_command_module_only(args, own):
    assert imported(*args) & COMMAND_MODULES == own


def test_version_imports_no_format_registry_and_no_rich():
    loaded = imported("--version")
    for module in ("mali_facts.render.formats", "rich", "typer.rich_utils", "mali_facts.verify"):
        assert module not in loaded, module


def test_json_check_imports_neither_rich_nor_typers_rich_help():
    loaded = imported("check", "--format", "json")
    assert "mali_facts.cli.check" in loaded
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}
    assert "typer.rich_utils" not in loaded


@pytest.mark.parametrize("args", [["check", "--format", "json"], ["check"], ["--help"]])
def test_no_run_imports_pydantic(args):
    """typer 0.29 imports pydantic to coerce options, which costs 0.2 s a run; pyproject.toml
    holds typer below it. This fails if a newer typer, or anything else, brings it back."""
    assert not {m for m in imported(*args) if m == "pydantic" or m.startswith("pydantic.")}


def test_a_warm_check_imports_no_validator(tmp_path):
    """A claims file served from the ledger cache is not validated again: the warm run
    imports neither the validator nor PyYAML (1.5 ms of a 60 ms run, with the schema)."""
    imported("check", "--format", "json", cache=str(tmp_path))  # cold: fills the cache
    loaded = imported("check", "--format", "json", cache=str(tmp_path))
    assert not loaded & {"mali_facts.ledger.validate", "mali_facts.ledger.yamlpos", "yaml"}


def test_help_still_lists_every_command():
    loaded = imported("--help")
    assert COMMAND_MODULES <= loaded


def test_an_unknown_command_is_still_matched_against_them_all():
    run = subprocess.run([sys.executable, "-m", "mali_facts", "chek"], capture_output=True,
                         text=True, cwd=ROOT, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin",
                                                   "COLUMNS": "100"})
    assert run.returncode == 2
    assert "No such command 'chek'. Did you mean 'check', 'schema'?" in run.stderr
    assert run.stdout == ""


def test_help_builds_no_command_but_the_source_group():
    """The app's --help shows each command's name and help only: typer builds no
    command's parameters for it (the `source` group is built, with its `add`)."""
    code = ("import sys, typer.main as M\nbuilt = []\norig = M.get_command_from_info\n"
            "def spy(*args, **kw):\n    info = args[0] if args else kw['command_info']\n"
            "    built.append(info.callback.__name__)\n    return orig(*args, **kw)\n"
            "M.get_command_from_info = spy\nfrom mali_facts.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('\\nBUILT ' + ' '.join(built))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "COLUMNS": "100"})
    assert run.stderr.rsplit("\nBUILT ", 1)[1] == "add"
    assert "│ check     Verify every quote in the claims file against its source." in run.stdout


HEAVY_RICH = ("rich.markdown", "markdown_it", "rich.traceback", "rich.syntax", "pygments")


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["check", "--nope"], ["chek"]])
def test_help_and_usage_errors_import_neither_markdown_nor_pygments(args):
    """typer's rich formatter imports rich.markdown and rich.traceback (pygments) for
    Markdown help and pretty tracebacks, which this CLI turns off (cli/lean_rich.py)."""
    loaded = imported(*args)
    assert "typer.rich_utils" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY_RICH or m in HEAVY_RICH}


def test_the_deferred_names_are_the_real_ones_when_used():
    """Should typer ever use them (Markdown help, a pretty traceback), the real rich
    classes do the work: the placeholders only defer the import."""
    code = ("import sys\nfrom mali_facts.cli import lean_rich\nlean_rich.install()\n"
            "import typer.rich_utils as R\nimport rich.markdown, rich.traceback\n"
            "assert sys.modules['rich.markdown'].__file__.endswith('markdown.py')\n"
            "assert R.Markdown is not rich.markdown.Markdown, 'no placeholder was bound'\n"
            "md = R.Markdown('*x*')\nassert isinstance(md, rich.markdown.Markdown), type(md)\n"
            "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n"
            "    tb = R.Traceback.from_exception(type(e), e, e.__traceback__)\n"
            "assert isinstance(tb, rich.traceback.Traceback), type(tb)\nprint('ok')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", "")
