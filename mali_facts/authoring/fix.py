"""The `fix` service: from a check's results to the edits that re-anchor quotes
after a source changed. Pure: it computes edits, the writer applies them.

What it fixes, and only when the quote is still in its source (verified or drifted):

- ``start``/``end`` of a quote found elsewhere than recorded;
- the quote's typography, for a quote found only after cosmetic folds
  (``normalized``): the ledger gets the source's own characters (the statement
  is never touched);
- ``prefix``/``suffix``, when the source changed and the recorded context no
  longer picks the quote out by itself (the new context does);
- a source's ``sha256`` pin, when every quote from that source is still in it.

It never writes a guess: a misquoted, not_found, ambiguous or unreadable quote
is *held* for a person, with its closest match. Every planned evidence item is
checked with ``locate`` before it is proposed; one that would not verify at
its new place is held too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from mali_facts.authoring.anchor import ledger_quote
from mali_facts.text.describe import describe_quote
from mali_facts.text.locate import locate
from mali_facts.verify import CheckReport, EvidenceResult

Path = Tuple[Any, ...]

#: The order in which kinds of edit are listed.
KINDS = ("offsets", "quote", "context", "sha256")


@dataclass
class Edit:
    """Set the value at ``path`` in the claims file (None deletes the key)."""

    path: Path
    value: Any
    old: Any
    kind: str           # offsets | quote | context | sha256
    line: int           # the claims-file line of the object edited
    reason: str


@dataclass
class Held:
    """A quote that fix leaves for a person to judge."""

    result: EvidenceResult
    reason: str


@dataclass
class FixPlan:
    report: CheckReport
    edits: List[Edit] = field(default_factory=list)
    held: List[Held] = field(default_factory=list)

    def counts(self) -> Dict[str, int]:
        out = {k: 0 for k in KINDS}
        seen = set()
        for e in self.edits:
            key = (e.kind, e.path[:-1] if e.kind in ("offsets", "context") else e.path)
            if key not in seen:
                seen.add(key)
                out[e.kind] += 1
        return out


def _context_picks(text: str, quote: str, prefix: Optional[str], suffix: Optional[str],
                   span: Tuple[int, int]) -> bool:
    if not prefix and not suffix:
        m = locate(text, quote)
    else:
        m = locate(text, quote, prefix=prefix, suffix=suffix)
    return m.status == "verified" and (m.start, m.end) == span


def _plan_evidence(report: CheckReport, claim_id: str, index: int, r: EvidenceResult,
                   changed: bool) -> Tuple[List[Edit], Optional[str]]:
    """The edits for one verified or drifted evidence item, or a reason to hold it."""
    ev = r.evidence
    text = report.sources[ev.source].text
    span = (r.start, r.end)
    base = ("claims", claim_id, "evidence", index)
    edits: List[Edit] = []
    quote, prefix, suffix = ev.quote, ev.prefix, ev.suffix
    start, end = ev.start, ev.end
    if r.match == "normalized":
        retyped = ledger_quote(r.found, ev.quote, r.match)
        if retyped != ev.quote:
            quote = retyped
            edits.append(Edit(base + ("quote",), retyped, ev.quote, "quote", ev.line,
                              "found only after folding " + ", ".join(r.normalizations)
                              + ": the source's own text"))
    moved = ev.start is not None and span != (ev.start, ev.end)
    if ev.start is not None and (moved or ev.end is None):
        start, end = span
        edits.append(Edit(base + ("start",), r.start, ev.start, "offsets", ev.line,
                          f"found at {r.start}-{r.end}, not at {ev.start}-{ev.end}"))
        edits.append(Edit(base + ("end",), r.end, ev.end, "offsets", ev.line,
                          f"found at {r.start}-{r.end}, not at {ev.start}-{ev.end}"))
    if (changed or moved) and not _context_picks(text, quote, prefix, suffix, span):
        context = describe_quote(text, *span)
        if context is not None and _context_picks(text, quote, *context, span):
            new_prefix, new_suffix = (c or None for c in context)
            for key, old, new in (("prefix", ev.prefix, new_prefix), ("suffix", ev.suffix, new_suffix)):
                if old != new:
                    edits.append(Edit(base + (key,), new, old, "context", ev.line,
                                      "the recorded context no longer picks this place out"))
            prefix, suffix = new_prefix, new_suffix
    # Soundness: the item as it will be written must verify at the place found.
    m = locate(text, quote, prefix=prefix, suffix=suffix, position=start)
    if m.status != "verified" or (m.start, m.end) != span:
        return [], (f"the re-anchored quote would be {m.status} at {m.start}-{m.end}, "
                    f"not verified at {r.start}-{r.end}; re-anchor it with `mali-facts anchor`")
    if start is not None and (start, end) != span:
        return [], f"the recorded offsets {start}-{end} would not match {r.start}-{r.end}"
    return edits, None


def plan_fixes(report: CheckReport) -> FixPlan:
    """The edits that re-anchor every quote still in its source, and the quotes held."""
    plan = FixPlan(report)
    unfixable_sources = set()
    for c in report.claims:
        for index, r in enumerate(c.evidence):
            src = report.sources.get(r.evidence.source)
            if r.status not in ("verified", "drifted") or src is None or src.text is None:
                plan.held.append(Held(r, _held_reason(r)))
                unfixable_sources.add(r.evidence.source)
                continue
            changed = not src.pinned_ok
            edits, problem = _plan_evidence(report, c.claim.id, index, r, changed)
            if problem is not None:
                plan.held.append(Held(r, problem))
                unfixable_sources.add(r.evidence.source)
            plan.edits.extend(edits)
    for sid, src in report.sources.items():
        if src.text is None or src.pinned_ok or sid in unfixable_sources:
            continue
        if not any(e.evidence.source == sid for e in report.evidence):
            continue  # a source no quote uses: nothing proves it still says the same
        plan.edits.append(Edit(("sources", sid, "sha256"), src.sha256, src.source.sha256, "sha256",
                               src.source.sha256_line or src.source.line,
                               f"{src.source.file} changed and every quote from it is still in it"))
    return plan


def _held_reason(r: EvidenceResult) -> str:
    if r.status == "ambiguous":
        return r.warnings[0] if r.warnings else "matches several places"
    return r.message
