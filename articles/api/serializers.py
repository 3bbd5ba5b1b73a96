"""What the API says about each record (read serializers) and what it accepts (write ones).

Read and write serializers are separate classes, chosen by action: a read serializer is the
contract of a response (and of the OpenAPI schema), a write serializer only validates input
that a service then applies. Money is a string of the exact decimal with its currency
beside it; periods are years. Nested rows come from the selectors' joins and prefetches, so
a page costs the same number of queries whatever its size.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import (
    CLOSED_FLAG_STATES,
    Article,
    Claim,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Figure,
    ImportRun,
    Metric,
    Publication,
    Qualifier,
    Source,
    SourceKind,
    Stance,
    UnitKind,
    WithdrawalReason,
)
from articles.models.claim import MONEY_DIGITS, MONEY_PLACES
from articles.pages.passages import quoted_text
from articles.selectors.visibility import can_see_drafts


def money(**kwargs: Any) -> serializers.DecimalField:
    """An exact decimal as a JSON string ("3700000000.00"), never a float."""
    return serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, coerce_to_string=True, **kwargs
    )


# --- References: small records other rows point at -----------------------------------------


class EntityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MetricRefSerializer(EntityRefSerializer):
    pass


class PublicationRefSerializer(EntityRefSerializer):
    pass


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The article's canonical URL.")
    published_on = serializers.DateField(read_only=True, allow_null=True)
    publication = PublicationRefSerializer(read_only=True, allow_null=True)


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "slug", "name", "kind", "aliases", "wikidata_qid", "description"]
        fields += ["created_at", "updated_at"]
        read_only_fields = fields


class MetricSerializer(serializers.ModelSerializer):
    tolerance = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True, read_only=True
    )

    class Meta:
        model = Metric
        fields = ["id", "slug", "name", "unit_kind", "description", "signal_words", "tolerance"]
        fields += ["created_at", "updated_at"]
        read_only_fields = fields


class PublicationSerializer(serializers.ModelSerializer):
    country = EntityRefSerializer(read_only=True, allow_null=True)
    homepage = serializers.CharField(read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = Publication
        fields = ["id", "slug", "name", "homepage", "country", "kind", "created_at", "updated_at"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    # Empty when unknown, so not a "uri" in the schema.
    url = serializers.CharField(read_only=True, help_text="A URL, or empty.")
    archived_url = serializers.CharField(read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "kind",
            "published_on",
            "accessed_on",
            "archived_url",
            "excerpt",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceLinkSerializer(serializers.Serializer):
    """A source attached to a claim, with its stance and the value the source gives."""

    source = SourceSerializer(read_only=True)
    stance = serializers.ChoiceField(choices=Stance.choices, read_only=True)
    value = money(read_only=True, allow_null=True)
    currency = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


@extend_schema_field(OpenApiTypes.STR)
class FlagExplanationField(serializers.Field):
    """The flag's sentence as the reader may see it: staff get the desk's, written from every
    claim under the flag; everyone else the public one, written from public claims only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, flag: ConflictFlag) -> str:
        request = self.context.get("request")
        staff = request is not None and can_see_drafts(request.user)
        return flag.explanation if staff else flag.public_explanation


class FlagRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    explanation = FlagExplanationField()


# --- Claims ---------------------------------------------------------------------------------


class ClaimValueFields(serializers.Serializer):
    """The structured value every claim shows, in lists, details and inside figures."""

    id = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    value = money(read_only=True, allow_null=True)
    low = money(read_only=True, allow_null=True)
    high = money(read_only=True, allow_null=True)
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, read_only=True)
    currency = serializers.CharField(read_only=True, help_text="ISO 4217 code for money.")
    unit = serializers.CharField(read_only=True, help_text="What is counted, for counts.")
    period_start = serializers.IntegerField(read_only=True, allow_null=True)
    period_end = serializers.IntegerField(read_only=True, allow_null=True)
    attribution = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, read_only=True)
    article = ArticleRefSerializer(read_only=True)
    sources = SourceLinkSerializer(many=True, read_only=True, source="source_links")


