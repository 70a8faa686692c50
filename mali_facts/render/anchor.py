"""Output of `anchor`: YAML to paste (the findings as comments, then the evidence
item), or JSON for programs. Never coloured."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from mali_facts.authoring.anchor import Anchored, Place
from mali_facts.render.json_ import dumps
from mali_facts.verify import Status


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line, as the claims-file
    writer writes it.

    >>> print(yaml_string('what’s "known"\\n'))
    "what’s \\"known\\"\\n"
    """
    from mali_facts.ledger.writer import double_quoted

    return double_quoted(text)


def yaml_item(item: Dict[str, Any], indent: str = "") -> str:
    """An evidence item as a YAML block sequence entry, at ``indent``.

    >>> print(yaml_item({"source": "s", "quote": "q", "start": 1, "end": 2}, "  "), end="")
      - source: s
        quote: "q"
        start: 1
        end: 2
    """
    lines = []
    for k, (key, value) in enumerate(item.items()):
        lead = indent + ("- " if k == 0 else "  ")
        if isinstance(value, str) and key != "source":
            value = yaml_string(value)
        lines.append(f"{lead}{key}: {value}")
    return "".join(line + "\n" for line in lines)


def _shown(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _how(a: Anchored) -> str:
    how = a.match or "exact"
    if a.normalizations:
        how += "; folded: " + ", ".join(a.normalizations)
    return how


def _context(p: Place) -> str:
    if p.prefix is None:
        return "no context tells it apart from an identical passage; start picks it"
    if not p.prefix and not p.suffix:
        return "none needed: the quote occurs once"
    parts = []
    if p.prefix:
        parts.append(f"prefix {yaml_string(p.prefix)}")
    if p.suffix:
        parts.append(f"suffix {yaml_string(p.suffix)}")
    return " and ".join(parts) + (" make" if len(parts) == 2 else " makes") + " it unique"


def render_yaml(a: Anchored, *, file: str, indent: str = "", **_: Any) -> str:
    lines: List[str] = []
    out = []
    if a.status == Status.verified:
        p = a.place
        lines.append(f"verified ({_how(a)}) at {file}:{p.line}:{p.column}, characters {p.start}-{p.end}")
        lines.append(f"source text: {_shown(p.found)}")
        lines.append(f"context: {_context(p)}")
        out = ["".join(f"{indent}# {line}\n" for line in lines), yaml_item(p.evidence, indent)]
        return "".join(out)
    if a.status == Status.ambiguous:
        lines.append(f"ambiguous: the quote occurs {len(a.candidates)} times in {file}; "
                     "pick one with --occurrence N, or paste its item")
        out.append("".join(f"{indent}# {line}\n" for line in lines))
        for n, p in enumerate(a.candidates, 1):
            out.append(f"{indent}# [{n}] {file}:{p.line}:{p.column}, characters {p.start}-{p.end}; "
                       f"context: {_context(p)}\n")
            out.append(yaml_item(p.evidence, indent))
        return "".join(out)
    if a.status == Status.misquoted:
        p = a.place
        lines.append(f"misquoted ({a.score:.0f}% similar) at {file}:{p.line}:{p.column}, "
                     f"characters {p.start}-{p.end}")
        lines.append(f"closest source text: {_shown(p.found)}")
        lines.append("differences (quoted → source):")
        lines += [f"  {d.describe()}" for d in a.differences]
    else:
        close = f"best similarity {a.score:.0f}%" if a.score > 0 else "no passage shares its wording"
        lines.append(f"not_found: nothing in {file} is close to the quote ({close})")
    return "".join(f"# {line}\n" for line in lines)


def _place_dict(p: Optional[Place]) -> Dict[str, Any]:
    if p is None:
        return {"start": None, "end": None, "line": None, "column": None, "found": None,
                "prefix": None, "suffix": None, "evidence": None}
    return {"start": p.start, "end": p.end, "line": p.line, "column": p.column, "found": p.found,
            "prefix": p.prefix, "suffix": p.suffix, "evidence": p.evidence}


def anchor_dict(a: Anchored, *, file: str) -> Dict[str, Any]:
    data: Dict[str, Any] = {"version": 1, "status": a.status, "match": a.match,
                            "source": a.source_id, "file": file, "quote": a.quote}
    data.update(_place_dict(a.place))
    data.update({
        "score": round(a.score, 1),
        "differences": [d.to_dict() for d in a.differences],
        "normalizations": list(a.normalizations),
        "candidates": [_place_dict(p) for p in a.candidates],
    })
    return data


def render_json(a: Anchored, *, file: str, **_: Any) -> str:
    return dumps(anchor_dict(a, file=file))
