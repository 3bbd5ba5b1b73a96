"""Editors and reviewers record deals and link the claims that report them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEAL_PERMISSIONS = ["view_deal", "add_deal", "change_deal", "view_historicaldeal"]


def groups_work_on_deals(apps, schema_editor):
    # Permissions are normally created after migrate finishes; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=DEAL_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=("Editors", "Reviewers")):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_deals_and_cited_rates")]

    operations = [migrations.RunPython(groups_work_on_deals, migrations.RunPython.noop)]
