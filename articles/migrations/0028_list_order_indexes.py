"""Indexes on (field, id) for the orderings API lists offer, and claims' last-change instants
on SQLite written as the ORM writes them."""

from django.conf import settings
from django.db import migrations, models


def instants_as_the_orm_writes_them(apps, schema_editor):
    # Placing claims in figures wrote updated_at on SQLite as text ending "+00:00", which no
    # comparison with an instant the ORM writes matched.
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "UPDATE articles_claim SET updated_at = substr(updated_at, 1, length(updated_at) - 6) "
        "WHERE updated_at LIKE '%+00:00'"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0027_more_countries'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='claim',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='conflictflag',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='entity',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='figure',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='historicalclaim',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='historicalconflictflag',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='historicalfigure',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='historicalsource',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name='importrun',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='source',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['updated_at', 'id'], name='article_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['created_at', 'id'], name='article_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['updated_at', 'id'], name='claim_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['created_at', 'id'], name='claim_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='conflictflag',
            index=models.Index(fields=['updated_at', 'id'], name='conflictflag_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='conflictflag',
            index=models.Index(fields=['created_at', 'id'], name='conflictflag_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='entity',
            index=models.Index(fields=['updated_at', 'id'], name='entity_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='entity',
            index=models.Index(fields=['created_at', 'id'], name='entity_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['updated_at', 'id'], name='figure_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['created_at', 'id'], name='figure_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='figure',
            index=models.Index(fields=['period_start', 'id'], name='figure_period_start_id_idx'),
        ),
        migrations.AddIndex(
            model_name='importrun',
            index=models.Index(fields=['created_at', 'id'], name='importrun_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='metric',
            index=models.Index(fields=['updated_at', 'id'], name='metric_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='metric',
            index=models.Index(fields=['created_at', 'id'], name='metric_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='publication',
            index=models.Index(fields=['updated_at', 'id'], name='publication_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='publication',
            index=models.Index(fields=['created_at', 'id'], name='publication_created_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='source',
            index=models.Index(fields=['updated_at', 'id'], name='source_updated_at_id_idx'),
        ),
        migrations.AddIndex(
            model_name='source',
            index=models.Index(fields=['created_at', 'id'], name='source_created_at_id_idx'),
        ),
        migrations.RunPython(instants_as_the_orm_writes_them, migrations.RunPython.noop),
    ]
