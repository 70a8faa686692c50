"""APA 7 reference-list entries (as citeproc-js renders the official ``apa.csl``).

Supported item types: article-magazine, article-newspaper, post-weblog, post and
webpage. A work without author moves its title to the author position; a work
with neither starts with its date; a work without date gets "(n.d.)" and a
"Retrieved <accessed>, from <URL>" retrieval statement.
"""

from __future__ import annotations

from typing import Any, Dict

from mali_facts.cite._format import (MONTHS, date_parts, family_first, field, finish, italic, join,
                                     key_part)

NAME = "apa"
# Item types whose title is italic (standalone works); the others italicise the container.
STANDALONE = {"webpage", "post", "report", "book"}


def authors(item: Dict[str, Any]) -> str:
    names = [family_first(n, initialize=True) for n in item.get("author") or []]
    if len(names) > 20:  # APA 7: the first 19, an ellipsis, the last
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, & {names[1]}"
    return ", ".join(names[:-1]) + (", & " + names[-1] if names else "")


def issued(item: Dict[str, Any]) -> str:
    parts = date_parts(item, "issued")
    if not parts:
        return "(n.d.)"
    text = str(parts[0])
    if len(parts) >= 2:
        text += ", " + MONTHS[parts[1] - 1]
        if len(parts) >= 3:
            text += f" {parts[2]}"
    return f"({text})"


def _title(item: Dict[str, Any]) -> str:
    title = field(item.get("title"))
    return italic(title) if item.get("type") in STANDALONE else title


def _container(item: Dict[str, Any]) -> str:
    if item.get("type") in STANDALONE:
        return field(item.get("container-title"))
    return italic(field(item.get("container-title"), case="title"))


def _retrieval(item: Dict[str, Any]) -> str:
    url = item.get("URL") or ""
    accessed = date_parts(item, "accessed")
    if url and not date_parts(item, "issued") and len(accessed) == 3:
        y, m, d = accessed
        return f"Retrieved {MONTHS[m - 1]} {d}, {y}, from {url}"
    return url


def entry(item: Dict[str, Any]) -> str:
    """The marked-up entry (italics marked; see :mod:`mali_facts.cite._format`)."""
    lead = authors(item)
    title = _title(item)
    date = issued(item)
    out = ""
    if lead:
        out = join(finish(lead), " ", date)
        out = join(out, ". ", title)
    elif title:
        out = join(finish(title), " ", date)
    else:
        out = date[:1] + date[1:2].upper() + date[2:]
    out = join(out, ". ", _container(item))
    out = finish(out)
    tail = _retrieval(item)
    return join(out, " ", tail) if tail else out


def sort_key(item: Dict[str, Any]):
    lead = authors(item) or field(item.get("title"))
    parts = date_parts(item, "issued")
    return (key_part(lead), 1 if parts else 0, parts, key_part(field(item.get("title"))))
