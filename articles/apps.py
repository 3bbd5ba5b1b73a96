"""App configuration for the domain app."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Fact record"
    default_auto_field = "django.db.models.BigAutoField"
