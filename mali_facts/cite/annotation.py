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


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[len(a) - 1 - n] == b[len(b) - 1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def describe_quote(text: str, start: int, end: int) -> Tuple[str, str]:
    """The shortest ``(prefix, suffix)`` that sets ``text[start:end]`` apart from every
    other occurrence of the same string (as Apache Annotator's describeTextQuote).

    For each other occurrence, count how far the text before (and after) agrees
    with ours; grow whichever side needs fewer characters to disagree.

    >>> describe_quote("a cat, a cat, the cat", 18, 21)
    ('e ', '')
    >>> describe_quote("one two", 4, 7)
    ('', '')
    """
    exact = text[start:end]
    if not exact:
        return "", ""
    prefix_len = suffix_len = 0
    i = text.find(exact)
    while i != -1:
        if i != start:
            before = _common_suffix(text[:start], text[:i])
            after = _common_prefix(text[end:], text[i + len(exact):])
            if before < prefix_len or after < suffix_len:
                pass  # already told apart by the context chosen so far
            else:
                can_prefix = before < start          # our text has a character there that differs
                can_suffix = after < len(text) - end
                need_p = before + 1 - prefix_len
                need_s = after + 1 - suffix_len
                if can_prefix and (need_p <= need_s or not can_suffix):
                    prefix_len = before + 1
                elif can_suffix:
                    suffix_len = after + 1
        i = text.find(exact, i + 1)
    return text[start - prefix_len:start], text[end:end + suffix_len]


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
            prefix, suffix = describe_quote(cit.text, cit.locator.start, cit.locator.end)
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
