"""Existing claims and figures get their kind (a data step of its own, after the schema)."""

from django.db import migrations

# Existing claims and figures become yearly amounts, deal values become transactions and
# counted quantities counts; editors correct the rest (a multi-year total, say) by hand.
DEAL_METRICS = ("arms-deal",)


def kinds_from_metrics(apps, schema_editor):
    Claim = apps.get_model("articles", "Claim")
    Figure = apps.get_model("articles", "Figure")
    for model in (Claim, Figure):
        model.objects.filter(metric__slug__in=DEAL_METRICS).update(kind="transaction")
        model.objects.filter(metric__unit_kind="count").update(kind="count")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_figure_kinds")]

    operations = [migrations.RunPython(kinds_from_metrics, migrations.RunPython.noop)]
