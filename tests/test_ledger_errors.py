"""Every malformed claims file gets its exact one-line message(s) and exit 2."""

from __future__ import annotations

import yaml
import pytest

from conftest import DATA

HEADER = (DATA / "ledger" / "header.yaml").read_text(encoding="utf-8")
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
