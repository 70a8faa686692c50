"""The done-when scenario of issue 13, on a copy of the ledger whose Rolling Stone
source was re-saved (a paragraph inserted at the top, CRLF line endings, one
curly apostrophe straightened): check says drifted, fix prints the diff, fix
--write changes only the affected lines, and check --strict passes again."""

from __future__ import annotations

import difflib
import json

from .authoring_paths import RS, resave


def _changed_lines(before: str, after: str):
    old, new = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, before.splitlines(True), after.splitlines(True), autojunk=False).get_opcodes():
        if tag != "equal":
            assert tag == "replace" and i2 - i1 == j2 - j1, "lines added or removed"
            old += before.splitlines(True)[i1:i2]
            new += after.splitlines(True)[j1:j2]
    return old, new


def test_resaved_source_is_fixed(cli, ledger_copy):
    claims = ledger_copy / "claims.yaml"
    original = claims.read_text(encoding="utf-8")
    resave(ledger_copy)

    check = cli(["check", "--format", "json"])
    data = json.loads(check.stdout)
    statuses = [(c["id"], e["source"], e["status"]) for c in data["claims"] for e in c["evidence"]]
    assert {s for _, src, s in statuses if src == "rolling-stone-2013"} == {"drifted"}
    assert {s for _, src, s in statuses if src == "mali-coup-2020"} == {"verified"}
    assert check.exit_code == 0                       # drifted passes without --strict
    assert cli(["check", "--strict", "--format", "plain"]).exit_code == 1

    dry = cli(["fix"])
    assert dry.exit_code == 0
    assert dry.stdout.startswith("--- a/claims.yaml\n+++ b/claims.yaml\n@@ ")
    assert claims.read_text(encoding="utf-8") == original     # a dry run writes nothing
    n_rs = sum(1 for _, src, _ in statuses if src == "rolling-stone-2013")
    assert dry.stderr == (f"claims.yaml: would re-anchor {n_rs} quotes, retype 1 quote and update "
                          "1 sha256 pin; run with --write to apply\n")

    wrote = cli(["fix", "--write"])
    assert wrote.exit_code == 0
    assert wrote.stdout == dry.stdout
    assert wrote.stderr == (f"claims.yaml: re-anchored {n_rs} quotes, retyped 1 quote and updated "
                            "1 sha256 pin\n")
    after = claims.read_text(encoding="utf-8")
    old, new = _changed_lines(original, after)
    # only start:, end:, the one quote and the pin changed; every other line is byte-identical
    assert len(new) == 2 * n_rs + 2
    kinds = sorted({line.split(":")[0].strip() for line in new})
    assert kinds == ["end", "quote", "sha256", "start"]
    [quote] = [line for line in new if line.strip().startswith("quote:")]
    assert "what's known as the Leahy amendment" in quote
    [was] = [line for line in old if line.strip().startswith("quote:")]
    assert was.replace("’", "'", 1) == quote          # only the apostrophe changed in that line

    strict = cli(["check", "--strict", "--format", "plain"])
    assert (strict.exit_code, strict.stdout) == (0, "")
    again = cli(["fix"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "claims.yaml: nothing to fix\n")


def test_fix_never_rewrites_a_misquote(cli, ledger_copy):
    path = ledger_copy / RS
    text = path.read_text(encoding="utf-8")
    path.write_text("A new first paragraph.\n\n" + text.replace(
        "run-off vote earlier this week", "run-off vote last week"), encoding="utf-8")
    before = (ledger_copy / "claims.yaml").read_bytes()
    result = cli(["fix", "--write"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("claims.yaml:163: claim 'keita-elected-2013': not fixed: misquoted "
                               "from 'rolling-stone-2013'")
    assert lines[2] == ("  closest source text (seeds/rolling-stone-2013-mali-training.txt:15): "
                        "The citizens of Mali elected ex-Prime Minister Ibrahim Boubacar Keita as "
                        "their next president in a run-off vote last week")
    assert lines[-1].endswith("; 2 quotes left for a person to judge (not changed)")
    after = (ledger_copy / "claims.yaml").read_bytes()
    assert after != before                                   # the other quotes were re-anchored
    assert b"ddad352b1ae8de8c5d73f2a87cda1ebbc4010925f9cb87fde054adab75c2bd68" in after  # pin kept
    check = cli(["check", "--format", "plain"])
    assert check.exit_code == 1
