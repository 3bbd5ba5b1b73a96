"""The sitemap: public articles, claims and figures, for search engines and archives.

Only public states are listed (the same selectors as the pages). Sections are paged at
``limit`` entries, so 100,000 claims make an index of small files, not one huge one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from articles.selectors import pages as selectors

SITEMAP_PAGE_SIZE = 5000


class _RecordSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def lastmod(self, item: Any) -> datetime:
        return item.updated_at


class ArticleSitemap(_RecordSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet:
        return selectors.sitemap_articles()


class ClaimSitemap(_RecordSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self) -> QuerySet:
        return selectors.sitemap_claims()


class FigureSitemap(_RecordSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self) -> QuerySet:
        return selectors.sitemap_figures()


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "claims": ClaimSitemap,
    "figures": FigureSitemap,
}
