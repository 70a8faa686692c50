"""Reference-list entries of the house styles (apa, mla, chicago), sorted as each requires."""

from __future__ import annotations

import importlib
from typing import Any, Dict, List, Sequence


def reference_formatter(style: str):
    """The entry and sort-key functions of a reference style (apa, mla, chicago)."""
    name = {"text": "apa", "markdown": "apa"}.get(style, style)
    return importlib.import_module(f"mali_facts.cite.{name}")


def bibliography(items: Sequence[Dict[str, Any]], style: str) -> List[str]:
    """Marked-up entries sorted as the style requires (see :mod:`mali_facts.cite._format`)."""
    module = reference_formatter(style)
    entries = []
    previous = None
    for item in sorted(items, key=module.sort_key):
        if style == "mla":  # subsequent-author-substitute
            names = module.authors(item)
            entry = module.entry(item, author_text=module.SUBSEQUENT_AUTHOR
                                 if names and names == previous else None)
            previous = names
        else:
            entry = module.entry(item)
        entries.append(entry)
    return entries
