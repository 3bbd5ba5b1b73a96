"""Search each text in its own language: per-language text-search configurations.

- ``Claim.language``: the article's language, copied so the claim's generated search column
  can read it (a generated column sees only its own row).
- Articles stored before language detection get their language now (blank ones only), and
  every claim takes its article's.
- On PostgreSQL the ``search_vector`` columns of migration 0005 are generated again, each
  text with its language's configuration (``russian`` stems "бюджета" to "бюджет"), or
  ``simple`` (lower-cased words, no stemming) for a language PostgreSQL has none for, or an
  unknown one. Reversing goes back to English for everything.

The configurations are written out here, as 0005's expressions were, so this migration never
changes when ``articles/selectors/search.py`` learns another language. PostgreSQL refuses to
change the type of a column a generated column uses: besides 0005's text columns, that is
now also ``language`` on articles and claims.
"""

from django.db import migrations, models

# ISO 639-1 -> PostgreSQL text-search configuration, for the languages detection names that
# PostgreSQL ships a stemmer for.
CONFIGS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "it": "italian", "nl": "dutch", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip


def config_sql(configs):
    cases = " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in configs.items())
    return f"(CASE language {cases} ELSE 'simple'::regconfig END)"


def search_columns(config):
    return {
        "articles_article": (
            "article_search_idx",
            f"setweight(to_tsvector({config}, COALESCE(title, '')), 'A') || "
            f"setweight(to_tsvector({config}, COALESCE(body, '')), 'B')",
        ),
        "articles_claim": (
            "claim_search_idx",
            f"setweight(to_tsvector({config}, COALESCE(quote, '')), 'A') || "
            f"setweight(to_tsvector({config}, COALESCE(attribution, '')), 'B') || "
            f"setweight(to_tsvector({config}, "
            "COALESCE(prefix, '') || ' ' || COALESCE(suffix, '')), 'C')",
        ),
    }


PER_LANGUAGE = search_columns(config_sql(CONFIGS))
ENGLISH = search_columns("'english'::regconfig")


def _drop(schema_editor):
    for table, (index, _) in PER_LANGUAGE.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


def _add(schema_editor, columns):
    for table, (index, expression) in columns.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")


def detect_blank_languages(apps):
    """Articles stored before detection existed: their language, as an import finds it now."""
    from articles.importing.language import SAMPLE_CHARS, detect_language

    article_model = apps.get_model("articles", "Article")
    blank = (
        article_model.objects.filter(language="")
        .annotate(sample=models.functions.Substr("body", 1, SAMPLE_CHARS))
        .values_list("pk", "sample")
    )
    changed = []
    for pk, sample in blank.iterator(chunk_size=2000):
        language = detect_language(sample)
        if language:
            changed.append(article_model(pk=pk, language=language))
    article_model.objects.bulk_update(changed, ["language"], batch_size=1000)


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        _drop(schema_editor)
    detect_blank_languages(apps)
    claim_model = apps.get_model("articles", "Claim")
    article_model = apps.get_model("articles", "Article")
    claim_model.objects.update(
        language=models.Subquery(
            article_model.objects.filter(pk=models.OuterRef("article_id")).values("language")[:1]
        )
    )
    if postgres:
        _add(schema_editor, PER_LANGUAGE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _drop(schema_editor)
        _add(schema_editor, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_article_language")]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="language",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                help_text="The article's language (ISO 639-1), kept equal to it by the services.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="language",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                help_text="The article's language (ISO 639-1), kept equal to it by the services.",
                max_length=16,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
