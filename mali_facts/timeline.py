"""The `timeline` service: the dated claims of a ledger, in date order.

Dates keep their real precision. Mixed precisions sort by their known parts,
a less precise date first: ``2012`` < ``2012-03`` < ``2012-03-22`` < ``2012-04``.
Claims with the same date keep their order in the claims file. Pure: no printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from mali_facts.ledger import Claim, Ledger, PartialDate

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def display_date(date: PartialDate) -> str:
    """A date as people read it, at its real precision.

    >>> [display_date(PartialDate.parse(s)) for s in ("2002", "2013-08", "2020-08-18")]
    ['2002', 'Aug 2013', '18 Aug 2020']
    """
    if date.month is None:
        return f"{date.year}"
    if date.day is None:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def sort_key(date: PartialDate):
    """Order of dates of mixed precision: unknown parts count as 0 (before any known one).

    >>> sorted(["2012-04", "2012-03-22", "2012", "2012-03"], key=lambda s: sort_key(PartialDate.parse(s)))
    ['2012', '2012-03', '2012-03-22', '2012-04']
    """
    return (date.year, date.month or 0, date.day or 0)


@dataclass
class Event:
    claim: Claim
    date: PartialDate

    @property
    def display(self) -> str:
        return display_date(self.date)

    @property
    def rating(self) -> Optional[str]:
        return self.claim.review.rating if self.claim.review else None

    @property
    def sources(self) -> List[str]:
        return self.claim.source_ids


def timeline(ledger: Ledger) -> List[Event]:
    """Every dated claim, oldest first (stable for equal dates)."""
    events = [Event(c, c.date) for c in ledger.claims if c.date is not None]
    return sorted(events, key=lambda e: sort_key(e.date))
