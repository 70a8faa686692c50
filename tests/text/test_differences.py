"""Differences named as an editor would (issue 14), and honest similarity."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import DATA
from mali_facts.text.differences import classify

CASES = yaml.safe_load((DATA / "differences" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_difference_table(case):
    assert [d.to_dict() for d in classify(case["quoted"], case["source"])] == case["differences"]


STRAY = """\
version: 1
sources:
  - id: rs
    file: seeds/rolling-stone-2013-mali-training.txt
    title: Rolling Stone
claims:
  - id: pan-sahel
    statement: The Pan-Sahel Initiative began in 2002.
    evidence:
      - source: rs
        quote: >-
          Prior to the coup, the U.S. military had trained members of Mali’s security forces as
          part of a wider counter-terrorism training operation in West Africa. The first iteration
          of that program, announced in 2002, was called the "Pan-Sahel Initiative, and included
          Mali, Niger, Chad and Mauritania.
"""


def test_a_failure_never_shows_100_percent(write_claims, cli):
    """One stray quotation mark: 99.8% similar, shown as 99, not rounded up to 100."""
    write_claims(STRAY)
    result = cli(["check", "--format", "plain"])
    assert result.exit_code == 1
    assert "(99% similar): punctuation: \" → ∅ [misquoted]" in result.stdout
    assert "100%" not in result.stdout
    table = cli(["check", "--format", "table"], env={"NO_COLOR": "1"})
    assert "100%" not in table.stdout
    ev = json.loads(cli(["check", "--format", "json"]).stdout)["claims"][0]["evidence"][0]
    assert ev["status"] == "misquoted" and 99.5 <= ev["score"] < 100


GAP = """\
version: 1
sources:
  - id: rs
    file: seeds/rolling-stone-2013-mali-training.txt
    title: Rolling Stone
claims:
  - id: too-far
    statement: The election will unlock aid for training.
    evidence:
      - source: rs
        quote: "The election will unlock $4 billion in foreign aid … U.S. training in Mali will resume"
"""


def test_an_elision_gap_over_the_limit_says_so(write_claims, cli):
    write_claims(GAP)
    result = cli(["check", "--format", "plain"])
    assert result.exit_code == 1
    assert result.stdout == (
        "claims.yaml:11:9: error: misquoted from 'rs'; gap too long (1497 characters between '…' "
        "pieces; the limit is 600) [misquoted]\n")
    ev = json.loads(cli(["check", "--format", "json"]).stdout)["claims"][0]["evidence"][0]
    assert (ev["status"], ev["match"]) == ("misquoted", "elided")
    assert ev["found"].startswith("The election will unlock") and ev["found"].endswith("will resume")
