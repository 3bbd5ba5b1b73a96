"""Citing a claim: its record as CSL-JSON, and a schema.org ClaimReview for search engines;
and a figure as a schema.org Dataset of Observations, one per competing public value.

CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html) is what Zotero,
Pandoc and citeproc read: the claim's record (a page of this site) and the article it
appears in, each dated as precisely as it is known (an article dated "May 2024" is
``[[2024, 5]]``, never the first of May).

ClaimReview JSON-LD (https://schema.org/ClaimReview) goes in a
``<script type="application/ld+json">`` block. ``json.dumps`` alone is not enough there: a
quote containing ``</script>`` would end the block and open the page to whatever follows, so
``<``, ``>`` and ``&`` are written as JSON unicode escapes, which no HTML parser reads as
markup and every JSON parser reads back as the same characters.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Claim, ConflictFlag, DatePrecision, Figure, FigureStatus
from articles.pages.statuses import BEST_RATING, WORST_RATING, meaning_of
from articles.selectors.visibility import PUBLIC, flag_explanation
from articles.services.flag_text import format_amount, period_label, possessive

SITE_NAME = "factcheck"
SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_for_script(data: Any) -> str:
    """JSON that cannot end or break the ``<script>`` element it is embedded in."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)


def csl_text(items: list[dict[str, Any]]) -> str:
    """CSL-JSON as a reader copies it: indented, characters as they are."""
    return json.dumps(items, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def jsonld_script(data: Any) -> SafeString:
    # Safe to mark: json_for_script leaves no "<", ">" or "&" for an HTML parser to act on.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_for_script(data)),  # noqa: S308
    )


def date_parts(day: date | None, precision: str) -> list[int] | None:
    """A date cut to its precision: [2024], [2024, 5] or [2024, 5, 3]."""
    if day is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return [day.year]
    if precision == DatePrecision.MONTH:
        return [day.year, day.month]
    return [day.year, day.month, day.day]


def iso_partial(day: date | None, precision: str) -> str | None:
    """ISO 8601 at the date's precision: "2024", "2024-05" or "2024-05-03"."""
    parts = date_parts(day, precision)
    if parts is None:
        return None
    return "-".join(f"{part:02d}" if n else str(part) for n, part in enumerate(parts))


def claim_summary(claim: Claim) -> str:
    """The claim as a sentence: "Azerbaijan's military expenditure for 2024: $3.7 billion"."""
    if claim.subject is None or claim.metric is None or claim.value is None:
        return claim.quote
    amount = format_amount(claim.value, claim.currency or claim.unit)
    period = period_label(claim.period_start, claim.period_end)
    return f"{possessive(claim.subject.name)} {claim.metric.name.lower()} for {period}: {amount}"


def claim_csl(
    claim: Claim, *, permalink: str, article_url: str, reviewed_on: date, accessed_on: date
) -> list[dict[str, Any]]:
    """The claim's record and its article, as a CSL-JSON array."""
    article = claim.article
    record: dict[str, Any] = {
        "id": f"{SITE_NAME}-claim-{claim.pk}",
        "type": "webpage",
        "title": f"{claim_summary(claim)} ({meaning_of(claim.status).label.lower()})",
        "container-title": SITE_NAME,
        "publisher": SITE_NAME,
        "author": [{"literal": SITE_NAME}],
        "URL": permalink,
        "issued": {"date-parts": [[reviewed_on.year, reviewed_on.month, reviewed_on.day]]},
        "accessed": {"date-parts": [[accessed_on.year, accessed_on.month, accessed_on.day]]},
        "note": f"Quote: “{claim.quote}”. Status: {meaning_of(claim.status).label}.",
    }
    source: dict[str, Any] = {
        "id": f"{SITE_NAME}-article-{article.pk}",
        "type": "article-newspaper",
        "title": article.title or "Untitled article",
        "URL": article.url or article_url,
    }
    if article.publication is not None:
        source["container-title"] = article.publication.name
    if article.byline:
        source["author"] = [{"literal": article.byline}]
    issued = date_parts(article.published_on, article.published_precision)
    if issued is not None:
        source["issued"] = {"date-parts": [issued]}
    if article.language:
        source["language"] = article.language
    return [record, source]


