"""BibTeX: one entry per cited source, keyed by the source id.

Periodical articles are ``@article`` (``journal`` = the publication); web pages
and posts are ``@misc`` with ``howpublished``, ``url`` and ``urldate``. Titles
are braced so that BibTeX styles keep their capitalisation; organisations are
braced so that they are not split into given and family names.
"""

from __future__ import annotations

from typing import Any, Dict, List

from mali_facts.cite.csl import plain

ENTRY_TYPES = {"article-magazine": "article", "article-newspaper": "article",
               "article-journal": "article", "book": "book", "report": "techreport"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
            "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape(text: str) -> str:
    """Escape LaTeX specials (non-ASCII letters stay UTF-8, as biber and bibtexparser read them).

    >>> escape("AT&T 100%")
    'AT\\\\&T 100\\\\%'
    """
    return "".join(_SPECIAL.get(c, c) for c in text)


def name(n: Dict[str, str]) -> str:
    if "literal" in n:
        return "{" + escape(n["literal"]) + "}"
    return escape(f"{n['family']}, {n['given']}" if n.get("given") else n["family"])


def entry(item: Dict[str, Any]) -> str:
    kind = ENTRY_TYPES.get(item.get("type", ""), "misc")
    fields: List[tuple] = []
    if item.get("author"):
        fields.append(("author", "{" + " and ".join(name(n) for n in item["author"]) + "}"))
    if item.get("title"):
        fields.append(("title", "{{" + escape(plain(item["title"])) + "}}"))
    container = plain(item.get("container-title") or "")
    if container:
        fields.append(("journal" if kind == "article" else "howpublished", "{" + escape(container) + "}"))
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    if parts:
        fields.append(("year", "{%d}" % parts[0]))
        if len(parts) > 1:
            fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", "{" + "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)) + "}"))
    if item.get("URL"):
        fields.append(("url", "{" + item["URL"] + "}"))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed:
        fields.append(("urldate", "{" + "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(accessed)) + "}"))
    width = max(len(k) for k, _ in fields) if fields else 0
    body = ",\n".join(f"  {k.ljust(width)} = {v}" for k, v in fields)
    return f"@{kind}{{{item['id']},\n{body}\n}}\n"


def render(report, *, bibliography: bool = False, **_: Any) -> str:
    return "\n".join(entry(item) for item in sorted(report.items, key=lambda i: i["id"]))
