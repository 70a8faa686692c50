"""Entity validation: unknown entities and conflicting aliases are errors with line numbers."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA

CASES = yaml.safe_load((DATA / "entities" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
@pytest.mark.parametrize("command", ["check", "coverage", "timeline"])
def test_bad_entities(case, command, write_claims, cli):
    write_claims(case["whole"])
    result = cli([command, "--claims", "claims.yaml"])
    assert result.stdout == ""
    assert result.stderr.rstrip("\n") == case["expected"]
    assert result.exit_code == 2


def test_accents_and_case_of_one_entity_do_not_conflict(write_claims, cli):
    write_claims("""version: 1
entities:
  - {name: Assimi Goita, kind: person, aliases: [Assimi Goïta, Goita, Goïta, GOITA]}
sources:
  - {id: mc-2020, file: seeds/mali-coup-2020-us-trained-officers.txt}
claims:
  - id: goita
    statement: Goita appeared in a 2019 US military article.
    entities: [Assimi Goita]
    evidence:
      - {source: mc-2020, quote: "Goita, pdt of Mali’s « Comité national pour le salut du peuple » appeared in a 2019 US military article"}
""")
    result = cli(["check", "--claims", "claims.yaml", "--strict"])
    assert result.exit_code == 0, result.stdout + result.stderr
