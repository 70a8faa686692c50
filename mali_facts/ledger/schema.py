"""The JSON Schema of claims.yaml v1: the one source of truth for its structure.

``claims.schema.json`` ships in this package as data. Editors check a claims file
against it while it is typed, and the validator (:mod:`mali_facts.ledger.validate`)
takes its tables from it: the keys allowed in each object (and which are
required), the enums (source types, ratings, entity kinds), the id, sha256 and URL
patterns and the format version. Changing the schema changes what the loader
accepts and the hints it gives; nothing else lists them. The loader checks more
than a schema can: that ids resolve, files exist, quotes are in their sources.

The file is read and parsed once, when a claims file is first validated (about
0.3 ms), not when the package is imported.

>>> t = tables()
>>> list(t.keys["top"]), t.keys["evidence"]["quote"], t.keys["evidence"]["start"]
(['version', 'sources', 'claims', 'entities'], True, False)
>>> slug = t.patterns["claim.id"]
>>> t.version, t.ratings[0], bool(slug.fullmatch("rs-2013")), bool(slug.fullmatch("RS"))
(1, 'accurate', True, False)
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Dict, NamedTuple, Pattern, Tuple

SCHEMA_FILE = "claims.schema.json"

#: The text values with a pattern, by the name the validator uses -> where the
#: schema gives it (an object of :data:`OBJECTS`, then keys; ``[]``: a list's items).
PATTERNS = {"source.id": "source.id", "source.sha256": "source.sha256", "source.url": "source.url",
            "archive.sha256": "archive.sha256", "claim.id": "claim.id", "claim.tags": "claim.tags[]",
            "review.references": "review.references[]"}

#: The objects of a claims file, by the name the validator uses -> where the schema
#: describes them (``None``: the top level, else a key of ``definitions``).
OBJECTS = {"top": None, "source": "source", "archive": "source.archive", "claim": "claim",
           "evidence": "evidence", "review": "review", "entity": "entity"}


def schema_text() -> str:
    """The schema, as shipped (JSON text)."""
    path = Path(__file__).with_name(SCHEMA_FILE)
    try:
        return path.read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - installed in a zip: ask the import system
        from importlib.resources import files

        return files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> Dict[str, Any]:
    """The schema, parsed (a new copy each call: the caller may change it)."""
    import json

    return json.loads(schema_text())


class Tables(NamedTuple):
    """What the validator needs from the schema, read once. (A NamedTuple, not a frozen
    dataclass: making a dataclass costs half a millisecond of every run's start-up.)"""

    version: int
    #: object name (see :data:`OBJECTS`) -> {key: required}, in the schema's order
    keys: Dict[str, Dict[str, bool]]
    source_types: Tuple[str, ...]
    ratings: Tuple[str, ...]
    entity_kinds: Tuple[str, ...]
    #: where (see :data:`PATTERNS`) -> the pattern a text value there must match. They
    #: are anchored (^...$) in the schema, and always used with fullmatch: with
    #: ``match``, ``$`` would let "c1\n" through.
    patterns: Dict[str, Pattern[str]]


@functools.lru_cache(maxsize=None)
def tables() -> Tables:
    """The validator's tables, read from the shipped schema (once per process)."""
    return tables_from(schema())


def tables_from(s: Dict[str, Any]) -> Tables:
    """The validator's tables from the schema ``s``."""
    defs = s["definitions"]

    def node(where):
        if where is None:
            return s
        first, *rest = where.split(".")
        out = defs[first]
        for name in rest:
            out = out["properties"][name]
        return out

    keys = {}
    for name, where in OBJECTS.items():
        n = node(where)
        required = set(n.get("required", ()))
        keys[name] = {key: key in required for key in n["properties"]}
    patterns = {}
    for name, where in PATTERNS.items():
        place, key = where.rstrip("[]").split(".")
        n = node(OBJECTS[place])["properties"][key]
        patterns[name] = re.compile((n["items"] if where.endswith("[]") else n)["pattern"])
    props = {name: defs[name]["properties"] for name in ("source", "review", "entity")}
    return Tables(
        version=s["properties"]["version"]["const"],
        keys=keys,
        source_types=tuple(props["source"]["type"]["enum"]),
        ratings=tuple(props["review"]["rating"]["enum"]),
        entity_kinds=tuple(props["entity"]["kind"]["enum"]),
        patterns=patterns,
    )


#: The module-level names the tables were known by (``from mali_facts.ledger import
#: RATINGS`` still works, read from the schema on first use).
NAMES = {
    "VERSION": lambda t: t.version,
    "SLUG": lambda t: t.patterns["claim.id"], "SHA256": lambda t: t.patterns["source.sha256"],
    "URL": lambda t: t.patterns["source.url"],
    "SOURCE_TYPES": lambda t: t.source_types, "RATINGS": lambda t: t.ratings,
    "ENTITY_KINDS": lambda t: t.entity_kinds,
    **{f"{prefix}_KEYS": (lambda t, name=name: t.keys[name])
       for prefix, name in (("TOP", "top"), ("SOURCE", "source"), ("ARCHIVE", "archive"),
                            ("CLAIM", "claim"), ("EVIDENCE", "evidence"), ("REVIEW", "review"),
                            ("ENTITY", "entity"))},
}


def __getattr__(name: str) -> Any:
    if name in NAMES:
        return NAMES[name](tables())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
