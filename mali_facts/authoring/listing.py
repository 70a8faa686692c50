"""The `list` service: one row per claim (id, status, review rating, date,
statement), filtered by tag, source, status and rating. Pure: no printing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence

from mali_facts.errors import UsageError, did_you_mean
from mali_facts.ledger import Claim, Ledger
from mali_facts.verify import STATUSES


@dataclass
class Row:
    claim: Claim
    status: str

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def rating(self) -> Optional[str]:
        return self.claim.review.rating if self.claim.review else None

    @property
    def date(self) -> Optional[str]:
        return str(self.claim.date) if self.claim.date else None

    @property
    def statement(self) -> str:
        return " ".join(self.claim.statement.split())

    @property
    def sources(self) -> List[str]:
        return self.claim.source_ids


@dataclass
class Listing:
    ledger: Ledger
    rows: List[Row]
    total: int


def _check(option: str, given: Sequence[str], known: Iterable[str], what: str,
           enumerated: bool = False) -> None:
    known = list(dict.fromkeys(known))
    for value in given:
        if value in known:
            continue
        if enumerated:
            hint = "use one of: " + ", ".join(known)
        else:
            hint = did_you_mean(value, known) or (
                f"the claims file has {len(known)}: " + ", ".join(known[:20])
                + (", ..." if len(known) > 20 else "") if known else "the claims file has none")
        raise UsageError(f"{option} {value}: no such {what}", hint=hint)


def list_claims(ledger: Ledger, *, tags: Sequence[str] = (), sources: Sequence[str] = (),
                statuses: Sequence[str] = (), ratings: Sequence[str] = ()) -> Listing:
    """The claims of ``ledger`` that have any of the given tags, and cite any of the
    given sources, and so on (an empty filter lets everything through).
    Raises UsageError for a tag, source, status or rating that does not exist."""
    from mali_facts.ledger import RATINGS
    from mali_facts.verify import verify_ledger

    _check("--tag", tags, (t for c in ledger.claims for t in c.tags), "tag")
    _check("--source", sources, ledger.sources, "source")
    _check("--status", statuses, STATUSES, "status", enumerated=True)
    _check("--rating", ratings, RATINGS + ("none",), "rating", enumerated=True)
    claims = [c for c in ledger.claims
              if (not tags or set(tags) & set(c.tags))
              and (not sources or set(sources) & {e.source for e in c.evidence})
              and (not ratings or (c.review.rating if c.review else "none") in ratings)]
    if not claims:
        return Listing(ledger, [], len(ledger.claims))
    sub = Ledger(ledger.path, ledger.version, ledger.sources, claims, ledger.entities, ledger.text)
    report = verify_ledger(sub)
    rows = [Row(r.claim, r.status) for r in report.claims if not statuses or r.status in statuses]
    return Listing(ledger, rows, len(ledger.claims))
