"""The JSON Schema of claims.yaml v1, shipped in the package as data.

It describes the structure :mod:`mali_facts.ledger` enforces (keys, types,
enums, patterns) so that editors can check a claims file while it is typed.
The loader checks more: that ids resolve, files exist, quotes are in their
sources.
"""

from __future__ import annotations

import json
from typing import Any, Dict

SCHEMA_FILE = "claims.schema.json"


def schema_text() -> str:
    """The schema, as shipped (JSON text)."""
    from importlib.resources import files

    return files("mali_facts").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> Dict[str, Any]:
    """The schema, parsed."""
    return json.loads(schema_text())
