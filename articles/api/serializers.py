"""What the API says about each record (read serializers) and what it accepts (write ones).

Read and write serializers are separate classes, chosen by action: a read serializer is the
contract of a response (and of the OpenAPI schema), a write serializer only validates input
that a service then applies. Money is a string of the exact decimal with its currency
beside it; periods are years. Nested rows come from the selectors' joins and prefetches, so
a page costs the same number of queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from articles.models import (
    CLOSED_FLAG_STATES,
    Article,
    ChangeEvent,
    Claim,
    ClaimStatus,
    Deal,
    Entity,
    Figure,
    FigureKind,
    ImportRun,
    Metric,
    Publication,
    Qualifier,
    Scope,
    Source,
    SourceKind,
    Stance,
    UnitKind,
    WithdrawalReason,
)
from articles.models.claim import MONEY_DIGITS, MONEY_PLACES
from articles.selectors import visibility
from articles.selectors.changes import change_event_data


def money(**kwargs: Any) -> serializers.DecimalField:
    """An exact decimal as a JSON string ("3700000000.00"), never a float."""
    return serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, coerce_to_string=True, **kwargs
    )


# --- What every write shares ----------------------------------------------------------------

# Every table's key is a BigAutoField.
MAX_RECORD_ID = 2**63 - 1


class RecordIdField(serializers.PrimaryKeyRelatedField):
    """A record named by its id: a whole JSON number (or a string of digits), nothing else.

    DRF's field hands whatever it gets to ``queryset.get(pk=...)``, where Django rounds
    ``1.5`` down to record 1 and ``1e400`` (infinity) fails converting to an int (a 500).
    """

    default_error_messages = {
        "not_an_id": "A record id is a whole number from 1 to {maximum}; got {value}.",
    }

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and data.isascii() and data.isdigit() and len(data) < 20:
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int) or not 0 < data <= MAX_RECORD_ID:
            self.fail("not_an_id", maximum=MAX_RECORD_ID, value=str(data)[:40])
        return super().to_internal_value(data)


_READABLE: dict[type, frozenset[str]] = {}


def readable_fields(representation: type[serializers.Serializer]) -> frozenset[str]:
    """The field names of a representation (built once per serializer class)."""
    if representation not in _READABLE:
        _READABLE[representation] = frozenset(representation().fields)
    return _READABLE[representation]


class WriteSerializer(serializers.Serializer):
    """The base of every write: a field the write does not take is a 400, never ignored.

    DRF drops keys it has no field for, so ``PATCH {"status": "verified"}`` answered 200
    and changed nothing, and a misspelt field was lost without a word. The error names each
    field refused and lists the ones the request takes. A field of the resource's
    representation that the write does not take is called read-only, with the way to
    change it where there is one (``read_only_hints``).
    """

    # The serializer of what the resource answers with (its fields are "read-only" here).
    representation: type[serializers.Serializer] | None = None
    read_only_hints: dict[str, str] = {}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            self.refuse_unknown_fields(data)
        return super().to_internal_value(data)

    def refuse_unknown_fields(self, data: Mapping[str, Any]) -> None:
        writable = sorted(name for name, field in self.fields.items() if not field.read_only)
        refused = sorted(str(name) for name in data if name not in writable)
        if not refused:
            return
        readable = readable_fields(self.representation) if self.representation else frozenset()
        errors: dict[str, list[str]] = {}
        unknown = []
        for name in refused:
            if name in readable:
                hint = self.read_only_hints.get(name)
                errors[name] = [f"{name} is read-only" + (f"; {hint}." if hint else ".")]
            else:
                unknown.append(name)
                errors[name] = [f"{name} is not a field this request takes."]
        sentences = [errors[name][0] for name in refused if name not in unknown]
        if unknown:
            plural = "s" if len(unknown) > 1 else ""
            sentences.append(f"Unknown field{plural}: {', '.join(unknown)}.")
        if writable:
            sentences.append(f"This request takes: {', '.join(writable)}.")
        else:
            sentences.append("This request takes no fields.")
        raise serializers.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [" ".join(sentences)], **errors}
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


class ForReader:
    """A read-only field whose value the visibility policy gives the reader of the response:
    ``rule(record, user)``, one of ``articles.selectors.visibility``'s field functions."""

    def __init__(self, *, rule: Callable[[Any, Any], Any], **kwargs: Any) -> None:
        self.rule = rule
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        request = self.context.get("request")  # type: ignore[attr-defined]  # a field of a serializer, which sets context on it
        return self.rule(instance, getattr(request, "user", None))


class ReaderCharField(ForReader, serializers.CharField):
    pass


class ReaderDecimalField(ForReader, serializers.DecimalField):
    pass


class ReaderIntegerField(ForReader, serializers.IntegerField):
    pass