def _appearance(article: Article, article_url: str) -> dict[str, Any]:
    appearance: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": article.title or "Untitled article",
        "url": article.url or article_url,
    }
    published = iso_partial(article.published_on, article.published_precision)
    if published:
        appearance["datePublished"] = published
    if article.publication is not None:
        appearance["publisher"] = {"@type": "Organization", "name": article.publication.name}
    return appearance


def claim_review(
    claim: Claim,
    *,
    permalink: str,
    site_url: str,
    article_url: str,
    reviewed_on: date,
    attributed_to_organisation: bool = False,
) -> dict[str, Any]:
    """schema.org ClaimReview of a public claim."""
    article = claim.article
    meaning = meaning_of(claim.status)
    item: dict[str, Any] = {
        "@type": "Claim",
        "text": claim.quote,
        "appearance": _appearance(article, article_url),
    }
    if claim.attribution:
        kind = "Organization" if attributed_to_organisation else "Person"
        item["author"] = {"@type": kind, "name": claim.attribution}
    elif article.publication is not None:
        item["author"] = {"@type": "Organization", "name": article.publication.name}
    published = iso_partial(article.published_on, article.published_precision)
    if published:
        item["datePublished"] = published
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink,
        "datePublished": reviewed_on.isoformat(),
        "author": {"@type": "Organization", "name": SITE_NAME, "url": site_url},
        "claimReviewed": claim_summary(claim),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": meaning.rating,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": meaning.label,
            "ratingExplanation": meaning.meaning,
        },
    }


def _observation(
    figure: Figure,
    *,
    name: str,
    value: Decimal | None,
    low: Decimal | None,
    high: Decimal | None,
    unit: str,
) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "@type": "Observation",
        "name": name,
        "observationAbout": {"@type": "Thing", "name": figure.subject.name},
        "measuredProperty": {"@type": "Property", "name": figure.metric.name},
        "observationPeriod": f"{figure.period_start}/{figure.period_end}",
        "unitText": unit,
    }
    if value is not None:
        observation["value"] = str(value)
    if low is not None:
        observation["minValue"] = str(low)
    if high is not None:
        observation["maxValue"] = str(high)
    return observation


def figure_dataset(
    figure: Figure,
    claims: Sequence[Claim],
    *,
    permalink: str,
    url_of: Callable[[Claim], str],
    site_url: str,
    flags: Sequence[ConflictFlag] = (),
) -> dict[str, Any]:
    """schema.org Dataset of one figure: every competing public value as an Observation,
    the settled value (if any) with the reviewer's rationale, and the public disputes."""
    title = f"{possessive(figure.subject.name)} {figure.metric.name.lower()}, {figure.period_label}"
    observations = [
        {
            **_observation(
                figure,
                name=f"{format_amount(c.value, c.key_unit)} as given in "
                f"{c.article.title or 'an untitled article'}",
                value=c.value,
                low=c.low,
                high=c.high,
                unit=c.key_unit,
            ),
            "url": url_of(c),
            "additionalProperty": {
                "@type": "PropertyValue",
                "name": "review status",
                "value": meaning_of(c.status).label,
            },
        }
        for c in claims
    ]
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": title,
        "description": f"Every public claim of {title}, beside the value the desk stands "
        "behind once it is settled.",
        "url": permalink,
        "creator": {"@type": "Organization", "name": SITE_NAME, "url": site_url},
        "temporalCoverage": f"{figure.period_start}/{figure.period_end}",
        "variableMeasured": figure.metric.name,
        "hasPart": observations,
    }
    if figure.status == FigureStatus.RECONCILED:
        dataset["mainEntity"] = {
            **_observation(
                figure,
                name=f"Reconciled value of {title}",
                value=figure.value,
                low=figure.low,
                high=figure.high,
                unit=figure.unit,
            ),
            "description": figure.rationale,
        }
        dataset["creativeWorkStatus"] = "settled"
    else:
        dataset["creativeWorkStatus"] = "under review"
    if flags:
        dataset["comment"] = [
            {
                "@type": "Comment",
                "name": flag.get_kind_display(),
                "text": flag_explanation(flag, PUBLIC),
            }
            for flag in flags
        ]
    return dataset
