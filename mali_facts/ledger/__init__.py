"""The claims file: its model, its schema, reading and validating it, caching it, editing it.

The public names are importable from here::

    from mali_facts.ledger import load_ledger, Ledger, Claim, Evidence, Source

- :mod:`.model`: the dataclasses a ledger is made of (no I/O);
- :mod:`.schema`: ``claims.schema.json``, the one source of truth for the keys,
  enums and patterns of a claims file;
- :mod:`.yamlpos`: YAML with positions (every value keeps its line);
- :mod:`.validate`: the validator, one message per problem, each naming ``file:line``;
- :mod:`.load`: finding the claims file, reading it within its size limit;
- :mod:`.cache`: validated ledgers kept between runs, signed so that only this
  user's mali-facts can write an entry that is used;
- :mod:`.writer`: the one claims-file writer (surgical, atomic, re-validated).

Importing this package is cheap: PyYAML is imported when a file is parsed, the
schema is read when a file is validated, and the cache and the writer load when
first used.
"""

from __future__ import annotations

from typing import Any

from mali_facts.errors import LedgerError
from mali_facts.ledger.load import (display_path, is_embedded, load_ledger, load_ledger_text,
                                    packaged_claims, resolve_claims_path)
from mali_facts.ledger.model import Claim, Entity, Evidence, Ledger, PartialDate, Review, Source

# name -> the submodule that defines it, imported on first use
_LAZY = {
    "load_ledger_cached": "cache",
    "ClaimsEditor": "writer", "EditConflict": "writer", "EditError": "writer",
    "schema_text": "schema", "tables": "schema",
    # the validator, imported when a claims file is validated (not when it comes from the cache)
    "LedgerInvalid": "validate", "canonical_name": "validate",
}

__all__ = [
    "Claim", "Entity", "Evidence", "Ledger", "PartialDate", "Review", "Source",
    "LedgerError",
    "display_path", "is_embedded", "load_ledger", "load_ledger_text", "packaged_claims",
    "resolve_claims_path", *_LAZY,
]


def __getattr__(name: str) -> Any:
    """The lazy names above, and the schema's tables (VERSION, SLUG, RATINGS, ...)."""
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    from mali_facts.ledger import schema as _schema

    if name in _schema.NAMES:
        return getattr(_schema, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
