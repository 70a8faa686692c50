"""Statement-vs-quote consistency ("unsupported detail"): the statement's details
must be in its quotes, folded as `check` folds them."""

from __future__ import annotations

import json

HEADER_SOFT = """\
version: 1
sources:
  - id: soft
    file: soft.txt
    title: A text with a soft hyphen
claims:
  - id: sanogo
    statement: Sanogo led the coup.
    evidence:
      - source: soft
        quote: "Captain Amadou Sa\\u00adnogo led the coup"
"""


def test_soft_hyphen_quote_supports_the_statement(write_claims, ledger_dir, cli):
    """Issue 11: the quote verifies with its soft hyphen, so --strict must not call
    'Sanogo' an unsupported detail (the consistency check folded less than check)."""
    (ledger_dir / "soft.txt").write_text("Captain Amadou Sa\u00adnogo led the coup.\n", encoding="utf-8")
    write_claims(HEADER_SOFT)
    result = cli(["check", "--strict", "--format", "json"])
    report = json.loads(result.stdout)
    claim = report["claims"][0]
    assert claim["evidence"][0]["status"] == "verified"
    assert claim["warnings"] == []
    assert result.exit_code == 0
