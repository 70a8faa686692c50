"""Readable source ids: the site and the year, e.g. ``rollingstone-2013``, made unique."""

from __future__ import annotations

import ipaddress
import re
from typing import Callable, Iterable, Optional
from urllib.parse import urlsplit

from mali_facts.text.normalize import fold_text

#: The text engine's folds a slug is made with: compatibility forms, accents, case.
SLUG_STEPS = ("unicode_compat", "accents", "case")

# Second-level labels that are not the site's name (news.bbc.co.uk -> bbc).
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "gob", "gv", "or", "ne", "go"}
_NOT_NAMES = {"www", "m", "amp", "mobile", "web"}
MAX_LENGTH = 40


def slugify(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens.

    >>> slugify("The Harbour Courier!"), slugify("Rapport d'activité 2013")
    ('the-harbour-courier', 'rapport-d-activite-2013')
    """
    text = fold_text(text, SLUG_STEPS)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def site_of(url: Optional[str]) -> Optional[str]:
    """The site's name in a URL's host, or None for an IP address or a local name.

    >>> [site_of(u) for u in ["https://www.rollingstone.com/politics/x", "http://news.bbc.co.uk/",
    ...                       "http://127.0.0.1:8000/", "http://localhost/", None]]
    ['rollingstone', 'bbc', None, None, None]
    """
    if not url:
        return None
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return None
    labels = labels[:-1]  # the top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    labels = [label for label in labels if label not in _NOT_NAMES]
    return slugify(labels[-1]) or None if labels else None


def _trim(slug: str, limit: int = MAX_LENGTH) -> str:
    """Cut a slug at a hyphen so it is at most ``limit`` characters.

    >>> _trim("a-very-long-name-of-a-publisher-that-goes-on-and-on", 20)
    'a-very-long-name-of'
    """
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return cut.strip("-")


def base_id(*, urls: Iterable[Optional[str]] = (), publisher: Optional[str] = None,
            title: Optional[str] = None, stem: Optional[str] = None,
            year: Optional[int] = None) -> str:
    """Site (from the first URL with a named host, else the publisher, the file name or
    the title) and year.

    >>> base_id(urls=["http://127.0.0.1:8000/", "https://harbourcourier.example/a"], year=2024)
    'harbourcourier-2024'
    >>> base_id(publisher="The Harbour Courier", stem="page"), base_id(stem="Budget Memo (final)")
    ('the-harbour-courier', 'budget-memo-final')
    """
    site = next((s for s in map(site_of, urls) if s), None)
    for fallback in (publisher, stem, title):
        if site:
            break
        site = slugify(fallback) if fallback else None
    site = _trim(site or "source", MAX_LENGTH - 5)
    return f"{site}-{year}" if year else site


def unique(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not ``taken``.

    >>> unique("rs-2013", {"rs-2013", "rs-2013-2"}.__contains__)
    'rs-2013-3'
    """
    if not taken(base):
        return base
    n = 2
    while taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"
