"""factory-boy factories for the domain model; metrics and countries come from the seed."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db.models import Model

from articles.importing import SourceItem
from articles.importing import content_hash as hash_body
from articles.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    Entity,
    Figure,
    Metric,
    Publication,
    Source,
)
from articles.services.actors import Actor, SystemActor
from articles.services.claim_edit import anchor_context

# The actor of writes a test makes to set the scene, not the behaviour under test.
TEST_SETUP = SystemActor("test setup")

M = TypeVar("M", bound=Model)

if TYPE_CHECKING:

    class ModelFactory(factory.django.DjangoModelFactory[M]):
        """What calling a factory gives: factory_boy's metaclass returns the model instance."""

        def __new__(cls, **kwargs: Any) -> M: ...  # type: ignore[misc]  # the metaclass makes the call return a model, not the factory

else:
    ModelFactory = factory.django.DjangoModelFactory


class UserFactory(ModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("pw-for-tests-only")

    @factory.post_generation
    def group(self: User, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class PublicationFactory(ModelFactory[Publication]):
    class Meta:
        model = Publication
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


SAMPLE_BODY = (
    "Azerbaijan's defense expenditures rose from $2.2 billion in 2020 to $3.7 billion in 2024."
    "\n\nArmenia's military spending grew from $669 million in 2020 to $1.4 billion in 2024."
)


class ArticleFactory(ModelFactory[Article]):
    class Meta:
        model = Article

    publication = factory.SubFactory(PublicationFactory)
    title = factory.Sequence(lambda n: f"Arms race article {n}")
    body = factory.Sequence(lambda n: f"{SAMPLE_BODY}\n\nReport number {n}.")
    raw = factory.LazyAttribute(lambda a: a.body)
    language = "en"
    source_format = "txt"
    content_hash = factory.LazyAttribute(lambda a: hash_body(a.body))


def entity_named(name: str) -> Entity:
    return Entity.objects.get(name=name)


def metric_slug(slug: str) -> Metric:
    return Metric.objects.get(slug=slug)


def claim_figure(claim: Claim) -> Figure:
    """The figure reconciliation put ``claim`` in; a test that needs one stops here without it."""
    assert claim.figure is not None, f"claim #{claim.pk} is in no figure"
    return claim.figure


class ClaimFactory(ModelFactory[Claim]):
    """A claim on the first "$3.7 billion" of the sample body, unless told otherwise."""

    class Meta:
        model = Claim

    class Params:
        phrase = "$3.7 billion"

    article = factory.SubFactory(ArticleFactory)
    language = factory.LazyAttribute(lambda c: c.article.language)
    start = factory.LazyAttribute(lambda c: c.article.body.index(c.phrase))
    end = factory.LazyAttribute(lambda c: c.start + len(c.phrase))
    quote = factory.LazyAttribute(lambda c: c.article.body[c.start : c.end])
    prefix = factory.LazyAttribute(lambda c: anchor_context(c.article.body, c.start, c.end)[0])
    suffix = factory.LazyAttribute(lambda c: anchor_context(c.article.body, c.start, c.end)[1])
    subject = factory.LazyFunction(lambda: entity_named("Azerbaijan"))
    metric = factory.LazyFunction(lambda: metric_slug("military-expenditure"))
    value = Decimal("3700000000.00")
    currency = "USD"
    period_start = 2024
    period_end = 2024
    origin = ClaimOrigin.MANUAL
    status = ClaimStatus.DRAFT


class SourceFactory(ModelFactory[Source]):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"SIPRI Military Expenditure Database, release {n}")
    url = factory.Sequence(lambda n: f"https://www.sipri.org/databases/milex/{n}")
    publisher = "SIPRI"
    kind = "dataset"


def claim_reviewed(claim: Claim, to_status: str, *, actor: Actor = TEST_SETUP) -> Claim:
    """Move ``claim`` to ``to_status`` as a reviewer would: with the evidence the verdict needs.

    Verifying needs a supporting source and marking false a contradicting one; both are
    attached here first, through the same service the admin and API use.
    """
    from articles.models import Stance
    from articles.services.claim_workflow import claim_transition
    from articles.services.sources import claim_source_attach

    stance = {ClaimStatus.VERIFIED: Stance.SUPPORTS, ClaimStatus.FALSE: Stance.CONTRADICTS}.get(
        ClaimStatus(to_status)
    )
    if stance is not None:
        claim_source_attach(actor=actor, claim=claim, source=SourceFactory(), stance=stance)
    return claim_transition(actor=actor, claim=claim, to_status=to_status)


# --- Files to import ------------------------------------------------------------------------


def txt(name: str, body: str, title: str = "Arms spending in the Caucasus") -> SourceItem:
    """A plain-text file as the importer reads one: the title line, then the body."""
    return SourceItem(name=name, data=f"{title}\n\n{body}\n".encode(), format_hint="txt")


def json_article(name: str, **fields: str) -> SourceItem:
    """A JSON file holding one article's fields."""
    return SourceItem(name=name, data=json.dumps(fields).encode(), format_hint="json")
