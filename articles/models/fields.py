"""Model fields for names: every value written to (or compared with) a name column is clean.

A title or name can arrive through the importer, the admin, the API, a management command,
a fixture or a shell. The one place all of them pass is the model field, so the rule of
``articles.importing.names.clean_name`` (no control, bidi or zero-width characters, one
line) is applied here rather than in each form, serializer or service:

- ``to_python`` runs in ``full_clean`` (admin forms, services that validate), so a name of
  nothing but invisible characters is refused as blank with the model's own message;
- ``get_prep_value`` runs for every value the ORM sends to the database -- ``save()``,
  ``bulk_create``, ``update()``, ``bulk_update`` -- and for lookups, so
  ``filter(name="Azer\u200bbaijan")`` finds "Azerbaijan" and uniqueness checks (DRF's
  ``UniqueValidator``, ``get_or_create``) see the same name the database will hold;
- ``pre_save`` puts the cleaned value back on the instance, so what a save returns is what
  was stored.

The fields deconstruct as Django's own ``CharField``/``JSONField``: the rule is Python
behaviour with no effect on the schema, so it needs no migration, and the migration
history (and every historical model state) stays as it is.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from articles.importing.names import clean_name, clean_names


class NameField(models.CharField):
    """A single-line human-readable name or title, cleaned of invisible characters."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return clean_name(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class NameListField(models.JSONField):
    """A JSON list of names (an entity's aliases), each cleaned; names left empty go."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return clean_names(value) if isinstance(value, list) else value

    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(self.to_python(value))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.to_python(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
