"""Output of `search`: a table for people, JSON for programs."""

from __future__ import annotations

from typing import Any, Dict, Optional

from mali_facts.render.json_ import dumps
from mali_facts.search import Hit, SearchReport


def hit_dict(h: Hit) -> Dict[str, Any]:
    return {"kind": h.kind, "source": h.source, "start": h.start, "end": h.end, "line": h.line,
            "column": h.column, "text": h.text, "score": h.score, "claims": list(h.claims),
            "verdicts": [{"claim": c, "status": s, "rating": r} for c, s, r in h.verdicts]}


def claim_label(claim: str, status: str, rating: Optional[str]) -> str:
    """A claim's id, with what makes it stand out: a status other than verified,
    a rating other than accurate.

    >>> claim_label("a", "verified", "accurate"), claim_label("b", "misquoted", "misattributed")
    ('a', 'b (misquoted; rated misattributed)')
    """
    notes = ([status] if status != "verified" else []) + (
        [f"rated {rating}"] if rating not in (None, "accurate") else [])
    return f"{claim} ({'; '.join(notes)})" if notes else claim


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
    labels = [[claim_label(*v) for v in h.verdicts] or list(h.claims) for h in report.hits]
    id_column(table, "claims", [c for ls in labels for c in ls])
    for rank, (h, where) in enumerate(zip(report.hits, wheres), 1):
        text = marked(h.text.replace("\n", " "), h.highlights, color)
        table.add_row(str(rank), where, text, E("\n".join(labels[rank - 1])))
    out.print(table)
    if report.expansions:
        out.print(Text(E("expanded: " + "; ".join(f"{t} → {a} ({w})" for t, a, w in report.expansions))))
    return out.file.getvalue()
