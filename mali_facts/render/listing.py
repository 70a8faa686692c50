"""Output of `list`: a table for people (ids never wrapped, the terminal's full
width), JSON for programs."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from mali_facts.authoring.listing import Listing, Row


def row_dict(r: Row) -> Dict[str, Any]:
    return {"id": r.id, "line": r.claim.line, "status": r.status, "rating": r.rating,
            "date": r.date, "statement": r.statement, "tags": list(r.claim.tags),
            "sources": r.sources}


def render_json(listing: Listing, **_: Any) -> str:
    from mali_facts.ledger import display_path

    data = {"version": 1, "claims_file": display_path(listing.ledger.path),
            "total": listing.total, "claims": [row_dict(r) for r in listing.rows]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_table(listing: Listing, *, color: bool = False, width: Optional[int] = None,
                 **_: Any) -> str:
    from rich.table import Table
    from rich.text import Text

    from mali_facts.render.table import STYLES, console, id_column

    out = console(color, width)
    table = Table(show_lines=False)
    id_column(table, "id", [r.id for r in listing.rows])
    table.add_column("status", no_wrap=True)
    table.add_column("rating", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("statement", overflow="fold", ratio=1)
    for r in listing.rows:
        table.add_row(r.id, Text(r.status, style=STYLES[r.status]), r.rating or "", r.date or "",
                      r.statement)
    if listing.rows:
        out.print(table)
    shown = len(listing.rows)
    out.print(f"{shown} claims" if shown == listing.total else f"{shown} of {listing.total} claims")
    return out.file.getvalue()