class WithdrawalSerializer(serializers.Serializer):
    """The correction of a withdrawn claim."""

    reason = serializers.ChoiceField(choices=WithdrawalReason.choices, source="withdrawal_reason")
    note = serializers.CharField(source="withdrawal_note")
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class ClaimSerializer(ClaimValueFields):
    """A claim in a list: where it stands, what it says, how far it is checked."""

    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    anchored = serializers.BooleanField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    suffix = serializers.CharField(read_only=True)
    subject = EntityRefSerializer(read_only=True, allow_null=True)
    counterparty = EntityRefSerializer(read_only=True, allow_null=True)
    metric = MetricRefSerializer(read_only=True, allow_null=True)
    origin = serializers.CharField(read_only=True)
    confidence = serializers.FloatField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back (or the ETag as If-Match) when changing it."
    )
    figure = serializers.IntegerField(read_only=True, allow_null=True, source="figure_id")
    withdrawal = serializers.SerializerMethodField(
        help_text="The correction, when the desk withdrew this claim (status `withdrawn`)."
    )
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(WithdrawalSerializer(allow_null=True))
    def get_withdrawal(self, claim: Claim) -> dict[str, Any] | None:
        if claim.status != ClaimStatus.WITHDRAWN:
            return None
        return WithdrawalSerializer(claim).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_page_url(self, claim: Claim) -> str:
        return reverse("claim-detail", kwargs={"pk": claim.pk})


class ClaimDetailSerializer(ClaimSerializer):
    """One claim with the conflict flags on it that the reader may see."""

    flags = FlagRefSerializer(many=True, read_only=True, source="visible_flags")


class ClaimCreateSerializer(serializers.Serializer):
    """A new claim on ``article.body[start:end]``; it starts as a draft."""

    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all())
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=1)
    quote = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Checked against the body when given."
    )
    subject = serializers.SlugRelatedField(
        slug_field="slug", queryset=Entity.objects.all(), required=False, allow_null=True
    )
    counterparty = serializers.SlugRelatedField(
        slug_field="slug", queryset=Entity.objects.all(), required=False, allow_null=True
    )
    metric = serializers.SlugRelatedField(
        slug_field="slug", queryset=Metric.objects.all(), required=False, allow_null=True
    )
    value = money(required=False, allow_null=True, min_value=0)
    low = money(required=False, allow_null=True, min_value=0)
    high = money(required=False, allow_null=True, min_value=0)
    qualifier = serializers.ChoiceField(choices=Qualifier.choices, required=False)
    currency = serializers.RegexField(r"^([A-Z]{3})?$", required=False, allow_blank=True)
    unit = serializers.CharField(max_length=100, required=False, allow_blank=True)
    period_start = serializers.IntegerField(
        min_value=1800, max_value=2200, required=False, allow_null=True
    )
    period_end = serializers.IntegerField(
        min_value=1800, max_value=2200, required=False, allow_null=True
    )
    attribution = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Reversed offsets would otherwise reach the service as an empty quote, or as
        # offsets "outside the article": say what is actually wrong, as the model does.
        from articles.models.claim import REVERSED_OFFSETS

        start, end = attrs.get("start"), attrs.get("end")
        if start is not None and end is not None and start >= end:
            raise serializers.ValidationError({"end": [REVERSED_OFFSETS]})
        return attrs