class FlagExplanationField(ReaderCharField):
    """The flag's sentence as the reader may see it: staff get the desk's, written from every
    claim under the flag; everyone else the public one, written from public claims only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(rule=visibility.flag_explanation, **kwargs)


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
    kind = serializers.ChoiceField(
        choices=FigureKind.choices,
        read_only=True,
        help_text="annual (a yearly amount), total (summed over its period), transaction "
        "(one deal: subject buys from counterparty) or count.",
    )
    scope = serializers.CharField(
        read_only=True,
        source="scope_id",
        help_text="What the amount counts: a scope slug (see /api/v1/scopes/ in the schema's "
        "enum), `unspecified` when nobody said.",
    )
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


class UsdSerializer(serializers.Serializer):
    """A claim's amount in US dollars, and the rate it was converted at."""

    value = money(read_only=True, source="usd")
    rate = serializers.DecimalField(
        max_digits=30, decimal_places=10, read_only=True, help_text="Units per US dollar."
    )
    rate_currency = serializers.CharField(
        read_only=True, help_text="The rate's currency (the new one after a redenomination)."
    )
    year = serializers.IntegerField(
        read_only=True, help_text="The year of the rate (its average, unless cited)."
    )
    source = serializers.CharField(read_only=True)
    cited = serializers.BooleanField(
        read_only=True,
        help_text="True when a reviewer cited this rate for the claim (with `source`); false "
        "for the year's average rate (World Bank, CC BY 4.0).",
    )


class ClaimSerializer(ClaimValueFields):
    """A claim in a list: where it stands, what it says, how far it is checked."""

    usd = serializers.SerializerMethodField(
        help_text="The amount in US dollars at the rate a reviewer cited for it, else at its "
        "year's average rate (World Bank, CC BY 4.0); null without an amount or currency, or "
        "(without a cited rate) for a period of several years or a year without a rate."
    )
    deal = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        source="deal_id",
        help_text="For a deal: the deal an editor linked this report to.",
    )
    converted_from = ReaderIntegerField(
        rule=visibility.claim_converted_from,
        allow_null=True,
        help_text="The article's own conversion: the id of the claim this one restates in "
        "another currency (null when it restates none, or that claim is not public).",
    )

    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    anchored = serializers.BooleanField(read_only=True)
    prefix = serializers.CharField(read_only=True)
    suffix = serializers.CharField(read_only=True)
    subject = EntityRefSerializer(read_only=True, allow_null=True)
    counterparty = EntityRefSerializer(read_only=True, allow_null=True)
    metric = MetricRefSerializer(read_only=True, allow_null=True)
    item = serializers.CharField(read_only=True, help_text="What a deal bought.")
    origin = serializers.CharField(read_only=True)
    confidence = serializers.FloatField(read_only=True, allow_null=True)
    note = ReaderCharField(rule=visibility.claim_note, help_text="The desk's note (staff only).")
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

    @extend_schema_field(UsdSerializer(allow_null=True))
    def get_usd(self, claim: Claim) -> dict[str, Any] | None:
        conversion = claim.in_usd
        return None if conversion is None else UsdSerializer(conversion).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_page_url(self, claim: Claim) -> str:
        return reverse("claim-detail", kwargs={"pk": claim.pk})


class ClaimDetailSerializer(ClaimSerializer):
    """One claim with the conflict flags on it that the reader may see."""

    flags = FlagRefSerializer(many=True, read_only=True, source="visible_flags")


CLAIM_HINTS = {"status": "use the workflow actions (accept, send-to-review, verify, ...)"}


class ClaimCreateSerializer(WriteSerializer):
    """A new claim on ``article.body[start:end]``; it starts as a draft."""

    representation = ClaimDetailSerializer
    read_only_hints = CLAIM_HINTS

    article = RecordIdField(queryset=Article.objects.all())
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
    kind = serializers.ChoiceField(choices=FigureKind.choices, required=False)
    item = serializers.CharField(max_length=200, required=False, allow_blank=True)
    deal = RecordIdField(
        queryset=Deal.objects.all(),
        required=False,
        allow_null=True,
        help_text="The deal this report is about (its buyer must be the subject).",
    )
    scope = serializers.SlugRelatedField(
        slug_field="slug", queryset=Scope.objects.all(), required=False
    )
    period_start = serializers.IntegerField(
        min_value=1800, max_value=2200, required=False, allow_null=True
    )
    period_end = serializers.IntegerField(
        min_value=1800, max_value=2200, required=False, allow_null=True
    )
    attribution = serializers.CharField(max_length=300, required=False, allow_blank=True)
    converted_from = RecordIdField(
        queryset=Claim.objects.all(),
        required=False,
        allow_null=True,
        help_text="The claim of the same article this one restates in another currency.",
    )
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

    read_only_hints = {**CLAIM_HINTS, "article": "a claim stays on the article it quotes"}

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


