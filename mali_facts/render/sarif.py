"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

One rule per status (plus one for unsupported details) with help text; one
result per finding with its level, message, the region of the quote in the
claims file and a partial fingerprint that survives lines moving. Columns are
Unicode code points (``columnKind: unicodeCodePoints``), like every offset in
mali-facts.
"""

from __future__ import annotations

from typing import Any, Dict, List

from mali_facts.render.findings import (RULE_DESCRIPTIONS, RULE_HELP, RULES, Finding, claims_uri,
                                        findings)
from mali_facts.render.json_ import dumps
from mali_facts.verify import CheckReport, Status

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/mali-facts/"
FINGERPRINT = "maliFactsQuote/v1"


def _rule(rule: str) -> Dict[str, Any]:
    level = "none" if rule == Status.verified else "warning" if rule in (
        "drifted", "ambiguous", "unsupported-detail") else "error"
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.replace("-", "_").split("_")),
        "shortDescription": {"text": f"Quote {rule.replace('_', ' ')}" if rule != "unsupported-detail"
                             else "Statement detail without a quote"},
        "fullDescription": {"text": RULE_DESCRIPTIONS[rule].capitalize() + "."},
        "help": {"text": RULE_HELP[rule], "markdown": RULE_HELP[rule]},
        "defaultConfiguration": {"level": level},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> Dict[str, int]:
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _result(f: Finding, uri: str) -> Dict[str, Any]:
    result: Dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": RULES.index(f.rule),
        "level": f.level,
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": _region(f.line, f.column, f.end_line, f.end_column),
            },
            "logicalLocations": [{"name": f.claim, "kind": "object"}],
        }],
        "partialFingerprints": {FINGERPRINT: f.fingerprint()},
        "properties": {"claim": f.claim},
    }
    e = f.evidence
    if e is not None:
        result["properties"].update({
            "source": e.evidence.source,
            "status": e.status,
            "score": round(e.score, 1),
            "differences": [d.to_dict() for d in e.differences],
        })
        if e.location and e.source is not None and e.end is not None and e.found is not None:
            line, column = e.location
            lines = e.found.split("\n")
            end_line = line + len(lines) - 1
            end_column = (column if len(lines) == 1 else 1) + len(lines[-1])
            result["relatedLocations"] = [{
                "id": 1,
                "message": {"text": f"what {e.evidence.source!r} says here"},
                "physicalLocation": {
                    "artifactLocation": {"uri": _source_uri(uri, e.source.file)},
                    "region": _region(line, column, end_line, end_column),
                },
            }]
    return result


def _source_uri(claims_uri_: str, file: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(posixpath.dirname(claims_uri_), file))


def sarif_log(report: CheckReport) -> Dict[str, Any]:
    from mali_facts import __version__

    uri = claims_uri(report)
    results: List[Dict[str, Any]] = [_result(f, uri) for f in findings(report)]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mali-facts",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(r) for r in RULES],
            }},
            "invocations": [{"executionSuccessful": True,
                             "properties": {"strict": report.strict, "summary": report.summary()}}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render_check(report: CheckReport, **_: Any) -> str:
    return dumps(sarif_log(report))