class ClaimUpdateSerializer(ClaimCreateSerializer):
    """Changes to a claim; ``version`` (or an If-Match header) says which one they apply to."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version you read. Needed unless an If-Match header is sent.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("article")
        for field in self.fields.values():
            field.required = False


class ClaimTransitionSerializer(serializers.Serializer):
    """A workflow step: optionally the version you read, and a note kept in the history."""

    version = serializers.IntegerField(min_value=1, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ClaimWithdrawSerializer(serializers.Serializer):
    """Withdrawing a published claim: why, and the correction readers will see."""

    reason = serializers.ChoiceField(choices=WithdrawalReason.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="The public correction."
    )
    version = serializers.IntegerField(min_value=1, required=False)


class ClaimSourceAttachSerializer(serializers.Serializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    stance = serializers.ChoiceField(choices=Stance.choices, default=Stance.SUPPORTS)
    value = money(required=False, allow_null=True, min_value=0)
    currency = serializers.RegexField(r"^([A-Z]{3})?$", required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


# --- Articles -------------------------------------------------------------------------------


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    byline = serializers.CharField(read_only=True)
    published_on = serializers.DateField(read_only=True, allow_null=True)
    published_precision = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="The canonical URL, when known.")
    language = serializers.CharField(read_only=True)
    publication = PublicationRefSerializer(read_only=True, allow_null=True)
    source_format = serializers.CharField(read_only=True)
    claim_count = serializers.IntegerField(
        read_only=True, help_text="Claims in the article that you may see."
    )
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_page_url(self, article: Article) -> str:
        return reverse("article-detail", kwargs={"pk": article.pk})


class ArticleClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    subject = EntityRefSerializer(read_only=True, allow_null=True)
    metric = MetricRefSerializer(read_only=True, allow_null=True)
    value = money(read_only=True, allow_null=True)
    currency = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    period_start = serializers.IntegerField(read_only=True, allow_null=True)
    period_end = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)


class ArticleDetailSerializer(ArticleSerializer):
    """One article: its cleaned body, what the cleaner removed, and the claims in it.

    Readers who may not see drafts get what the public pages show: unless the outlet's
    licence allows the full text, ``body`` holds only the paragraphs around public claims
    (gaps marked "[…]"), and the standfirst, captions and removed blocks are left out.
    """

    standfirst = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField(
        help_text="The cleaned text; for the public, the quoted passages unless the outlet's "
        "licence allows the full text."
    )
    captions = serializers.SerializerMethodField()
    removed = serializers.SerializerMethodField()
    text_is_full = serializers.SerializerMethodField(
        help_text="Whether `body` is the whole cleaned text (false: quoted passages only)."
    )
    import_run = serializers.IntegerField(read_only=True, allow_null=True, source="import_run_id")
    claims = ArticleClaimSerializer(many=True, read_only=True, source="visible_claims")
    claim_count = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.INT)
    def get_claim_count(self, article: Article) -> int:
        return len(article.visible_claims)  # type: ignore[attr-defined]

    def _full(self, article: Article) -> bool:
        request = self.context.get("request")
        if request is not None and can_see_drafts(request.user):
            return True
        return article.publication is not None and article.publication.full_text_public

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_text_is_full(self, article: Article) -> bool:
        return self._full(article)

    @extend_schema_field(OpenApiTypes.STR)
    def get_body(self, article: Article) -> str:
        if self._full(article):
            return article.body
        return quoted_text(article.body, article.visible_claims)  # type: ignore[attr-defined]

    @extend_schema_field(OpenApiTypes.STR)
    def get_standfirst(self, article: Article) -> str:
        return article.standfirst if self._full(article) else ""

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_captions(self, article: Article) -> list[str]:
        return list(article.captions) if self._full(article) else []

    @extend_schema_field(OpenApiTypes.ANY)
    def get_removed(self, article: Article) -> Any:
        request = self.context.get("request")
        # What the cleaner removed (comment sections, repeats) is the desk's business only.
        if request is not None and can_see_drafts(request.user):
            return article.removed
        return type(article.removed)()


# --- Figures and flags ----------------------------------------------------------------------


class FigureSerializer(serializers.Serializer):
    """The reconciled record for one key, with every competing claim and the open flags."""

    id = serializers.IntegerField(read_only=True)
    subject = EntityRefSerializer(read_only=True)
    metric = MetricRefSerializer(read_only=True)
    period_start = serializers.IntegerField(read_only=True)
    period_end = serializers.IntegerField(read_only=True)
    unit = serializers.CharField(read_only=True, help_text="Currency code, or counted noun.")
    currency = serializers.SerializerMethodField(help_text="ISO 4217 code when money.")
    value = money(read_only=True, allow_null=True)
    low = money(read_only=True, allow_null=True)
    high = money(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)
    preferred_claim = serializers.IntegerField(
        read_only=True, allow_null=True, source="preferred_claim_id"
    )
    rationale = serializers.CharField(read_only=True)
    settled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    claims = ClaimValueFields(many=True, read_only=True, source="visible_claims")
    open_flags = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, figure: Figure) -> str:
        return figure.unit if figure.metric.unit_kind == UnitKind.CURRENCY else ""

    @extend_schema_field(FlagRefSerializer(many=True))
    def get_open_flags(self, figure: Figure) -> list[dict[str, Any]]:
        flags = [f for f in figure.visible_flags if f.state not in CLOSED_FLAG_STATES]  # type: ignore[attr-defined]
        return FlagRefSerializer(flags, many=True, context=self.context).data  # type: ignore[return-value]

    @extend_schema_field(OpenApiTypes.STR)
    def get_page_url(self, figure: Figure) -> str:
        return reverse("figure-detail", kwargs={"pk": figure.pk})


class FigureSettleSerializer(serializers.Serializer):
    """The value the desk stands behind: a preferred claim's, or one typed with bounds."""

    rationale = serializers.CharField(max_length=5000)
    preferred_claim = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(), required=False, allow_null=True
    )
    value = money(required=False, allow_null=True, min_value=0)
    low = money(required=False, allow_null=True, min_value=0)
    high = money(required=False, allow_null=True, min_value=0)


class FlagClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    value = money(read_only=True, allow_null=True)
    currency = serializers.CharField(read_only=True)
    period_start = serializers.IntegerField(read_only=True, allow_null=True)
    period_end = serializers.IntegerField(read_only=True, allow_null=True)
    metric = MetricRefSerializer(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)
    article = ArticleRefSerializer(read_only=True)


class FlagSerializer(serializers.Serializer):
    """A disagreement the reconciler found, the claims under it, and how it was settled."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    subject = EntityRefSerializer(read_only=True)
    metric = MetricRefSerializer(read_only=True, allow_null=True)
    figure = serializers.IntegerField(read_only=True, allow_null=True, source="figure_id")
    spread = serializers.DecimalField(
        max_digits=24, decimal_places=6, read_only=True, allow_null=True
    )
    explanation = FlagExplanationField()
    resolution_note = serializers.CharField(read_only=True)
    resolved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    claims = FlagClaimSerializer(many=True, read_only=True, source="visible_claims")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class FlagResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, help_text="How the disagreement was settled.")


# --- Sources (writes) -----------------------------------------------------------------------


class SourceWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=300, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    published_on = serializers.DateField(required=False, allow_null=True)
    accessed_on = serializers.DateField(required=False, allow_null=True)
    archived_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    excerpt = serializers.CharField(required=False, allow_blank=True)


class SourceUpdateSerializer(SourceWriteSerializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


# --- Imports --------------------------------------------------------------------------------


class ImportIssueSerializer(serializers.Serializer):
    item = serializers.CharField(read_only=True)
    severity = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)


class ImportRunSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    done = serializers.IntegerField(read_only=True, help_text="Items with an outcome so far.")
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)
    issues = ImportIssueSerializer(many=True, read_only=True)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "url",
            "origin",
            "status",
            "label",
            "expected",
            "done",
            "seen",
            "created",
            "updated",
            "duplicate",
            "failed",
            "message",
            "issues",
            "created_at",
            "started_at",
            "finished_at",
            "duration_seconds",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, run: ImportRun) -> str:
        path = reverse("api-importrun-detail", kwargs={"pk": run.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ImportArticleSerializer(serializers.Serializer):
    """One article pushed as JSON; the same fields the JSON importer reads."""

    title = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The text. An article without one is recorded on the run as failed.",
    )
    url = serializers.CharField(required=False, allow_blank=True)
    published = serializers.CharField(
        required=False, allow_blank=True, help_text="YYYY-MM-DD, YYYY-MM, YYYY or a date phrase."
    )
    byline = serializers.CharField(required=False, allow_blank=True)
    publication = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(required=False, allow_blank=True)


class ImportOptionsSerializer(serializers.Serializer):
    """What the batch says about all its items (the import command's options)."""

    publication = serializers.CharField(required=False, allow_blank=True, max_length=200)
    format = serializers.ChoiceField(
        choices=["auto", "txt", "md", "html", "json", "jsonl", "csv"], default="auto"
    )
    published = serializers.DateField(
        required=False, allow_null=True, help_text="Overrides every item's published date."
    )
    extract = serializers.BooleanField(
        default=True, help_text="Suggest claims for new articles afterwards."
    )


class ImportJSONSerializer(ImportOptionsSerializer):
    articles = ImportArticleSerializer(many=True, allow_empty=False, max_length=10_000)


class ImportUploadSerializer(ImportOptionsSerializer):
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        allow_empty=False,
        help_text="Files (.txt, .md, .html, .json, .jsonl, .csv) or .zip archives of them.",
    )


class ImportAcceptedSerializer(serializers.Serializer):
    run = ImportRunSerializer(read_only=True)
    url = serializers.URLField(read_only=True, help_text="Where to follow the run's progress.")


class PingSerializer(serializers.Serializer):
    status = serializers.CharField(read_only=True)
