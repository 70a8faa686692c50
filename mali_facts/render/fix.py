"""Output of `fix` besides the diff: the quotes held for a person, and a summary.
Plain text for stderr; never coloured."""

from __future__ import annotations

from typing import List

from mali_facts.authoring.fix import FixPlan


def _one_line(text: str) -> str:
    return " ".join(text.split())


def held_lines(plan: FixPlan, claims_file: str) -> List[str]:
    """Each held quote: where it is, why, and the closest source text."""
    out: List[str] = []
    for h in plan.held:
        r = h.result
        out.append(f"{claims_file}:{r.evidence.line}: claim {r.claim.id!r}: not fixed: {_one_line(h.reason)}")
        out.append(f"  quote: {_one_line(r.evidence.quote)}")
        if r.found is not None and r.status != "ambiguous":
            where = f" ({r.source.file}:{r.location[0]})" if r.location and r.source else ""
            out.append(f"  closest source text{where}: {_one_line(r.found)}")
        for s, _ in r.candidates[:5]:
            out.append(f"  candidate at character {s}")
    return out


def summary_line(plan: FixPlan, claims_file: str, written: bool) -> str:
    counts = plan.counts()
    names = {"offsets": "offsets", "quote": "quotes retyped", "context": "contexts",
             "sha256": "sha256 pins"}
    parts = [f"{counts[k]} {names[k]}" for k in counts if counts[k]]
    did = "fixed" if written else "would fix"
    head = f"{claims_file}: {did} {', '.join(parts)}" if parts else f"{claims_file}: nothing to fix"
    if plan.held:
        head += f"; {len(plan.held)} quotes need a person (not changed)"
    elif parts and not written:
        head += "; run with --write to apply"
    return head
