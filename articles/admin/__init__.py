"""The editors' admin: every model registered; writes go through the service layer."""

from . import articles, claims, deals, imports, records, reference, tokens, webhooks

admin_modules = (articles, claims, deals, imports, records, reference, tokens, webhooks)
