"""Domain errors. Each face translates them: an admin message, an API status, an exit code."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class FactcheckError(Exception):
    """Base of every error the domain raises on purpose."""

    #: HTTP status the API answers with.
    status_code = 400
    #: Stable machine-readable code for API clients.
    code = "invalid"


class QuoteMismatch(FactcheckError, ValueError):
    """A claim's quote does not stand at its offsets in the article body."""

    code = "quote_mismatch"


class StaleWrite(FactcheckError):
    """The object changed since the writer read it; the write is refused, not merged."""

    status_code = 412
    code = "stale_write"

    def __init__(self, message: str, *, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class PreconditionRequired(FactcheckError):
    """A change that does not say which version of the record it was made on."""

    status_code = 428
    code = "precondition_required"


class MalformedPrecondition(FactcheckError):
    """An If-Match header that holds no ETag as the server writes them (in double quotes)."""

    status_code = 400
    code = "malformed_if_match"


class InvalidTransition(FactcheckError):
    """A workflow step that the object's current state does not allow."""

    status_code = 409
    code = "invalid_transition"


class ReviewRefused(InvalidTransition):
    """A review decision whose grounds are missing: a verdict needs its evidence.

    ``missing`` lists what is lacking with stable names (``subject``, ``metric``,
    ``period``, ``supporting_source``, ``contradicting_source``); the code names the first.
    """

    def __init__(self, message: str, *, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing
        self.code = f"missing_{missing[0]}"


class NotPermitted(FactcheckError, PermissionDenied):
    """The acting user lacks the permission the operation needs (a Django PermissionDenied)."""

    status_code = 403
    code = "permission_denied"


class ImportRefused(FactcheckError):
    """An import that cannot start at all (no items, unknown format)."""

    code = "import_refused"


class QueueUnavailable(ImportRefused):
    """The task broker does not answer, so work cannot be handed to the workers."""

    status_code = 503
    code = "queue_unavailable"
