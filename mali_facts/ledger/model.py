"""The ledger's data model: plain dataclasses, no I/O.

Every object remembers the line of claims.yaml it came from so that any later
finding can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # used with fullmatch


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    >>> d = PartialDate.parse("2013-08")
    >>> d, d.precision, str(d)
    (PartialDate(year=2013, month=8, day=None), 'month', '2013-08')
    >>> PartialDate.parse("2013-02-30")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """

    year: int
    month: Optional[int] = None
    day: Optional[int] = None

    @classmethod
    def parse(cls, value) -> "PartialDate":
        text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
        m = _DATE.fullmatch(text)
        if not m:
            raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in m.groups())
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is out of range in {text!r}")
        if day is not None:
            import datetime

            datetime.date(year, month, day)  # raises ValueError with the reason
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def parts(self) -> List[int]:
        """The known parts, as CSL-JSON ``date-parts`` wants them."""
        return [p for p in (self.year, self.month, self.day) if p is not None]

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out


@dataclass
class Source:
    """A source document of the ledger: its file, its metadata, and the line of
    claims.yaml it is declared on."""

    id: str
    file: str                 # as written in the ledger, relative to the claims file
    path: Path                # resolved absolute path
    title: str
    line: int
    publisher: Optional[str] = None
    authors: List[str] = field(default_factory=list)
    published: Optional[PartialDate] = None
    url: Optional[str] = None
    accessed: Optional[PartialDate] = None
    sha256: Optional[str] = None
    type: Optional[str] = None        # CSL item type, e.g. article-magazine, webpage, post-weblog
    subtitle: Optional[str] = None
    note: Optional[str] = None        # how uncertain metadata was inferred
    furniture: List[str] = field(default_factory=list)  # quotes of spans that hold no assertions
    sha256_line: Optional[int] = None
    archive: Optional[str] = None     # the archived original's file (source add), as written
    archive_sha256: Optional[str] = None  # its pinned sha256 (checked on every run)
    archive_path: Optional[Path] = None   # the archive's file, resolved


@dataclass
class Evidence:
    """One quote a claim rests on: the source it is in, the quote, and where it is
    written in claims.yaml (its lines and column), with the optional context and span
    that anchor it."""

    source: str
    quote: str
    line: int                 # line of the `quote:` key (what CI annotations point at)
    item_line: int            # line of the list item
    end_line: int             # last line of the quote value
    column: int = 1
    prefix: Optional[str] = None
    suffix: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass
class Review:
    """A fact-check verdict on a claim (what ClaimReview publishes)."""

    rating: str
    explanation: str
    references: List[str]
    line: int
    date: Optional[PartialDate] = None
    author: Optional[str] = None


@dataclass
class Claim:
    """A factual assertion, and the evidence that supports it."""

    id: str
    statement: str
    line: int
    evidence: List[Evidence]
    date: Optional[PartialDate] = None
    tags: List[str] = field(default_factory=list)
    entities: List[str] = field(default_factory=list)
    review: Optional[Review] = None
    statement_line: Optional[int] = None

    @property
    def source_ids(self) -> List[str]:
        """The ids of the sources its evidence cites, each once, in order."""
        return list(dict.fromkeys(ev.source for ev in self.evidence))


@dataclass
class Entity:
    """A person, organisation, place, programme, law or event, with the other
    spellings it goes by."""

    name: str                 # canonical spelling
    kind: str                 # person, organisation, place, programme, law, event
    aliases: List[str]
    line: int


@dataclass
class Ledger:
    """A whole claims file: its sources, claims and entities, and its own text."""

    path: Path
    version: int
    sources: Dict[str, Source]
    claims: List[Claim]
    entities: Dict[str, Entity] = field(default_factory=dict)
    text: str = ""            # the claims file's own text, for editing and excerpts

    @property
    def root(self) -> Path:
        return self.path.parent

    def claim(self, claim_id: str) -> Claim:
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)

    def alias_table(self) -> Dict[str, Tuple[str, ...]]:
        """Canonical name -> every spelling (canonical first)."""
        return {e.name: (e.name, *e.aliases) for e in self.entities.values()}
