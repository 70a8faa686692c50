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


# kind -> (verb, past tense, what)
_PHRASES = {"offsets": ("re-anchor", "re-anchored", "quote"),
            "quote": ("retype", "retyped", "quote"),
            "context": ("refresh the context of", "refreshed the context of", "quote"),
            "sha256": ("update", "updated", "sha256 pin")}


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def summary_line(plan: FixPlan, claims_file: str, written: bool) -> str:
    """One line for stderr, e.g. ``claims.yaml: would re-anchor 2 quotes and update
    1 sha256 pin; run with --write to apply``."""
    counts = plan.counts()
    parts = [f"{_PHRASES[k][1 if written else 0]} {_count(n, _PHRASES[k][2])}"
             for k, n in counts.items() if n]
    if not parts:
        head = f"{claims_file}: nothing to fix"
    else:
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        head = f"{claims_file}: {'' if written else 'would '}{joined}"
    if plan.held:
        head += (f"; {_count(len(plan.held), 'quote')} left for a person to judge "
                 "(not changed)")
    elif parts and not written:
        head += "; run with --write to apply"
    return head
