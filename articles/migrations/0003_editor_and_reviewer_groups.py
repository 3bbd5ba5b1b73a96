"""Create the Editors and Reviewers groups with exactly their permissions.

Editors import articles and write claims and sources; Reviewers do all of that and also
verify claims, settle figures and resolve flags. Reviewer powers are never given to Editors.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_ALL = [
    "view_article",
    "view_publication",
    "view_importrun",
    "view_importissue",
    "view_entity",
    "view_metric",
    "view_claim",
    "view_source",
    "view_claimsource",
    "view_figure",
    "view_conflictflag",
    "view_historicalclaim",
    "view_historicalarticle",
    "view_historicalsource",
    "view_historicalclaimsource",
    "view_historicalfigure",
    "view_historicalconflictflag",
]
EDITOR = [
    *VIEW_ALL,
    "import_articles",
    "add_importrun",
    "change_article",
    "add_publication",
    "change_publication",
    "add_claim",
    "change_claim",
    "add_source",
    "change_source",
    "add_claimsource",
    "change_claimsource",
    "delete_claimsource",
    "add_entity",
    "change_entity",
]
REVIEWER = [
    *EDITOR,
    "verify_claim",
    "settle_figure",
    "change_figure",
    "resolve_conflictflag",
    "change_conflictflag",
]
GROUPS = {"Editors": EDITOR, "Reviewers": REVIEWER}


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrate finishes; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_seed_metrics_and_entities"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
