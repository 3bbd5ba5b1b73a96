"""Taking a claim for a write: locked, and refused if it changed since the writer read it.

Every claim write (edit, workflow step, withdrawal) starts here, so optimistic locking says
the same thing whichever path refuses a stale write.
"""

from __future__ import annotations

from articles.errors import StaleWrite
from articles.models import Claim


def claim_for_update(*, pk: int, expected_version: int | None) -> Claim:
    """The claim, row-locked until the transaction ends; ``StaleWrite`` if its version moved.

    Call inside ``transaction.atomic``. ``expected_version=None`` takes the latest state.
    """
    current = Claim.objects.select_for_update().select_related("article").get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleWrite(
            f"Claim {current.pk} was changed by someone else (you read version "
            f"{expected_version}, it is now version {current.version}). Reload and apply "
            "your change again.",
            current_version=current.version,
        )
    return current
