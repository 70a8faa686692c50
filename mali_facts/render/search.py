"""Output of `search`: a table for people, JSON for programs."""

from __future__ import annotations

from typing import Any, Dict, Optional

from mali_facts.render.json_ import dumps
from mali_facts.search import Hit, SearchReport


def hit_dict(h: Hit) -> Dict[str, Any]:
    return {"kind": h.kind, "source": h.source, "start": h.start, "end": h.end, "line": h.line,
            "column": h.column, "text": h.text, "score": h.score, "claims": list(h.claims)}


def render_json(report: SearchReport, **_: Any) -> str:
    data = {"query": report.query, "results": [hit_dict(h) for h in report.hits],
            "expansions": [{"term": t, "alternative": a, "why": w} for t, a, w in report.expansions],
            "suggestions": list(report.suggestions)}
    return dumps(data)


def render_table(report: SearchReport, *, color: bool = False, width: Optional[int] = None,
                 claims_file: str = "claims.yaml", **_: Any) -> str:
    from rich.table import Table
    from rich.text import Text

    from mali_facts.render.table import console, id_column, marked
    from mali_facts.render.safe import escape_controls as E

    out = console(color, width)
    if not report.hits:
        return ""
    table = Table(show_lines=True)
    table.add_column("#", justify="right")
    wheres = [f"{E(h.source or '')}\n{h.line}:{h.column}" if h.kind == "passage"
              else f"claim\n{E(claims_file)}:{h.line}" for h in report.hits]
    id_column(table, "where", [line for w in wheres for line in w.splitlines()])
    table.add_column("text", overflow="fold", ratio=1)
    id_column(table, "claims", [c for h in report.hits for c in h.claims])
    for rank, (h, where) in enumerate(zip(report.hits, wheres), 1):
        text = marked(h.text.replace("\n", " "), h.highlights, color)
        table.add_row(str(rank), where, text, E("\n".join(h.claims)))
    out.print(table)
    if report.expansions:
        out.print(Text(E("expanded: " + "; ".join(f"{t} → {a} ({w})" for t, a, w in report.expansions))))
    return out.file.getvalue()
