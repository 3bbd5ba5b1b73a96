"""Rate limits for anonymous clients (per address) and signed-in ones (per user).

DRF's throttles read their rates once, when the module is imported; these read them on
every request, so the ``API_THROTTLE_*`` settings (and a test's override) take effect. The
client's address comes from ``articles.client_address``, which trusts ``X-Forwarded-For``
only behind the configured number of proxies.
"""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from articles.client_address import client_address


class AnonymousThrottle(AnonRateThrottle):
    def get_ident(self, request: Any) -> str:
        return client_address(request)

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_ident(self, request: Any) -> str:
        return client_address(request)

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
