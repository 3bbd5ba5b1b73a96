"""Public pages: only reviewed states are shown; every string is escaped by the templates."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from . import selectors
from .models import Entity


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/home.html",
        {"recent_claims": selectors.recently_verified_claims(limit=20)},
    )


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.articles_for_list(None), pk=pk)
    claims = selectors.public_claims().filter(article=article)
    return render(request, "articles/article_detail.html", {"article": article, "claims": claims})


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(selectors.public_claims(), pk=pk)
    return render(request, "articles/claim_detail.html", {"claim": claim})


def figure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(selectors.public_figures(), pk=pk)
    claims = selectors.public_claims().filter(figure=figure)
    return render(request, "articles/figure_detail.html", {"figure": figure, "claims": claims})


def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    claims = selectors.public_claims().filter(subject=entity)[:100]
    return render(request, "articles/entity_detail.html", {"entity": entity, "claims": claims})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and compose health checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return JsonResponse({"status": "unavailable", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})
