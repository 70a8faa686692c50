"""MLA 9 works-cited entries (as citeproc-js renders ``modern-language-association.csl``).

Authors: one, two ("and"), or three and more ("et al."). The access date is given
only when the work has no date of its own.
"""

from __future__ import annotations

from typing import Any, Dict

from mali_facts.cite._format import (date_parts, family_first, field, finish, given_first, italic,
                                     join, key_part)

NAME = "mla"
MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
          "Nov.", "Dec.")
SUBSEQUENT_AUTHOR = "———"


def authors(item: Dict[str, Any]) -> str:
    names = item.get("author") or []
    if not names:
        return ""
    if len(names) == 1:
        return family_first(names[0])
    if len(names) == 2:
        return f"{family_first(names[0])}, and {given_first(names[1])}"
    return f"{family_first(names[0])}, et al."


def date(parts) -> str:
    if not parts:
        return ""
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{parts[2]} {month} {parts[0]}" if len(parts) >= 3 else f"{month} {parts[0]}"


def entry(item: Dict[str, Any], *, author_text: str = None) -> str:
    lead = authors(item) if author_text is None else author_text
    title = field(item.get("title"), case="title", quoted=True)
    title = f"“{title}”" if title else ""
    container = italic(field(item.get("container-title"), case="title"))
    out = finish(lead) if lead else ""
    if title:
        out = join(out, " ", finish(title)) if out else finish(title)
    out = join(out, " ", container) if out else container
    out = join(out, ", ", date(date_parts(item, "issued")))
    out = join(out, ", ", item.get("URL") or "")
    out = finish(out)
    if not date_parts(item, "issued"):
        accessed = date(date_parts(item, "accessed"))
        if accessed and item.get("URL"):
            out = join(out, " ", f"Accessed {accessed}.")
    return out


def sort_key(item: Dict[str, Any]):
    title = field(item.get("title"), case="title")
    lead = authors(item) or title
    return (key_part(lead), key_part(title), key_part(field(item.get("container-title"), case="title")))
