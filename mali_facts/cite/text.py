"""Human styles: text, markdown, apa, mla and chicago.

Per claim, each evidence item prints as its source's reference entry, then the
quote exactly as written in the ledger (elisions included), then the locator.
``text`` and ``markdown`` head each claim with its id and statement and use
APA 7 entries. With ``bibliography=True`` only the sorted, deduplicated entries
are printed.
"""

from __future__ import annotations

from typing import Any, List

from mali_facts.cite._format import to_markdown, to_plain


def locator_line(citation) -> str:
    where = citation.source.id
    if citation.locator is None:
        return f"{where}: quote not verified ({citation.status}): {citation.message}"
    return f"{where}, {citation.locator.describe()}"


def render(report, *, style: str, bibliography: bool = False, **_: Any) -> str:
    from mali_facts.cite.references import bibliography as make_bibliography
    from mali_facts.cite.references import reference_formatter

    markdown = style == "markdown"
    out = to_markdown if markdown else to_plain
    if bibliography:
        entries = [out(e) for e in make_bibliography(report.items, style)]
        if markdown:
            return "".join(f"- {e}\n" for e in entries)
        return "".join(f"{e}\n" for e in entries)

    entry = reference_formatter(style).entry
    blocks: List[str] = []
    for claim in report.claims:
        lines: List[str] = []
        if markdown:
            lines += [f"### {claim.id}", "", claim.statement, ""]
        elif style == "text":
            lines += [f"{claim.id}: {claim.statement}", ""]
        for n, cit in enumerate(report.for_claim(claim), 1):
            if markdown:
                lines += [f"{n}. {out(entry(cit.item))}", ""]
                lines += ["   > " + q for q in cit.evidence.quote.splitlines() or [""]]
                lines += ["", f"   {locator_line(cit)}", ""]
            else:
                pad = "  " if style == "text" else ""
                lines += [pad + out(entry(cit.item)), f"{pad}“{cit.evidence.quote}”",
                          pad + locator_line(cit), ""]
        blocks.append("\n".join(lines).rstrip("\n") + "\n")
    return "\n".join(blocks)
