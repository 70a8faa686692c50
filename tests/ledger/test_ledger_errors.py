"""Every malformed claims file gets its exact one-line message(s) and exit 2."""

from __future__ import annotations

import yaml
import pytest

from conftest import DATA, HEADER

CASES = yaml.safe_load((DATA / "ledger" / "errors.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_bad_claims_file(case, write_claims, cli):
    text = case["whole"] if "whole" in case else HEADER + case["claims"]
    path = write_claims(text)
    result = cli(["check", "--claims", path.name])
    assert result.stdout == ""
    assert result.stderr.rstrip("\n") == case["expected"]
    assert result.exit_code == 2


def test_missing_claims_file_is_a_usage_error(ledger_dir, cli):
    result = cli(["check", "--claims", "nope.yaml"])
    assert result.stderr == "no such claims file: nope.yaml (pass an existing file to --claims)\n"
    assert result.exit_code == 2


@pytest.mark.parametrize("link, target, expected", [
    ("seeds/inside.txt", "rolling-stone-2013-mali-training.txt", None),
    ("seeds/outside.txt", "/etc/hostname",
     "claims.yaml:4: source 'linked': file 'seeds/outside.txt' is outside the claims file's folder "
     "(keep sources next to or below claims.yaml)"),
    ("seeds/dangling.txt", "gone.txt",
     "claims.yaml:4: source 'linked': file 'seeds/dangling.txt' does not exist "
     "(it is a symbolic link to a file that does not exist)"),
    ("folder/seeds.txt", "../seeds", None),  # a linked folder on the way: resolved through it
])
def test_sources_reached_through_symlinks(link, target, expected, ledger_dir, cli):
    """A source is where its symlinks lead: inside the claims folder, or refused."""
    (ledger_dir / link).parent.mkdir(exist_ok=True)
    if link.startswith("folder/"):
        (ledger_dir / "folder" / "seeds.txt").unlink(missing_ok=True)
        (ledger_dir / "folder").rmdir()
        (ledger_dir / "folder").symlink_to("seeds")
        link = "folder/rolling-stone-2013-mali-training.txt"
    else:
        (ledger_dir / link).symlink_to(target)
    (ledger_dir / "claims.yaml").write_text(
        f"version: 1\nsources:\n  - id: linked\n    file: {link}\nclaims: []\n", encoding="utf-8")
    result = cli(["check", "--claims", "claims.yaml", "--format", "plain"])
    if expected is None:
        assert result.exit_code == 0, result.stderr
    else:
        assert (result.exit_code, result.stderr.rstrip("\n")) == (2, expected)
