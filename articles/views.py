"""The health check. The public pages live in ``articles.pages``."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and compose health checks.

    The answer is public, so it says only ok or not ok; why is logged. The database's
    error text names its host, port and user, and is no business of whoever asks.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "not ok", "database": "not ok"}, status=503)
    return JsonResponse({"status": "ok"})
