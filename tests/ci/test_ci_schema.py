"""The JSON Schema of claims.yaml: shipped, printed, valid, and in agreement with the loader."""

from __future__ import annotations

import json

import pytest
import yaml

from .conftest import DATA, ROOT, load_plain
from mali_facts import ledger as L  # load_ledger
from mali_facts.ledger.schema import schema, schema_text
from mali_facts.errors import MaliFactsError

jsonschema = pytest.importorskip("jsonschema")

HEADER = (DATA / "ledger" / "header.yaml").read_text(encoding="utf-8")
ERROR_CASES = yaml.safe_load((DATA / "ledger" / "errors.yaml").read_text(encoding="utf-8"))
NOT_STRUCTURAL = yaml.safe_load((DATA / "ci" / "schema-agreement.yaml").read_text(encoding="utf-8"))
EXEMPT = yaml.safe_load((DATA / "ci" / "fixture-exemptions.yaml").read_text(encoding="utf-8")) or {}
SCHEMA_CASES = yaml.safe_load((DATA / "ci" / "schema-cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    s = schema()
    jsonschema.Draft7Validator.check_schema(s)
    return jsonschema.Draft7Validator(s)


def text_of(case) -> str:
    return case["whole"] if "whole" in case else HEADER + case["claims"]


def schema_accepts(validator, text: str):
    """True/False, or None when the text is not YAML at all."""
    try:
        data = load_plain(text)
    except yaml.YAMLError:
        return None
    return validator.is_valid(data)


def loader_accepts(tmp_dir, text: str) -> bool:
    path = tmp_dir / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        L.load_ledger(path)
    except MaliFactsError:
        return False
    return True


def test_schema_command_prints_the_packaged_schema(cli):
    result = cli(["schema"])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "mali_facts" / "ledger" / "claims.schema.json").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["title"] == "mali-facts claims file, version 1"
    assert schema_text() == result.stdout


# The loader's keys, enums and patterns are read from the schema itself: see
# tests/ledger/test_ledger_schema.py, which edits a copy of it.


def test_real_ledger_validates(validator):
    data = load_plain((ROOT / "claims.yaml").read_text(encoding="utf-8"))
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


# Ledgers that tests copy beside a seeds/ folder before use: in place their sources are missing.
TEMPLATES = {ROOT / "tests" / "data" / "ci" / "three-claims.yaml"}


def _fixture_ledgers():
    """Every YAML file under tests/ and docs/ that is a claims file (has a top-level version)."""
    out = []
    for path in sorted([*(ROOT / "tests").rglob("*.y*ml"), *(ROOT / "docs").rglob("*.y*ml")]):
        try:
            data = load_plain(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and "version" in data and "claims" in data and path not in TEMPLATES:
            out.append(path)
    return out


@pytest.mark.parametrize("path", _fixture_ledgers(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture_ledger_gets_the_loaders_verdict(path, validator):
    """Files the loader accepts validate; files it rejects fail the schema too (or are exempt)."""
    data = load_plain(path.read_text(encoding="utf-8"))
    try:
        L.load_ledger(path)
    except MaliFactsError:
        if str(path.relative_to(ROOT)) in EXEMPT:
            assert validator.is_valid(data), "exempt, yet the schema rejects it: remove the exemption"
        else:
            assert not validator.is_valid(data)
        return
    assert [e.message for e in validator.iter_errors(data)] == []


def test_the_agreement_list_names_real_cases():
    labels = {c["label"] for c in ERROR_CASES}
    assert set(NOT_STRUCTURAL) <= labels


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c["label"] for c in ERROR_CASES])
def test_schema_rejects_what_the_loader_rejects_for_structure(case, validator, ledger_dir):
    text = text_of(case)
    assert not loader_accepts(ledger_dir, text)
    verdict = schema_accepts(validator, text)
    if case["label"] in NOT_STRUCTURAL:
        # Listed as beyond a schema: it must really get past it (or not be YAML).
        assert verdict in (True, None)
    else:
        assert verdict is False


@pytest.mark.parametrize("case", SCHEMA_CASES, ids=[c["label"] for c in SCHEMA_CASES])
def test_schema_and_loader_agree(case, validator, ledger_dir):
    text = text_of(case)
    assert loader_accepts(ledger_dir, text) is case["valid"]
    assert schema_accepts(validator, text) is case["valid"]
