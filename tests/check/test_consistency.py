"""Statement-vs-quote consistency ("unsupported detail"): the statement's details
must be in its quotes, folded as `check` folds them."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import yaml

from conftest import DATA
from mali_facts.consistency import unsupported_details

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


CASES = yaml.safe_load((DATA / "consistency" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_consistency_table(case):
    source = SimpleNamespace(title=case.get("title", "A source"), subtitle=None,
                             publisher=case.get("publisher"), authors=case.get("authors", []))
    assert unsupported_details(case["statement"], case["quotes"], case.get("aliases", ()),
                               sources=[source], texts=[case.get("text")]) == case["warn"]


def test_table_covers_both_directions():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if c["warn"]) >= 12 and sum(1 for c in CASES if not c["warn"]) >= 12


PUBLISHED = """\
version: 1
sources:
  - id: ledger
    file: ledger.txt
    title: Coup in Bamako
    publisher: The Ledger
    authors: [Awa Diallo]
claims:
  - id: ledger-report
    statement: The Ledger reported that Awa Diallo saw soldiers take the palace on 22 March 2012.
    evidence:
      - source: ledger
        quote: "on March 22, 2012, soldiers took the palace"
  - id: wrong-month
    statement: Soldiers took the palace in February 2012.
    evidence:
      - source: ledger
        quote: "on March 22, 2012, soldiers took the palace"
"""


def test_check_names_the_cited_source_and_dates(write_claims, ledger_dir, cli):
    """verify passes the cited sources' metadata and text: the publisher and author are
    supported, a month the quote does not say is not."""
    (ledger_dir / "ledger.txt").write_text("Witnesses said that on March 22, 2012, soldiers took the palace.\n",
                                          encoding="utf-8")
    write_claims(PUBLISHED)
    result = cli(["check", "--strict", "--format", "json"])
    claims = json.loads(result.stdout)["claims"]
    assert [c["warnings"] for c in claims] == [
        [], ["unsupported detail 'February 2012': the statement says it, none of its quotes does"]]
    assert result.exit_code == 1
