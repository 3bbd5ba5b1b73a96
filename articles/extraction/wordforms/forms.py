"""Putting a language's written forms of each entity together, one source of names at a time.

Every language module makes its entities' forms the same way: for each entity, each name
(a country, an abbreviation, an adjective) gives its forms with their case letters through
that language's own grammar, and a form already given by an earlier source keeps its cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

# Entity -> {written form: case letters}, as ``ENTITY_FORMS`` holds them.
EntityForms = dict[str, dict[str, str]]


def forms_add(
    entities: EntityForms,
    names: Mapping[str, Iterable[str]],
    forms_of: Callable[[str], Mapping[str, str]],
) -> EntityForms:
    """Add every form ``forms_of`` makes of each entity's ``names``; earlier forms win."""
    for entity, written in names.items():
        forms = entities.setdefault(entity, {})
        for name in written:
            for form, cases in forms_of(name).items():
                forms.setdefault(form, cases)
    return entities


def without_role(*forms: str) -> dict[str, str]:
    """Forms that name an entity without a role (adjectives, demonyms): no case letters."""
    return dict.fromkeys(forms, "")
