"""Ledger sources as CSL-JSON items, and evidence as pinpoint locators.

CSL-JSON is the hub every citation style is rendered from: the reference
formatter (:mod:`mali_facts.cite.styles`), BibTeX, RIS and the JSON-LD exports all
read the items built here, so that every output says the same thing.

Author names in the ledger are written ``"Given Family"`` or ``"Family, Given"``
for people; an organisation is written in braces, ``"{Center for Civilians in
Conflict}"`` (the BibTeX convention), and becomes a CSL ``literal`` name.

>>> parse_name("Jason Ditz"), parse_name("Ditz, Jason"), parse_name("{Antiwar.com}")
({'family': 'Ditz', 'given': 'Jason'}, {'family': 'Ditz', 'given': 'Jason'}, {'literal': 'Antiwar.com'})
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Optional

from mali_facts.ledger import Source

__all__ = ["parse_name", "source_to_csl", "Locator", "locate_evidence"]

# Our ledger types are CSL types already; this is where a future non-CSL type maps.
CSL_TYPES = {
    "article-magazine": "article-magazine",
    "article-newspaper": "article-newspaper",
    "article-journal": "article-journal",
    "webpage": "webpage",
    "post-weblog": "post-weblog",
    "post": "post",
    "report": "report",
    "book": "book",
}
DEFAULT_TYPE = "webpage"


def parse_name(name: str) -> Dict[str, str]:
    """A ledger author string as a CSL name object."""
    name = " ".join(name.split())
    if name.startswith("{") and name.endswith("}"):
        return {"literal": name[1:-1].strip()}
    if "," in name:
        family, given = (p.strip() for p in name.split(",", 1))
        return {"family": family, "given": given} if given else {"literal": family}
    if " " not in name:
        return {"literal": name}
    given, family = name.rsplit(" ", 1)
    return {"family": family, "given": given}


_DOMAIN = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
NOCASE = '<span class="nocase">{}</span>'


def protect_case(value: str) -> str:
    """Mark a lower-case domain name (``historyheist.com``) so that no style title-cases it.

    CSL processors honour ``<span class="nocase">``; without it citeproc-js
    prints "Historyheist.Com".

    >>> protect_case("historyheist.com"), protect_case("Rolling Stone")
    ('<span class="nocase">historyheist.com</span>', 'Rolling Stone')
    """
    return NOCASE.format(value) if _DOMAIN.match(value) else value


def plain(value: str) -> str:
    """A CSL rich-text value without its markup (for BibTeX, RIS and JSON-LD).

    >>> plain('<span class="nocase">historyheist.com</span>')
    'historyheist.com'
    """
    return re.sub(r"</?(?:span|i|b|sup|sub)(?: [^>]*)?>", "", value)


def _date(d) -> Dict[str, Any]:
    return {"date-parts": [d.parts()]}


def source_to_csl(source: Source) -> Dict[str, Any]:
    """The CSL-JSON item for a ledger source (keys in a stable order).

    The ledger's ``subtitle`` is the article's standfirst (dek), which no
    reference style prints, so it is not part of the CSL title.
    """
    item: Dict[str, Any] = {"id": source.id, "type": CSL_TYPES.get(source.type or "", DEFAULT_TYPE)}
    if source.title:
        item["title"] = source.title
    if source.publisher:
        item["container-title"] = protect_case(source.publisher)
    if source.authors:
        item["author"] = [parse_name(a) for a in source.authors]
    if source.published is not None:
        item["issued"] = _date(source.published)
    if source.accessed is not None:
        item["accessed"] = _date(source.accessed)
    if source.url:
        item["URL"] = source.url
    return item


@dataclass(frozen=True)
class Locator:
    """Where a verified quote sits in its source file.

    ``start``/``end`` are Unicode code-point offsets into the file decoded as
    UTF-8 (end exclusive); ``line``/``column`` are 1-based; ``paragraph`` counts
    non-blank lines from 1. ``page`` is set for a text with form feeds between
    its pages (a PDF's text, as `source add` and pdftotext write it): 1 + the
    form feeds before the quote.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    paragraph: Optional[int]
    page: Optional[int] = None

    def describe(self) -> str:
        """Human wording, e.g. ``para. 9, line 9, characters 1639–1789``, after
        ``p. 2, `` for a paged text.

        >>> Locator(69, 115, 2, 2, 2, 2, page=2).describe()
        'p. 2, para. 2, line 2, characters 69–115'
        """
        parts = [] if self.page is None else [f"p. {self.page}"]
        if self.paragraph is not None:
            parts.append(f"para. {self.paragraph}")
        lines = f"line {self.line}" if self.line == self.end_line else f"lines {self.line}–{self.end_line}"
        parts.append(lines)
        parts.append(f"characters {self.start}–{self.end}")
        return ", ".join(parts)


def locate_evidence(text: str, start: int, end: int, lines=None) -> Locator:
    """The locator of the verified span ``text[start:end]``."""
    from mali_facts.text.lines import LineIndex
    from mali_facts.text.segment import paragraph_number

    lines = lines or LineIndex(text)
    line, column = lines.line_col(start)
    end_line, _ = lines.line_col(max(start, end - 1)) if end > start else (line, column)
    page = text.count("\f", 0, start) + 1 if "\f" in text else None
    return Locator(start=start, end=end, line=line, column=column, end_line=end_line,
                   paragraph=paragraph_number(text, start), page=page)
