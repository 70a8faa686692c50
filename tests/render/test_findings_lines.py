"""The machine formats (plain, github, sarif, junit) split the claims file into
lines once per report, not once per finding: at 10,000 claims with 600 findings
that was 11 of the 15 seconds sarif took (issue 15)."""

from __future__ import annotations

from pathlib import Path

from mali_facts.render import findings as F

SOURCE = "The army chief said the plan was over. Nothing else happened here at all.\n"


def report_with_misquotes(tmp_path: Path, n: int):
    from mali_facts.ledger.cache import load_ledger_cached
    from mali_facts.verify import verify_ledger

    (tmp_path / "a.txt").write_text(SOURCE, encoding="utf-8")
    claims = ["version: 1", "sources:", "  - id: a", "    file: a.txt", "    title: A", "claims:"]
    for i in range(n):
        claims += [f"  - id: c{i}", "    statement: The chief said the plan was done.",
                   "    evidence:", "      - source: a",
                   '        quote: "The army chief said the plan was done."']
    path = tmp_path / "claims.yaml"
    path.write_text("\n".join(claims) + "\n", encoding="utf-8")
    return verify_ledger(load_ledger_cached(path, trust=False))


def test_the_claims_file_is_split_once_for_all_findings(tmp_path):
    report = report_with_misquotes(tmp_path, 5)
    F.claims_lines.cache_clear()
    found = F.findings(report)
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in found] == [
        ("misquoted", 11 + 5 * i, 9, 11 + 5 * i, 56) for i in range(5)]
    assert F.claims_lines.cache_info().misses == 1
