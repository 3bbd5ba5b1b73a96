import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_scopes"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="figure",
            name="figure_unique_key",
        ),
        migrations.AlterField(
            model_name="conflictflag",
            name="kind",
            field=models.CharField(
                choices=[
                    ("value_mismatch", "Values disagree"),
                    ("period_reuse", "Same value for different periods"),
                    ("metric_confusion", "Same value for different metrics"),
                    ("unit_mismatch", "Incomparable units"),
                    ("total_mismatch", "Total differs from the sum of its years"),
                    ("scope_difference", "Sources count different things"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalconflictflag",
            name="kind",
            field=models.CharField(
                choices=[
                    ("value_mismatch", "Values disagree"),
                    ("period_reuse", "Same value for different periods"),
                    ("metric_confusion", "Same value for different metrics"),
                    ("unit_mismatch", "Incomparable units"),
                    ("total_mismatch", "Total differs from the sum of its years"),
                    ("scope_difference", "Sources count different things"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="scope",
            field=models.ForeignKey(
                db_column="scope",
                default="unspecified",
                help_text="What the amount counts (the defence ministry only, SIPRI's definition...).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="articles.scope",
                to_field="slug",
            ),
        ),
        migrations.AddField(
            model_name="figure",
            name="scope",
            field=models.ForeignKey(
                db_column="scope",
                default="unspecified",
                help_text="What its claims count (a figure holds one scope).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="figures",
                to="articles.scope",
                to_field="slug",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="scope",
            field=models.ForeignKey(
                blank=True,
                db_column="scope",
                db_constraint=False,
                default="unspecified",
                help_text="What the amount counts (the defence ministry only, SIPRI's definition...).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.scope",
                to_field="slug",
            ),
        ),
        migrations.AddField(
            model_name="historicalfigure",
            name="scope",
            field=models.ForeignKey(
                blank=True,
                db_column="scope",
                db_constraint=False,
                default="unspecified",
                help_text="What its claims count (a figure holds one scope).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.scope",
                to_field="slug",
            ),
        ),
        migrations.AddConstraint(
            model_name="figure",
            constraint=models.UniqueConstraint(
                fields=("subject", "metric", "period_start", "period_end", "unit", "kind", "scope"),
                name="figure_unique_key",
                violation_error_message="A figure for this subject, metric, period, unit, kind and scope already exists.",
            ),
        ),
    ]
