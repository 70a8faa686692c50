"""Renderers for `timeline`: one function per format (table via rich, lazily; json)."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from mali_facts.timeline import Event


def event_dict(e: Event) -> Dict[str, Any]:
    return {
        "date": str(e.date),
        "precision": e.date.precision,
        "display": e.display,
        "claim": e.claim.id,
        "statement": " ".join(e.claim.statement.split()),
        "rating": e.rating,
        "sources": e.sources,
    }


def render_json(events: List[Event], **_: Any) -> str:
    return json.dumps({"version": 1, "events": [event_dict(e) for e in events]},
                      ensure_ascii=False, indent=2) + "\n"


def render_table(events: List[Event], *, color: bool = False, width: Optional[int] = None,
                 title: str = "mali-facts timeline", **_: Any) -> str:
    from rich.table import Table
    from rich.text import Text

    from mali_facts.render.table import console, id_column
    from mali_facts.render.safe import escape_controls as E

    out = console(color, width)
    out.print(Text(E(title), style="bold"))
    table = Table(show_lines=False)
    table.add_column("date", no_wrap=True)
    id_column(table, "claim", [e.claim.id for e in events])
    table.add_column("statement", overflow="fold", ratio=1)
    table.add_column("rating", no_wrap=True)
    id_column(table, "sources", [s for e in events for s in e.sources])
    for e in events:
        table.add_row(e.display, E(e.claim.id), E(" ".join(e.claim.statement.split())),
                      E(e.rating or ""), E("\n".join(e.sources)))
    out.print(table)
    out.print(f"{len(events)} dated claims")
    return out.file.getvalue()
