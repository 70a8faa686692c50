"""Output of `show`: the claim, its review and each quote in its context."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from mali_facts.show import ShowReport, Shown


def _evidence(s: Shown) -> Dict[str, Any]:
    from mali_facts.render.json_ import evidence_dict

    d = evidence_dict(s.result)
    d.update({"source_line": s.line, "source_column": s.column, "context": s.context,
              "context_start": s.context_start, "context_end": s.context_end})
    return d


def render_json(report: ShowReport, **_: Any) -> str:
    from mali_facts.ledger import display_path

    c = report.claim
    review = None
    if c.review is not None:
        review = {"rating": c.review.rating, "explanation": c.review.explanation,
                  "references": list(c.review.references),
                  "date": str(c.review.date) if c.review.date else None}
    data = {"id": c.id, "claims_file": display_path(report.ledger.path), "line": c.line,
            "statement": " ".join(c.statement.split()), "date": str(c.date) if c.date else None,
            "tags": list(c.tags), "entities": list(c.entities), "review": review,
            "evidence": [_evidence(s) for s in report.evidence]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_table(report: ShowReport, *, color: bool = False, width: Optional[int] = None,
                 **_: Any) -> str:
    from rich.text import Text

    from mali_facts.ledger import display_path
    from mali_facts.render.safe import escape_controls as E
    from mali_facts.render.table import STYLES, console, marked

    out = console(color, width)
    c = report.claim
    claims_file = E(display_path(report.ledger.path))
    out.print(Text(f"{c.id}  ({claims_file}:{c.line})", style="bold"))
    out.print(Text(E(" ".join(c.statement.split()))))
    facts = [f"date: {c.date}" if c.date else "", "tags: " + E(", ".join(c.tags)) if c.tags else ""]
    if any(facts):
        out.print(Text("  ".join(f for f in facts if f), style="dim"))
    if c.review is not None:
        out.print(Text(f"review: {c.review.rating}", style="bold"))
        out.print(Text(E(c.review.explanation)))
        for ref in c.review.references:
            out.print(Text(f"  {E(ref)}"))
    for i, s in enumerate(report.evidence, 1):
        r = s.result
        out.print()
        head = Text(f"[{i}] ")
        head.append(r.status, style=STYLES[r.status])
        head.append(f"  {E(r.evidence.source)}")
        if s.line is not None:
            head.append(f" {E(r.source.file)}:{s.line}:{s.column}")
        head.append(f"  (quote at {claims_file}:{r.evidence.line})")
        out.print(head)
        if s.context is None:
            out.print(Text("  " + E(r.message)))
            continue
        body = marked(s.context, [(r.start - s.context_start, r.end - s.context_start)], color)
        out.print(Text("  ") + body)
        if r.status != "verified":
            out.print(Text("  " + E(r.message)))
    return out.file.getvalue()
