"""The `add` service: a new claim, anchored before anything is written.

:func:`prepare_claim` checks the id, the source, the date, the tags and the
entities, anchors the quote (:mod:`mali_facts.authoring.anchor`) and runs the
statement-versus-quote check. It writes nothing: the CLI appends the item with
the claims-file writer only when the quote verifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from mali_facts.authoring.anchor import Anchored, anchor_quote
from mali_facts.errors import UsageError, did_you_mean
from mali_facts.ledger import Ledger, PartialDate


@dataclass
class NewClaim:
    claim_id: str
    anchored: Anchored
    item: Optional[Dict[str, Any]] = None            # the claim to append (None unless verified)
    warnings: List[str] = field(default_factory=list)  # unsupported details of the statement

    @property
    def verified(self) -> bool:
        return self.anchored.verified


class DuplicateId(UsageError):
    """The claims file already has a claim with that id."""


def _check_id(ledger: Ledger, claim_id: str) -> None:
    from mali_facts.ledger import SLUG, display_path

    if not SLUG.match(claim_id):
        raise UsageError(f"--id {claim_id!r} is not a slug",
                         hint="use lowercase letters, digits and single hyphens, e.g. sanogo-six-missions")
    for claim in ledger.claims:
        if claim.id == claim_id:
            raise DuplicateId(f"claim {claim_id!r} already exists; nothing written",
                              path=display_path(ledger.path), line=claim.line,
                              hint="choose another --id, or edit that claim")


def _check_names(ledger: Ledger, tags: Sequence[str], entities: Sequence[str]) -> List[str]:
    from mali_facts.ledger import SLUG, canonical_name

    for tag in tags:
        if not SLUG.match(tag):
            raise UsageError(f"--tag {tag!r} is not a slug", hint="use lowercase words joined by hyphens")
    named: List[str] = []
    for name in entities:
        if name in ledger.entities:
            named.append(name)
            continue
        canonical = canonical_name(name, ledger.entities)
        hint = (f"write its canonical name {canonical!r}" if canonical else
                did_you_mean(name, ledger.entities) or "add it to 'entities:' first")
        raise UsageError(f"--entity {name!r} is not in 'entities:'", hint=hint)
    return named


def yaml_date(date: PartialDate) -> Any:
    """The value that a date written plain in YAML loads as (the writer checks
    its edits by loading them): an int year, a 'YYYY-MM' string, or a date.

    >>> [yaml_date(PartialDate.parse(s)) for s in ("2002", "2013-08", "2013-08-11")]
    [2002, '2013-08', datetime.date(2013, 8, 11)]
    """
    import datetime

    if date.day is not None:
        return datetime.date(date.year, date.month, date.day)
    if date.month is not None:
        return str(date)
    return date.year


def prepare_claim(ledger: Ledger, source_text: str, *, claim_id: str, statement: str,
                  source_id: str, quote: str, date: Optional[str] = None,
                  tags: Sequence[str] = (), entities: Sequence[str] = (),
                  occurrence: Optional[int] = None) -> NewClaim:
    """The claim to append for ``quote`` from ``source_id`` (whose text is
    ``source_text``). Raises UsageError (DuplicateId for a taken id) for bad input;
    a quote that does not verify comes back with ``item`` None."""
    from mali_facts.consistency import fold_aliases, unsupported_details

    _check_id(ledger, claim_id)
    if source_id not in ledger.sources:
        raise UsageError(f"--source {source_id!r} is not in 'sources:'",
                         hint=did_you_mean(source_id, ledger.sources) or "add the source first")
    if not statement.strip():
        raise UsageError("--statement is empty", hint="say what the quote shows, in your own words")
    parsed = None
    if date is not None:
        try:
            parsed = PartialDate.parse(date)
        except ValueError as exc:
            raise UsageError(f"--date {date!r}: {exc}", hint="use YYYY, YYYY-MM or YYYY-MM-DD") from None
    named = _check_names(ledger, tags, entities)
    anchored = anchor_quote(source_text, quote, source_id=source_id, occurrence=occurrence)
    result = NewClaim(claim_id, anchored)
    if not anchored.verified:
        return result
    evidence = dict(anchored.evidence)
    aliases = fold_aliases(ledger.alias_table().values())
    result.warnings = [f"unsupported detail {d!r}: the statement says it, the quote does not"
                       for d in unsupported_details(statement, [evidence["quote"]], aliases)]
    item: Dict[str, Any] = {"id": claim_id, "statement": " ".join(statement.split())}
    if parsed is not None:
        item["date"] = yaml_date(parsed)
    if tags:
        item["tags"] = list(dict.fromkeys(tags))
    if named:
        item["entities"] = named
    item["evidence"] = [evidence]
    result.item = item
    return result
