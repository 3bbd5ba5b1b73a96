"""Reviewers subscribe URLs to the change feed and read the log of deliveries."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WEBHOOK_PERMISSIONS = [
    "view_webhooksubscription",
    "add_webhooksubscription",
    "change_webhooksubscription",
    "delete_webhooksubscription",
    "view_historicalwebhooksubscription",
    "view_webhookdelivery",
]


def reviewers_manage_webhooks(apps, schema_editor):
    # Permissions are normally created after migrate finishes; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=WEBHOOK_PERMISSIONS
    )
    for group in Group.objects.filter(name="Reviewers"):
        group.permissions.add(*permissions)


def reviewers_stop_managing_webhooks(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=WEBHOOK_PERMISSIONS
    )
    for group in Group.objects.filter(name="Reviewers"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_webhooks")]

    operations = [
        migrations.RunPython(reviewers_manage_webhooks, reviewers_stop_managing_webhooks)
    ]
