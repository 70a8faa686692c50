"""What the tests under tests/ci/ share: paths, the SARIF schema, and helpers that
read the claims file and the docs' code blocks (imported as ``.conftest``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SCHEMAS = ROOT.parent / "shared" / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif-schema-2.1.0.json"


class PlainLoader(yaml.SafeLoader):
    """YAML as an editor's schema validator sees it: dates stay text."""


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_plain(text: str):
    return yaml.load(text, Loader=PlainLoader)


def sarif_schema():
    import json

    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF schema is not at {SARIF_SCHEMA} "
                    "(the shared/ folder beside the repository is absent in this clone)")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def misquote(text: str) -> str:
    """The ledger with "six" changed to "seven" in one quote (not in the statement)."""
    changed, n = re.subn(r'(quote: ".*?)having been through six', r"\1having been through seven", text, count=1)
    assert n == 1, "the ledger no longer has the quote this test edits"
    return changed


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line holding ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, hits
    return hits[0]


def doc_page(name: str) -> str:
    """The text of a manual page, docs/NAME."""
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def code_blocks(markdown: str, lang: str):
    return [m.group(1) for m in re.finditer(rf"^```{lang}\n(.*?)^```", markdown, re.S | re.M)]
