"""JUnit XML, for CI test reports: one test suite per claim, one test case per
evidence item. A quote that fails is a ``<failure>`` (an ``<error>`` when its
source cannot be read) whose text lists the differences; warnings go to
``<system-out>``. A claim's own warnings (unsupported details) go to the
suite's ``<system-out>``, or under --strict become a failing case of their own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, List

from mali_facts.render.findings import claims_uri, claim_findings
from mali_facts.verify import CheckReport, EvidenceResult, Status

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _details(e: EvidenceResult) -> str:
    lines: List[str] = [e.message, f"quote: {e.evidence.quote}"]
    if e.found is not None and e.found != e.evidence.quote:
        lines.append(f"source says: {e.found}")
    for d in e.differences:
        lines.append(d.describe())
    lines.extend(f"warning: {w}" for w in e.warnings if w not in e.message)
    return "\n".join(lines)


def render_check(report: CheckReport, **_: Any) -> str:
    path = claims_uri(report)
    root = ET.Element("testsuites", name="mali-facts check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for c in report.claims:
        suite = ET.SubElement(root, "testsuite", name=_clean(c.claim.id), file=path)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for i, e in enumerate(c.evidence, 1):
            case = ET.SubElement(suite, "testcase", classname=_clean(c.claim.id),
                                 name=_clean(f"evidence {i}: {e.evidence.source} (line {e.evidence.line})"),
                                 file=path, line=str(e.evidence.line))
            counts["tests"] += 1
            if e.failed(report.strict):
                kind = "error" if e.status == Status.source_error else "failure"
                counts["errors" if kind == "error" else "failures"] += 1
                node = ET.SubElement(case, kind, type=e.status, message=_clean(e.message))
                node.text = _clean(_details(e))
            elif e.warnings:
                ET.SubElement(case, "system-out").text = _clean("\n".join(e.warnings))
        notes = []
        for f in claim_findings(report, c):
            if f.level != "error":
                notes.append(f.message)
                continue
            case = ET.SubElement(suite, "testcase", classname=_clean(c.claim.id),
                                 name=_clean(f"statement (line {f.line})"), file=path, line=str(f.line))
            counts["tests"] += 1
            counts["failures"] += 1
            ET.SubElement(case, "failure", type=f.rule, message=_clean(f.message)).text = _clean(f.message)
        if notes:
            ET.SubElement(suite, "system-out").text = _clean("\n".join(notes))
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
