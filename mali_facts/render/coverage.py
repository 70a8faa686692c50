"""Renderers for `coverage`: one function per format (table via rich, lazily; json)."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from mali_facts.coverage import CoverageReport, SourceCoverage


def source_dict(s: SourceCoverage) -> Dict[str, Any]:
    return {
        "id": s.id,
        "file": s.file,
        "sentences": s.substantive,
        "covered": s.count("covered"),
        "percent": s.percent,
        "furniture": s.count("furniture"),
        "uncovered": [{"start": u.start, "end": u.end, "line": u.line, "text": u.text}
                      for u in s.uncovered],
        "missing_furniture": list(s.missing_furniture),
        "error": s.error,
    }


def coverage_dict(report: CoverageReport) -> Dict[str, Any]:
    from mali_facts.ledger import display_path

    return {
        "version": 1,
        "claims_file": display_path(report.ledger.path),
        "min_share": report.min_share,
        "sources": [source_dict(s) for s in report.sources],
    }


def render_json(report: CoverageReport, **_: Any) -> str:
    return json.dumps(coverage_dict(report), ensure_ascii=False, indent=2) + "\n"


def render_table(report: CoverageReport, *, color: bool = False, width: Optional[int] = None,
                 **_: Any) -> str:
    from rich.table import Table
    from rich.text import Text

    from mali_facts.ledger import display_path
    from mali_facts.render.table import console, id_column
    from mali_facts.render.safe import escape_controls as E

    out = console(color, width)
    out.print(Text(f"mali-facts coverage: {E(display_path(report.ledger.path))}", style="bold"))
    table = Table()
    id_column(table, "source", [s.id for s in report.sources])
    table.add_column("sentences", justify="right")
    table.add_column("covered", justify="right")
    table.add_column("percent", justify="right")
    table.add_column("furniture", justify="right")
    for s in report.sources:
        pct = "-" if s.error else f"{s.percent:.1f}%"
        table.add_row(E(s.id), str(s.substantive), str(s.count("covered")),
                      Text(pct, style="green" if s.percent >= 95 else "yellow"),
                      str(s.count("furniture")))
    out.print(table)
    for s in report.sources:
        if s.uncovered:
            out.print(Text(f"Uncovered in {E(s.id)} ({E(s.file)}):", style="bold"))
            for u in s.uncovered:
                out.print(Text(f"  line {u.line} [{u.start}-{u.end}]: {E(u.text)}"))
    return out.file.getvalue()
