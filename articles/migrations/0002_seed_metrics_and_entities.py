"""Seed the metrics and the countries and organisations of the seed articles, with aliases.

The data is written out here, not imported from application code, so the migration keeps
doing the same thing however the code changes later.
"""

from django.db import migrations

METRICS = [
    # slug, name, unit kind, signal words
    (
        "military-expenditure",
        "Military expenditure",
        "currency",
        [
            "military spending",
            "defense spending",
            "defence spending",
            "defense budget",
            "defence budget",
            "military budget",
            "defense expenditures",
            "defence expenditure",
            "military expenditure",
        ],
    ),
    (
        "arms-imports",
        "Arms imports",
        "currency",
        ["arms imports", "imported", "acquired", "arms importer", "bought weapons"],
    ),
    (
        "arms-exports",
        "Arms exports",
        "currency",
        ["arms exports", "exported", "arms exporter", "sold weapons"],
    ),
    (
        "arms-deal",
        "Arms deal value",
        "currency",
        ["deal", "contract", "agreed to sell", "purchase of", "worth of weapons", "order"],
    ),
    (
        "military-aid",
        "Military aid",
        "currency",
        ["military aid", "military assistance", "security assistance", "grant"],
    ),
    (
        "cooperation-volume",
        "Military-technical cooperation volume",
        "currency",
        ["military-technical cooperation", "defense cooperation", "defence cooperation"],
    ),
    (
        "equipment-count",
        "Equipment and personnel count",
        "count",
        ["tanks", "vehicles", "helicopters", "aircraft", "systems", "soldiers", "troops"],
    ),
]

ENTITIES = [
    # name, slug, kind, aliases, Wikidata QID
    (
        "Azerbaijan",
        "azerbaijan",
        "country",
        ["Baku", "Azerbaijani", "Azeri", "Azerbaijanis"],
        "Q227",
    ),
    ("Armenia", "armenia", "country", ["Yerevan", "Armenian", "Armenians"], "Q399"),
    (
        "Russia",
        "russia",
        "country",
        ["Moscow", "Russian", "Kremlin", "Russian Federation", "Russians"],
        "Q159",
    ),
    ("Turkey", "turkey", "country", ["Türkiye", "Turkiye", "Ankara", "Turkish"], "Q43"),
    ("Israel", "israel", "country", ["Israeli", "Tel Aviv", "Jerusalem"], "Q801"),
    ("Iran", "iran", "country", ["Tehran", "Iranian", "Islamic Republic of Iran"], "Q794"),
    ("France", "france", "country", ["Paris", "French"], "Q142"),
    ("India", "india", "country", ["New Delhi", "Delhi", "Indian"], "Q668"),
    ("Pakistan", "pakistan", "country", ["Islamabad", "Pakistani"], "Q843"),
    (
        "United States",
        "united-states",
        "country",
        ["US", "U.S.", "USA", "United States of America", "America", "American", "Washington"],
        "Q30",
    ),
    ("Georgia", "georgia", "country", ["Tbilisi", "Georgian"], "Q230"),
    ("Ukraine", "ukraine", "country", ["Kyiv", "Kiev", "Ukrainian"], "Q212"),
    ("China", "china", "country", ["Beijing", "Chinese", "PRC"], "Q148"),
    ("Belarus", "belarus", "country", ["Minsk", "Belarusian"], "Q184"),
    ("Serbia", "serbia", "country", ["Belgrade", "Serbian"], "Q403"),
    ("Nagorno-Karabakh", "nagorno-karabakh", "country", ["Karabakh", "Artsakh", "Stepanakert"], ""),
    ("SIPRI", "sipri", "organisation", ["Stockholm International Peace Research Institute"], ""),
    ("CAWAT", "cawat", "organisation", ["Centre for Analysis of World Arms Trade"], ""),
    ("Rosoboronexport", "rosoboronexport", "organisation", [], ""),
    ("NATO", "nato", "organisation", ["North Atlantic Treaty Organization"], "Q7184"),
    ("European Union", "european-union", "organisation", ["EU"], "Q458"),
    ("CSTO", "csto", "organisation", ["Collective Security Treaty Organization"], ""),
]


def seed(apps, schema_editor):
    Metric = apps.get_model("articles", "Metric")
    Entity = apps.get_model("articles", "Entity")
    for slug, name, unit_kind, words in METRICS:
        Metric.objects.update_or_create(
            slug=slug, defaults={"name": name, "unit_kind": unit_kind, "signal_words": words}
        )
    for name, slug, kind, aliases, qid in ENTITIES:
        Entity.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "aliases": aliases, "wikidata_qid": qid},
        )


def unseed(apps, schema_editor):
    apps.get_model("articles", "Metric").objects.filter(
        slug__in=[m[0] for m in METRICS], claims__isnull=True, figures__isnull=True
    ).delete()
    apps.get_model("articles", "Entity").objects.filter(
        slug__in=[e[1] for e in ENTITIES], claims__isnull=True, figures__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
