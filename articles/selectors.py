"""Shared reads: the querysets pages, admin and API use, with their joins decided once.

Each selector names the N+1 it prevents, so a list's query count stays flat as rows grow.
"""

from __future__ import annotations

from .models import Article, Claim, ClaimStatus, Figure


def article_queryset():
    return Article.objects.with_listing()


def public_claims():
    # article__publication, subject, metric and figure are shown on every claim row.
    return Claim.objects.public().with_listing()


def recently_verified_claims(*, limit: int = 20):
    return public_claims().filter(status=ClaimStatus.VERIFIED).order_by("-updated_at")[:limit]


def public_figures():
    return Figure.objects.public().with_listing()
