"""Indexes shared by several models."""

from __future__ import annotations

from django.db import models


def list_order_indexes(prefix: str, *fields: str) -> list[models.Index]:
    """An index on ``(field, id)`` for each field an API list may be ordered by.

    A list's page is the rows past a cursor's key of the field and ``id``
    (``articles/api/pagination.py``); over this index that is a range read from the key
    on, where without it every page sorted the whole table.
    """
    return [models.Index(fields=[field, "id"], name=f"{prefix}_{field}_id_idx") for field in fields]
