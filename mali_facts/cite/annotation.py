"""W3C Web Annotation JSON-LD: one Annotation per quote.

The target is the source's URL (its file when it has none), with a
TextQuoteSelector (the source's exact text, and the prefix and suffix from the
ledger or else the shortest context that makes the quote unique) and a
TextPositionSelector (code-point offsets), and a TimeState giving the access
date and the file's sha256.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"sha256": "https://schema.org/sha256"}]


def unique_context(text: str, start: int, end: int) -> Tuple[str, str]:
    """The shortest prefix and suffix that pick ``text[start:end]`` out (see
    :func:`mali_facts.text.describe.describe_quote`); for a passage repeated word
    for word, the context that makes it unique as a string.

    >>> unique_context("a cat, a cat, the cat", 18, 21)
    ('e ', '')
    """
    from mali_facts.text.describe import describe_quote, minimal_context

    exact = text[start:end]
    if exact.strip() and exact == exact.strip():  # a span as locate reports it
        found = describe_quote(text, start, end)
        if found is not None:
            return found
    p, s = minimal_context(text, start, end)
    return text[start - p:start], text[end:end + s]


def _datetime(parts: List[int]) -> Optional[str]:
    if len(parts) != 3:
        return None
    y, m, d = parts
    return f"{y:04d}-{m:02d}-{d:02d}T00:00:00Z"


def annotation(cit, index: int) -> Dict[str, Any]:
    source = cit.source
    target: Dict[str, Any] = {"source": source.url or source.file}
    if cit.locator is not None:
        quote: Dict[str, Any] = {"type": "TextQuoteSelector", "exact": cit.exact}
        if cit.evidence.prefix is not None or cit.evidence.suffix is not None:
            prefix, suffix = cit.evidence.prefix or "", cit.evidence.suffix or ""
        else:
            prefix, suffix = unique_context(cit.text, cit.locator.start, cit.locator.end)
        if prefix:
            quote["prefix"] = prefix
        if suffix:
            quote["suffix"] = suffix
        target["selector"] = [quote, {"type": "TextPositionSelector",
                                      "start": cit.locator.start, "end": cit.locator.end}]
    state: Dict[str, Any] = {"type": "TimeState"}
    accessed = _datetime(source.accessed.parts()) if source.accessed else None
    if accessed:
        state["sourceDate"] = accessed
    if source.sha256:
        state["sha256"] = source.sha256
    if len(state) > 1:
        target["state"] = state
    return {
        "@context": CONTEXT,
        "id": f"urn:mali-facts:{cit.claim.id}:{index}",
        "type": "Annotation",
        "motivation": "describing",
        "body": {"type": "TextualBody", "value": cit.claim.statement, "format": "text/plain",
                 "language": "en", "purpose": "describing"},
        "target": target,
    }


def render(report, *, style: str = "annotation", bibliography: bool = False) -> str:
    out = []
    for claim in report.claims:
        for n, cit in enumerate(report.for_claim(claim), 1):
            out.append(annotation(cit, n))
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
