"""schema.org ClaimReview JSON-LD, one per reviewed claim.

``claimReviewed`` is the claim's statement; ``reviewRating`` carries the
ledger's rating as ``alternateName`` (the scale is not numeric) and the
explanation; ``itemReviewed`` is a Claim whose ``appearance`` lists the sources
quoted as evidence; ``citation`` lists the review's references.
"""

from __future__ import annotations

from typing import Any, Dict, List

from mali_facts.cite.csl import plain
from mali_facts.render.json_ import dumps

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


def render(report, *, bibliography: bool = False, **_: Any) -> str:
    """One ClaimReview per reviewed claim (the cite service's ``require_reviews`` has
    refused a selection with unreviewed claims)."""
    reviewed = [c for c in report.claims if c.review is not None]
    out = []
    for claim in reviewed:
        seen, items = set(), []
        for cit in report.for_claim(claim):
            if cit.source.id not in seen:
                seen.add(cit.source.id)
                items.append(cit.item)
        out.append(claim_review(claim, items))
    return dumps(out)
