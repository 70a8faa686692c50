"""JSON output. Stable and documented in the README; never colored."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict

if TYPE_CHECKING:
    from mali_facts.verify import CheckReport, ClaimResult, EvidenceResult

JSON_VERSION = 1


def dumps(data: Any) -> str:
    """The one JSON writer: UTF-8 text (not ASCII escapes), indented by 2, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def evidence_dict(e: EvidenceResult) -> Dict[str, Any]:
    return {
        "source": e.evidence.source,
        "line": e.evidence.line,
        "status": e.status,
        "match": e.match,
        "start": e.start,
        "end": e.end,
        "score": round(e.score, 1),
        "found": e.found,
        "quote": e.evidence.quote,
        "differences": [d.to_dict() for d in e.differences],
        "normalizations": list(e.normalizations),
        "candidates": [{"start": s, "end": t} for s, t in e.candidates],
        "warnings": list(e.warnings),
    }


def claim_dict(c: ClaimResult) -> Dict[str, Any]:
    return {
        "id": c.claim.id,
        "line": c.claim.line,
        "status": c.status,
        "statement": c.claim.statement,
        "warnings": list(c.warnings),
        "evidence": [evidence_dict(e) for e in c.evidence],
    }


def check_dict(report: CheckReport) -> Dict[str, Any]:
    from mali_facts.ledger import display_path

    return {
        "version": JSON_VERSION,
        "claims_file": display_path(report.ledger.path),
        "strict": report.strict,
        "summary": report.summary(),
        "claims": [claim_dict(c) for c in report.claims],
    }


def render_check(report: CheckReport, **_: Any) -> str:
    return dumps(check_dict(report))
