"""Add Poland, Hungary, Sweden and Indonesia, which the extractor's lexicon now names.

Without an entity a country can be neither a claim's subject nor its counterparty, however
well its name is read. The data is written out here so the migration never changes. An
entity an editor has already added under the same name or slug keeps its row and gains
the aliases; going back deletes only the rows nothing refers to.
"""

from django.db import migrations
from django.db.models import Q

ENTITIES = [
    # name, slug, kind, aliases, Wikidata QID
    ("Poland", "poland", "country", ["Polish", "Poles", "Warsaw"], "Q36"),
    ("Hungary", "hungary", "country", ["Hungarian", "Hungarians", "Budapest"], "Q28"),
    ("Sweden", "sweden", "country", ["Swedish", "Swedes", "Stockholm"], "Q34"),
    ("Indonesia", "indonesia", "country", ["Indonesian", "Indonesians", "Jakarta"], "Q252"),
]

# Every relation that protects an entity from deletion.
_IN_USE = (
    "claims",
    "counterparty_claims",
    "figures",
    "flags",
    "deals_bought",
    "deals_sold",
    "publications",
)


def forwards(apps, schema_editor):
    Entity = apps.get_model("articles", "Entity")
    for name, slug, kind, aliases, qid in ENTITIES:
        entity = Entity.objects.filter(Q(name=name) | Q(slug=slug)).first()
        if entity is None:
            taken = Entity.objects.filter(wikidata_qid=qid).exists()
            Entity.objects.create(
                name=name, slug=slug, kind=kind, aliases=aliases, wikidata_qid="" if taken else qid
            )
            continue
        entity.aliases = list(dict.fromkeys([*entity.aliases, *aliases]))
        fields = ["aliases"]
        if not entity.wikidata_qid and not Entity.objects.filter(wikidata_qid=qid).exists():
            entity.wikidata_qid = qid
            fields.append("wikidata_qid")
        entity.save(update_fields=fields)


def backwards(apps, schema_editor):
    unused = {f"{relation}__isnull": True for relation in _IN_USE}
    apps.get_model("articles", "Entity").objects.filter(
        slug__in=[e[1] for e in ENTITIES], **unused
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0026_change_event_system_actor")]

    operations = [migrations.RunPython(forwards, backwards)]
