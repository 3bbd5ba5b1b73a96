"""Entities and metrics as readers name them."""

from __future__ import annotations

from django.db.models import Q

from articles.models import Entity, Metric


def record_named(model: type[Entity] | type[Metric], value: str) -> int | None:
    """The id of the entity or metric ``value`` names, or None (one query).

    In order: its id, its slug, its name (any case), then (entities) one of its aliases (any
    case). Aliases are a JSON list, so candidates are narrowed in SQL by the text and the
    exact alias is checked here.
    """
    value = value.strip()
    match = Q(slug=value) | Q(name__iexact=value)
    if value.isdigit() and len(value) < 19:
        match |= Q(pk=int(value))
    aliased = model is Entity
    if aliased:
        match |= Q(aliases__icontains=value)
    rows = list(
        model.objects.filter(match).values_list(
            "pk", "slug", "name", *(["aliases"] if aliased else [])
        )
    )
    folded = value.casefold()
    for test in (
        lambda row: str(row[0]) == value,
        lambda row: row[1] == value,
        lambda row: row[2].casefold() == folded,
        lambda row: aliased and any(alias.casefold() == folded for alias in row[3] or ()),
    ):
        for row in rows:
            if test(row):
                return row[0]
    return None
