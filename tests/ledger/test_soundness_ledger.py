"""Issue 10, classes 5, 7 and 8 (the ledger side): a source that is the claims file,
a ./claims.yaml that is not a readable file, and quotes without a whole word are
errors (exit 2) with one exact line each; the embedded ledger is named on stderr."""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from conftest import DATA, HEADER, ROOT

SOUND = DATA / "soundness"


def cases(name):
    data = yaml.safe_load((SOUND / name).read_text(encoding="utf-8"))
    return pytest.mark.parametrize("case", data, ids=[c["label"] for c in data])


# -- class 5: a source that resolves to the claims file itself -------------------

@cases("self_source.yaml")
def test_a_source_that_is_the_claims_file_is_refused(case, ledger_dir, cli):
    name = case.get("name", "claims.yaml")
    (ledger_dir / name).write_text(
        "version: 1\nsources:\n  - id: me\n"
        f"    file: {case['file']}\n"
        "claims:\n  - id: made-up\n    statement: The Pentagon admitted everything.\n"
        "    evidence:\n      - source: me\n        quote: The Pentagon admitted everything\n",
        encoding="utf-8")
    for link, target in (case.get("links") or {}).items():
        if target.startswith("hard:"):
            os.link(ledger_dir / target[5:], ledger_dir / link)
        else:
            (ledger_dir / link).symlink_to(target)
    result = cli(["check", "--claims", name, "--format", "plain"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", case["expected"] + "\n")


def test_a_source_beside_the_claims_file_still_verifies(ledger_dir, cli):
    (ledger_dir / "claims.yaml").write_text(
        "version: 1\nsources:\n  - id: rs\n    file: seeds/mali-coup-2020-us-trained-officers.txt\n"
        "claims:\n  - id: six\n    statement: Six missions.\n    evidence:\n      - source: rs\n"
        "        quote: six training missions with the US\n", encoding="utf-8")
    result = cli(["check", "--format", "plain"])
    assert result.exit_code == 0, result.stderr


# -- class 7: ./claims.yaml that is not a readable claims file -------------------

def _make(kind, folder):
    target = folder / "claims.yaml"
    if kind == "dir":
        target.mkdir()
    elif kind == "dirlink":
        (folder / "d").mkdir()
        target.symlink_to("d")
    elif kind == "dangling":
        target.symlink_to("gone.yaml")
    elif kind == "loop":
        target.symlink_to("claims.yaml")
    elif kind == "fifo":
        os.mkfifo(target)


@cases("claims_path.yaml")
def test_a_local_claims_yaml_that_is_not_a_file_is_an_error(case, tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    _make(case["make"], tmp_path)
    result = cli(["check", "--format", "plain"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", case["expected"] + "\n")


EMBEDDED = ("note: no ./claims.yaml here, so this is the embedded Mali ledger; "
            "use your own with --claims PATH, or start one with: mali-facts init\n")


@pytest.mark.parametrize("args", [
    ["check", "--format", "json"],
    ["coverage"],
    ["timeline", "--format", "json"],
    ["cite", "sanogo-six-training-missions"],
    ["show", "sanogo-six-training-missions", "--format", "json"],
    ["search", "Sanogo", "--format", "json"],
], ids=lambda a: a[0])
def test_the_embedded_ledger_is_named_on_stderr(args, tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    result = cli(args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(EMBEDDED)
    assert EMBEDDED not in result.stdout
    # with the same file named on the command line: the same stdout, no notice
    named = cli([*args, "--claims", ROOT / "claims.yaml"])
    assert EMBEDDED not in named.stderr
    if args[0] not in ("check", "search", "show"):  # those print the ledger's path
        assert named.stdout == result.stdout


def test_a_local_claims_yaml_gets_no_notice(ledger_dir, cli):
    shutil.copy(ROOT / "claims.yaml", ledger_dir / "claims.yaml")
    result = cli(["check", "--format", "plain"])
    assert result.exit_code == 0 and "embedded" not in result.stderr


# -- class 8: a quote needs a whole word ---------------------------------------------

@cases("trivial_quotes.yaml")
def test_a_quote_without_a_whole_word_is_an_error(case, write_claims, cli):
    write_claims(HEADER + "  - id: trivial\n    statement: Something.\n    evidence:\n"
                 "      - source: rs-2013\n        quote: " + yaml.safe_dump(case["quote"]).split("\n")[0]
                 + "\n")
    result = cli(["check", "--claims", "claims.yaml", "--format", "plain"])
    if case.get("ok"):
        assert "whole word" not in result.stderr and result.exit_code != 2
    else:
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", case["expected"] + "\n")


def test_the_docs_page_quotes_the_messages_as_they_are():
    """Every message quoted in docs/files-caches-and-writes.md is one the tests assert."""
    import re

    from mali_facts.cli.app import EMBEDDED_NOTICE

    page = (ROOT / "docs" / "files-caches-and-writes.md").read_text(encoding="utf-8")
    quoted = [line.strip() for block in re.findall(r"```\n(.*?)```", page, re.S)
              for line in block.splitlines()
              if line.strip().startswith(("claims.yaml", "--output", "note:"))]
    known = {EMBEDDED_NOTICE}
    for name in ("self_source.yaml", "claims_path.yaml", "trivial_quotes.yaml", "output.yaml"):
        for case in yaml.safe_load((SOUND / name).read_text(encoding="utf-8")):
            known.add(case.get("expected") or case.get("stderr"))
    assert len(quoted) == 9
    assert [q for q in quoted if q not in known] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_local_claims_yaml_that_cannot_be_read_is_an_error(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims.yaml").write_text("version: 1\n", encoding="utf-8")
    os.chmod(tmp_path / "claims.yaml", 0)
    result = cli(["check", "--format", "plain"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "claims.yaml: cannot read the claims file: Permission denied "
               "(fix its permissions, or pass a claims file with --claims PATH)\n")
