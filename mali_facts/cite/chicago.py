"""Chicago notes-bibliography bibliography entries (as citeproc-js renders the
official ``chicago-notes-bibliography.csl``, Chicago Manual of Style 18th edition).

An anonymous work starts with the publication's name; a work without a date
gives its access date instead.
"""

from __future__ import annotations

from typing import Any, Dict

from mali_facts.cite._format import (MONTHS, date_parts, family_first, field, finish, given_first,
                                     italic, join, key_part)

NAME = "chicago"
PERIODICALS = {"article-magazine", "article-newspaper"}
ITALIC_CONTAINER = PERIODICALS | {"post-weblog", "article-journal"}


def authors(item: Dict[str, Any]) -> str:
    names = item.get("author") or []
    if not names:
        return ""
    if len(names) >= 7:  # et-al-min 7, et-al-use-first 3
        shown = [family_first(names[0])] + [given_first(n) for n in names[1:3]]
        return ", ".join(shown) + ", et al."
    shown = [family_first(names[0])] + [given_first(n) for n in names[1:]]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def date(parts) -> str:
    if not parts:
        return ""
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{month} {parts[2]}, {parts[0]}" if len(parts) >= 3 else f"{month} {parts[0]}"


def _container(item: Dict[str, Any]) -> str:
    text = field(item.get("container-title"), case="title")
    return italic(text) if item.get("type") in ITALIC_CONTAINER else text


def lead_text(item: Dict[str, Any]) -> str:
    """What the entry starts with (and is sorted by)."""
    return authors(item) or _container(item)


def entry(item: Dict[str, Any]) -> str:
    names = authors(item)
    title = field(item.get("title"), case="title", quoted=True)
    title = f"“{title}”" if title else ""
    container = _container(item)
    issued = date(date_parts(item, "issued"))
    if not issued and item.get("URL") and date_parts(item, "accessed"):
        when = "Accessed " + date(date_parts(item, "accessed"))
        joiner = ". "
    else:
        when, joiner = issued, ", "
    if names:
        out = join(finish(names), " ", finish(title)) if title else finish(names)
        out = join(out, " ", container)
        out = join(out, joiner if container else ". ", when)
    elif container:  # anonymous: the publication stands in for the author
        out = finish(container)
        if title:
            out = join(out, " ", finish(title))
        out = join(out, " ", when)
    else:
        out = finish(title)
        out = join(out, " ", container)
        out = join(out, joiner if container else " ", when)
    out = finish(out)
    if item.get("URL"):
        out = join(out, " ", item["URL"])
        out = finish(out)
    return out


def sort_key(item: Dict[str, Any]):
    return (key_part(lead_text(item)), key_part(field(item.get("title"), case="title")),
            key_part(field(item.get("container-title"), case="title")), date_parts(item, "issued"))