class ClaimRateSerializer(WriteSerializer):
    """A reviewer's cited exchange rate for one claim (``rate: null`` clears it)."""

    representation = ClaimDetailSerializer

    rate = serializers.DecimalField(
        max_digits=24,
        decimal_places=10,
        allow_null=True,
        min_value=Decimal("0.0000000001"),
        help_text="Units of the claim's currency per US dollar; null goes back to the year's "
        "average.",
    )
    source = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text="Where the rate comes from."
    )
    year = serializers.IntegerField(min_value=1800, max_value=2200, required=False, allow_null=True)
    version = serializers.IntegerField(min_value=1, required=False)


class ClaimTransitionSerializer(WriteSerializer):
    """A workflow step: optionally the version you read, and a note kept in the history."""

    representation = ClaimDetailSerializer
    read_only_hints = {"status": "the action's URL says which step to take"}

    version = serializers.IntegerField(min_value=1, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ClaimWithdrawSerializer(WriteSerializer):
    """Withdrawing a published claim: why, and the correction readers will see."""

    representation = ClaimDetailSerializer

    reason = serializers.ChoiceField(choices=WithdrawalReason.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="The public correction."
    )
    version = serializers.IntegerField(min_value=1, required=False)


class ClaimSourceAttachSerializer(WriteSerializer):
    representation = ClaimDetailSerializer

    source = RecordIdField(queryset=Source.objects.all())
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
    language = serializers.CharField(
        read_only=True,
        help_text="ISO 639-1 code of the article's language, as the source gave it or as "
        "detected from the text at import; blank when unknown.",
    )
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
        return len(article.visible_claims)  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)

    def _reader(self) -> Any:
        return getattr(self.context.get("request"), "user", None)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_text_is_full(self, article: Article) -> bool:
        return visibility.article_text_is_full(article, self._reader())

    @extend_schema_field(OpenApiTypes.STR)
    def get_body(self, article: Article) -> str:
        claims = article.visible_claims  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
        return visibility.article_body(article, claims, self._reader())

    @extend_schema_field(OpenApiTypes.STR)
    def get_standfirst(self, article: Article) -> str:
        return visibility.article_standfirst(article, self._reader())

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_captions(self, article: Article) -> list[str]:
        return visibility.article_captions(article, self._reader())

    @extend_schema_field(OpenApiTypes.ANY)
    def get_removed(self, article: Article) -> Any:
        return visibility.article_removed(article, self._reader())


# --- Figures and flags ----------------------------------------------------------------------


def claim_api_url(claim: Claim, request: Any) -> str:
    path = reverse("api-claim-detail", kwargs={"pk": claim.pk})
    return request.build_absolute_uri(path) if request is not None else path


class FigureClaimSerializer(ClaimValueFields):
    """A claim in a list of figures: its ``id`` and ``url``, and with ``?expand=claims`` its
    value fields too.

    The value fields are declared neither read-only nor required, only so that the schema
    does not list them as always present (drf-spectacular requires every read-only field);
    the serializer is never used to read input.
    """

    url = serializers.SerializerMethodField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name, field in fields.items():
            if name not in ("id", "url"):
                field.read_only = False
                field.required = False
        return fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, claim: Claim) -> str:
        return claim_api_url(claim, self.context.get("request"))


