"""Rate limits for anonymous clients (per IP) and signed-in ones (per user).

DRF's throttles read their rates once, when the module is imported; these read them on
every request, so the ``API_THROTTLE_*`` settings (and a test's override) take effect.
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
