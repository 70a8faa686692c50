"""schema.org ClaimReview JSON-LD, one per reviewed claim.

``claimReviewed`` is the claim's statement; ``reviewRating`` carries the
ledger's rating as ``alternateName`` (the scale is not numeric) and the
explanation; ``itemReviewed`` is a Claim whose ``appearance`` lists the sources
quoted as evidence; ``citation`` lists the review's references.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

from mali_facts.cite.csl import plain
from mali_facts.errors import UsageError

SCHEMA_TYPES = {"article-magazine": "Article", "article-newspaper": "NewsArticle",
                "article-journal": "ScholarlyArticle", "webpage": "WebPage",
                "post-weblog": "BlogPosting", "post": "SocialMediaPosting", "report": "Report",
                "book": "Book"}
DEFAULT_AUTHOR = "mali-facts"


def rating_name(rating: str) -> str:
    return rating.replace("-", " ").capitalize()


def _date(parts: List[int]) -> str:
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts))


def appearance(item: Dict[str, Any]) -> Dict[str, Any]:
    work: Dict[str, Any] = {"@type": SCHEMA_TYPES.get(item.get("type", ""), "CreativeWork")}
    if item.get("URL"):
        work["url"] = item["URL"]
    if item.get("title"):
        work["headline"] = plain(item["title"])
    issued = (item.get("issued") or {}).get("date-parts", [[]])[0]
    if issued:
        work["datePublished"] = _date(issued)
    if item.get("container-title"):
        work["publisher"] = {"@type": "Organization", "name": plain(item["container-title"])}
    return work


def claim_review(claim, items: List[Dict[str, Any]]) -> Dict[str, Any]:
    review = claim.review
    out: Dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
    if review.date is not None:
        out["datePublished"] = str(review.date)
    out["claimReviewed"] = claim.statement
    item: Dict[str, Any] = {"@type": "Claim", "appearance": [appearance(i) for i in items]}
    # When the claim was made: its earliest dated appearance (not the date of the event it describes).
    made = sorted(a["datePublished"] for a in item["appearance"] if "datePublished" in a)
    if made:
        item["datePublished"] = made[0]
    out["itemReviewed"] = item
    out["author"] = {"@type": "Organization", "name": review.author or DEFAULT_AUTHOR}
    out["reviewRating"] = {"@type": "Rating", "alternateName": rating_name(review.rating),
                           "ratingExplanation": review.explanation}
    if review.references:
        out["citation"] = list(review.references)
    return out


def render(report, *, style: str = "claimreview", bibliography: bool = False) -> str:
    reviewed = [c for c in report.claims if c.review is not None]
    if not reviewed or (not bibliography and len(reviewed) < len(report.claims)):
        from mali_facts.ledger import display_path

        missing = [c for c in report.claims if c.review is None]
        where = {"path": display_path(report.ledger.path), "line": missing[0].line} if missing else {}
        raise UsageError(f"claim {missing[0].id!r} has no review" if missing else "no claim selected",
                         hint="add 'review: {rating: ..., explanation: ...}' to it, "
                              "or cite only reviewed claims", **where)
    out = []
    for claim in reviewed:
        seen, items = set(), []
        for cit in report.for_claim(claim):
            if cit.source.id not in seen:
                seen.add(cit.source.id)
                items.append(cit.item)
        out.append(claim_review(claim, items))
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