class FigureSerializer(serializers.Serializer):
    """The reconciled record for one key, with every competing claim and the open flags."""

    id = serializers.IntegerField(read_only=True)
    subject = EntityRefSerializer(read_only=True)
    metric = MetricRefSerializer(read_only=True)
    period_start = serializers.IntegerField(read_only=True)
    period_end = serializers.IntegerField(read_only=True)
    unit = serializers.CharField(read_only=True, help_text="Currency code, or counted noun.")
    kind = serializers.ChoiceField(
        choices=FigureKind.choices,
        read_only=True,
        help_text="The kind of amount its claims state; a figure holds one kind.",
    )
    scope = serializers.CharField(
        read_only=True, source="scope_id", help_text="What its claims count (a scope slug)."
    )
    currency = serializers.SerializerMethodField(help_text="ISO 4217 code when money.")
    value = money(read_only=True, allow_null=True)
    low = money(read_only=True, allow_null=True)
    high = money(read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True)
    preferred_claim = serializers.IntegerField(
        read_only=True, allow_null=True, source="preferred_claim_id"
    )
    rationale = serializers.CharField(read_only=True)
    settled_source = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        source="settled_source_id",
        help_text="The source of a value the reviewer typed (see /api/v1/sources/).",
    )
    settled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    claims = serializers.SerializerMethodField(
        help_text="The claims you may see, by value: each its `id` and API `url`; with "
        "`?expand=claims`, every field of the claim's value as well."
    )
    open_flags = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(FigureClaimSerializer(many=True))
    def get_claims(self, figure: Figure) -> list[dict[str, Any]]:
        request = self.context.get("request")
        claims = figure.visible_claims  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
        if request is not None and request.query_params.get("expand") == "claims":
            return FigureClaimSerializer(claims, many=True, context=self.context).data
        return [{"id": claim.pk, "url": claim_api_url(claim, request)} for claim in claims]

    @extend_schema_field(OpenApiTypes.STR)
    def get_currency(self, figure: Figure) -> str:
        return figure.unit if figure.metric.unit_kind == UnitKind.CURRENCY else ""

    @extend_schema_field(FlagRefSerializer(many=True))
    def get_open_flags(self, figure: Figure) -> list[dict[str, Any]]:
        flags = [f for f in figure.visible_flags if f.state not in CLOSED_FLAG_STATES]  # type: ignore[attr-defined]  # set by the selector's Prefetch(to_attr=...)
        return FlagRefSerializer(flags, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_page_url(self, figure: Figure) -> str:
        return reverse("figure-detail", kwargs={"pk": figure.pk})


class FigureDetailSerializer(FigureSerializer):
    """One figure, with every field of the claims you may see."""

    claims = ClaimValueFields(many=True, read_only=True, source="visible_claims")


class FigureSettleSerializer(WriteSerializer):
    """The value the desk stands behind: a preferred claim's, or one typed with bounds."""

    representation = FigureDetailSerializer
    read_only_hints = {"status": "settling makes the figure reconciled"}

    rationale = serializers.CharField(max_length=5000)
    preferred_claim = RecordIdField(queryset=Claim.objects.all(), required=False, allow_null=True)
    value = money(required=False, allow_null=True, min_value=0)
    low = money(required=False, allow_null=True, min_value=0)
    high = money(required=False, allow_null=True, min_value=0)
    source = RecordIdField(
        queryset=Source.objects.all(),
        required=False,
        allow_null=True,
        help_text="The source of a typed value (required when the value is not the preferred "
        "claim's).",
    )


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
    spread = ReaderDecimalField(
        rule=lambda flag, user: visibility.flag_spread(flag, flag.visible_claims, user),
        max_digits=24,
        decimal_places=6,
        allow_null=True,
        help_text="Largest value over smallest, of the claims under the flag you may see.",
    )
    explanation = FlagExplanationField()
    resolution_note = serializers.CharField(read_only=True)
    resolved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    claims = FlagClaimSerializer(many=True, read_only=True, source="visible_claims")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class FlagResolveSerializer(WriteSerializer):
    representation = FlagSerializer
    read_only_hints = {"state": "the action's URL says which step to take"}

    note = serializers.CharField(max_length=5000, help_text="How the disagreement was settled.")


class FlagAcknowledgeSerializer(WriteSerializer):
    """Acknowledging takes nothing: a body with fields is refused, not ignored."""

    representation = FlagSerializer


# --- Sources (writes) -----------------------------------------------------------------------


class SourceWriteSerializer(WriteSerializer):
    representation = SourceSerializer

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
    """One article pushed as JSON; the same fields the JSON importer reads.

    Not a ``WriteSerializer``: an article is data, kept as sent, and the importer reads
    ``text`` or ``content`` for ``body`` and ignores keys it does not know.
    """

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


class ImportOptionsSerializer(WriteSerializer):
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


class ChangeEventSerializer(serializers.ModelSerializer):
    """One event of the change feed; a webhook delivers the same JSON (``change_event_data``)."""

    cursor = serializers.CharField(
        read_only=True,
        help_text="This event's place in the feed: give it as `after` to resume after it.",
    )
    object = serializers.URLField(read_only=True, help_text="The record's API URL.")
    actor = serializers.CharField(
        read_only=True, allow_null=True, help_text="Who made it (username); null: the system."
    )
    system_actor = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Which part of the system made it (“the reconciler”, “a management "
        "command”); null when a person did.",
    )

    class Meta:
        model = ChangeEvent
        fields = [
            "id",
            "cursor",
            "kind",
            "object_type",
            "object_id",
            "object",
            "version",
            "occurred_at",
            "actor",
            "system_actor",
        ]
        read_only_fields = fields

    def to_representation(self, event: ChangeEvent) -> dict[str, Any]:
        request = self.context.get("request")
        return change_event_data(event, request.build_absolute_uri if request else str)


class PingSerializer(serializers.Serializer):
    status = serializers.CharField(read_only=True)


class ApiIndexSerializer(serializers.Serializer):
    resources = serializers.DictField(
        child=serializers.URLField(), read_only=True, help_text="Each list, by name."
    )
    schema = serializers.URLField(read_only=True, help_text="The OpenAPI schema.")
    docs = serializers.URLField(read_only=True, help_text="The interactive documentation.")
