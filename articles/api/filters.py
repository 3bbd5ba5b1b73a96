"""Query-string filters of every list (django-filter), the same names across resources.

Scripts combine them: ``subject`` and ``metric`` by slug, ``status``, a year (``year``:
periods that cover it) or a period range (``year_from``/``year_to``: periods that overlap
it), ``article``, ``publication``, ``origin``, a value range, ``has_open_flag``, ``q`` for
text search and ``updated_since`` (ISO 8601, inclusive) for incremental sync. Filters that
look through claims only look through the claims the reader may see, so a filter can never
reveal an unpublished claim or open flag.
A parameter a list does not know is a 400 that names the ones it does.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from articles.models import (
    Article,
    ChangeEvent,
    ChangeKind,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ConflictFlag,
    Entity,
    EntityKind,
    Figure,
    FigureKind,
    FigureStatus,
    FlagKind,
    FlagState,
    ImportOrigin,
    ImportRun,
    ImportStatus,
    Metric,
    Publication,
    PublicationKind,
    Source,
    SourceKind,
    UnitKind,
)
from articles.models.figure import CLOSED_FLAG_STATES
from articles.selectors.changes import FeedPosition, after_position
from articles.selectors.records import record_named
from articles.selectors.visibility import can_see_drafts, flag_explanation_field, visible_claims

OPEN_STATES = (FlagState.OPEN, FlagState.ACKNOWLEDGED)
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A primary key: a whole number, refused with a 400 rather than rounded or overflowed."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


MAX_AMOUNT = 10**22  # what a money column (24 digits, 2 places) can hold


@extend_schema_field({"type": "number", "minimum": 0, "maximum": MAX_AMOUNT})
class AmountFilter(filters.NumberFilter):
    """A value bound: a decimal within what the money columns hold."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(IdFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string"})
class NamedRecordFilter(filters.CharFilter):
    """An entity or metric as a reader names it: its slug, id, exact name or (entities) an
    alias. One that matches none is a 400 naming it, never an empty list that looks like
    an answer."""

    def __init__(self, *args: Any, model: type[Entity] | type[Metric], param: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Not ``self.model``: django-filter sets that to the filter set's model.
        self.named_model, self.param = model, param

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        value = (value or "").strip()
        if not value:
            return qs
        found = record_named(self.named_model, value)
        if found is None:
            noun = self.named_model._meta.verbose_name
            aliased = self.named_model is Entity
            ways = "slug, id, name or an alias" if aliased else "slug, id or name"
            message = f"No {noun} is called “{value[:100]}”: give its {ways}."
            raise ValidationError({self.param: [message]})
        return qs.filter(**{self.field_name: found})


def text_search_claims(queryset: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """Claims where every word of ``q`` is in the quote, attribution, title or a name."""
    for word in q.split():
        queryset = queryset.filter(
            Q(quote__icontains=word)
            | Q(attribution__icontains=word)
            | Q(article__title__icontains=word)
            | Q(subject__name__icontains=word)
            | Q(metric__name__icontains=word)
        )
    return queryset


class InstantFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 instant, compared in UTC: any offset Python reads is one the database takes
    (PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 and Python allow)."""

    def __init__(self, *args: Any, param: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.param = param  # errors name the query parameter, not the column

    def filter(self, qs: QuerySet[Any], value: datetime.datetime | None) -> QuerySet[Any]:
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:
                message = ["This instant is out of range."]
                raise ValidationError({self.param: message}) from None
        return super().filter(qs, value)


# What every list takes besides its filters: the cursor pagination's, the ordering and the
# export format.
LIST_PARAMETERS = ("cursor", "format", "ordering", "page_size")


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped for a request that names no filter.

    A filter set built for nothing to filter still copies each of its two dozen filters
    and validates a form, a millisecond on every unfiltered page; with no filter named
    its answer is the queryset as given (every filter skips an empty value).
    """

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> Any:
        if names_no_filter(request):
            return queryset
        return super().filter_queryset(request, queryset, view)


def names_no_filter(request: Any) -> bool:
    """Whether a list request asks only for a page (ordering, cursor, size, format)."""
    return request.query_params.keys() <= set(LIST_PARAMETERS)


class StrictOrderingFilter(OrderingFilter):
    """``ordering`` that refuses a field the list cannot be ordered by, naming the ones it can
    (DRF's drops it silently), and documents them in the schema."""

    def allowed(self, view: Any) -> list[str]:
        fields = getattr(view, "ordering_fields", None) or ()
        return [term for name in fields for term in (name, f"-{name}")]

    def remove_invalid_fields(
        self, queryset: QuerySet[Any], fields: list[str], view: Any, request: Any
    ) -> list[str]:
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        named = [term for term in fields if term]
        if len(valid) != len(named):
            message = f"Unknown ordering. This list orders by: {', '.join(self.allowed(view))}."
            raise ValidationError({self.ordering_param: [message]})
        if len(named) > 1:
            # A page's cursor is a key of the field and the id (``pagination.py``).
            message = "Order by one field (ties are broken by id)."
            raise ValidationError({self.ordering_param: [message]})
        return valid

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.ordering_param:
                parameter["schema"] = {"type": "string", "enum": self.allowed(view)}
                parameter["description"] = (
                    "Order of the rows: a field, or the field after - for descending; ties "
                    "are broken by id."
                )
        return parameters


class StrictFilterSet(filters.FilterSet):
    """A filter set that refuses a parameter it does not know, naming the ones it does.

    A misspelt or unsupported filter that is silently ignored answers with every row, and
    the script that sent it believes it filtered.
    """

    # What the list takes besides its filters.
    list_parameters: tuple[str, ...] = LIST_PARAMETERS

    def is_valid(self) -> bool:
        valid = super().is_valid()
        known = sorted({*self.filters, *self.list_parameters})
        unknown = sorted(set(self.data) - set(known))
        for name in unknown:
            message = f"Unknown parameter. This list takes: {', '.join(known)}."
            self.form.errors[name] = self.form.error_class([message])
        return valid and not unknown


class RecordFilterSet(StrictFilterSet):
    """Shared by every list: ``updated_since`` for incremental sync."""

    updated_since = InstantFilter(
        param="updated_since",
        field_name="updated_at",
        lookup_expr="gte",
        label="Only rows changed at or after this instant (ISO 8601, e.g. 2026-01-31T00:00:00Z).",
    )

    @property
    def user(self) -> Any:
        return getattr(self.request, "user", None)

    def filter_year(self, queryset: QuerySet[Any], name: str, value: int | None) -> QuerySet[Any]:
        """Rows whose period covers the year: a total over 2007–2016 covers 2010."""
        if value is None:
            return queryset
        return queryset.filter(period_start__lte=value, period_end__gte=value)


class SubjectMetricFilterSet(RecordFilterSet):
    """Lists of rows about a subject and a metric: claims, figures and flags."""

    subject = NamedRecordFilter(
        field_name="subject_id",
        model=Entity,
        param="subject",
        label="Subject entity: slug, id, name or alias.",
    )
    metric = NamedRecordFilter(
        field_name="metric_id", model=Metric, param="metric", label="Metric: slug, id or name."
    )


class ClaimFilter(SubjectMetricFilterSet):
    status = filters.MultipleChoiceFilter(
        choices=ClaimStatus.choices, label="Status; repeat for several."
    )
    year = YearFilter(method="filter_year", label="Periods that cover this year.")
    year_from = YearFilter(
        field_name="period_end", lookup_expr="gte", label="Periods ending in or after this year."
    )
    year_to = YearFilter(
        field_name="period_start",
        lookup_expr="lte",
        label="Periods starting in or before this year.",
    )
    article = IdFilter(field_name="article_id", label="Article id.")
    publication = filters.CharFilter(
        field_name="article__publication__slug", label="Publication slug."
    )
    origin = filters.ChoiceFilter(choices=ClaimOrigin.choices)
    kind = filters.ChoiceFilter(choices=FigureKind.choices, label="Kind of amount.")
    scope = filters.CharFilter(field_name="scope_id", label="Scope slug (what is counted).")
    counterparty = NamedRecordFilter(
        field_name="counterparty_id",
        model=Entity,
        param="counterparty",
        label="Counterparty (a deal's seller) entity: slug, id, name or alias.",
    )
    figure = IdFilter(field_name="figure_id", label="Figure id.")
    currency = filters.CharFilter(label="ISO 4217 currency code.")
    value_min = AmountFilter(field_name="value", lookup_expr="gte")
    value_max = AmountFilter(field_name="value", lookup_expr="lte")
    has_open_flag = filters.BooleanFilter(
        method="filter_has_open_flag", label="Claims under an open conflict flag you may see."
    )
    q = filters.CharFilter(method="filter_q", label="Text search in quote, attribution, names.")

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_has_open_flag(
        self, queryset: QuerySet[Claim], name: str, value: bool | None
    ) -> QuerySet[Claim]:
        if value is None:
            return queryset
        if not can_see_drafts(self.user):
            # Open flags are not public: for this reader no claim has one.
            return queryset.none() if value else queryset
        open_flag = ConflictFlag.claims.through.objects.filter(
            claim_id=OuterRef("pk"), conflictflag__state__in=OPEN_STATES
        )
        return queryset.filter(Exists(open_flag)) if value else queryset.exclude(Exists(open_flag))

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return claims_search(queryset, value) if value.strip() else queryset


def claims_search(queryset: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """Full-text search (the pages' document and query, so their GIN index serves it too)
    on PostgreSQL, word by word ``icontains`` elsewhere. Filters only: the list keeps its
    ordering, so cursor pages stay stable."""
    try:
        from articles.selectors.search import (
            claim_document,
            text_match,
            text_readings,
            uses_full_text,
        )
    except ImportError:
        return text_search_claims(queryset, q)
    if not uses_full_text():
        return text_search_claims(queryset, q)
    # Each claim matched in its article's language.
    return queryset.filter(
        text_match(claim_document(), text_readings(q))
        | Q(subject__name__icontains=q)
        | Q(metric__name__icontains=q)
    )


def _claims_in(user: Any, **lookups: Any) -> QuerySet[Claim]:
    return visible_claims(user).filter(**lookups)


class FigureFilter(SubjectMetricFilterSet):
    status = filters.ChoiceFilter(choices=FigureStatus.choices)
    year = YearFilter(method="filter_year", label="Periods that cover this year.")
    year_from = YearFilter(
        field_name="period_end", lookup_expr="gte", label="Periods ending in or after this year."
    )
    year_to = YearFilter(
        field_name="period_start",
        lookup_expr="lte",
        label="Periods starting in or before this year.",
    )
    unit = filters.CharFilter(label="Currency code or counted noun.")
    kind = filters.ChoiceFilter(choices=FigureKind.choices, label="Kind of amount.")
    scope = filters.CharFilter(field_name="scope_id", label="Scope slug (what is counted).")
    value_min = AmountFilter(field_name="value", lookup_expr="gte")
    value_max = AmountFilter(field_name="value", lookup_expr="lte")
    article = IdFilter(method="filter_article", label="Figures with claims in it.")
    publication = filters.CharFilter(
        method="filter_publication", label="Figures with claims from this publication (slug)."
    )
    origin = filters.ChoiceFilter(
        choices=ClaimOrigin.choices, method="filter_origin", label="Figures with claims of it."
    )
    has_open_flag = filters.BooleanFilter(
        method="filter_has_open_flag", label="Figures with an open conflict flag you may see."
    )
    q = filters.CharFilter(method="filter_q", label="Text search in names and rationale.")
    # Not a filter: says how much of each claim a page carries (read by the list's rows).
    expand = filters.ChoiceFilter(
        choices=[("claims", "claims")],
        method="keep_rows",
        label="`claims`: every field of each claim's value, not only its id and url.",
    )

    def keep_rows(self, queryset: QuerySet[Figure], name: str, value: str) -> QuerySet[Figure]:
        return queryset

    class Meta:
        model = Figure
        fields: list[str] = []

    def _with_claims(self, queryset: QuerySet[Figure], **lookups: Any) -> QuerySet[Figure]:
        return queryset.filter(Exists(_claims_in(self.user, figure_id=OuterRef("pk"), **lookups)))

    def filter_article(self, queryset: QuerySet[Figure], name: str, value: Any) -> QuerySet[Figure]:
        return self._with_claims(queryset, article_id=value)

    def filter_publication(
        self, queryset: QuerySet[Figure], name: str, value: str
    ) -> QuerySet[Figure]:
        return self._with_claims(queryset, article__publication__slug=value)

    def filter_origin(self, queryset: QuerySet[Figure], name: str, value: str) -> QuerySet[Figure]:
        return self._with_claims(queryset, origin=value)

    def filter_has_open_flag(
        self, queryset: QuerySet[Figure], name: str, value: bool | None
    ) -> QuerySet[Figure]:
        if value is None:
            return queryset
        if not can_see_drafts(self.user):
            return queryset.none() if value else queryset
        open_flag = ConflictFlag.objects.filter(figure_id=OuterRef("pk"), state__in=OPEN_STATES)
        return queryset.filter(Exists(open_flag)) if value else queryset.exclude(Exists(open_flag))

    def filter_q(self, queryset: QuerySet[Figure], name: str, value: str) -> QuerySet[Figure]:
        if not value.strip():
            return queryset
        return queryset.filter(
            Q(subject__name__icontains=value)
            | Q(metric__name__icontains=value)
            | Q(rationale__icontains=value)
        )


class FlagFilter(SubjectMetricFilterSet):
    kind = filters.ChoiceFilter(choices=FlagKind.choices)
    state = filters.MultipleChoiceFilter(choices=FlagState.choices, label="Repeat for several.")
    figure = IdFilter(field_name="figure_id", label="Figure id.")
    article = IdFilter(method="filter_article", label="Flags on claims in it.")
    publication = filters.CharFilter(
        method="filter_publication", label="Flags on claims from this publication (slug)."
    )
    is_open = filters.BooleanFilter(method="filter_is_open", label="Open or acknowledged.")
    q = filters.CharFilter(method="filter_q", label="Words in the explanation.")

    class Meta:
        model = ConflictFlag
        fields: list[str] = []

    def filter_q(
        self, queryset: QuerySet[ConflictFlag], name: str, value: str
    ) -> QuerySet[ConflictFlag]:
        # Search the sentence the reader sees: the desk's would reveal unreviewed values.
        field = flag_explanation_field(self.user)
        return queryset.filter(**{f"{field}__icontains": value})

    def _with_claims(
        self, queryset: QuerySet[ConflictFlag], **lookups: Any
    ) -> QuerySet[ConflictFlag]:
        through = ConflictFlag.claims.through.objects.filter(
            conflictflag_id=OuterRef("pk"),
            claim__in=_claims_in(self.user, **lookups),
        )
        return queryset.filter(Exists(through))

    def filter_article(
        self, queryset: QuerySet[ConflictFlag], name: str, value: Any
    ) -> QuerySet[ConflictFlag]:
        return self._with_claims(queryset, article_id=value)

    def filter_publication(
        self, queryset: QuerySet[ConflictFlag], name: str, value: str
    ) -> QuerySet[ConflictFlag]:
        return self._with_claims(queryset, article__publication__slug=value)

    def filter_is_open(
        self, queryset: QuerySet[ConflictFlag], name: str, value: bool | None
    ) -> QuerySet[ConflictFlag]:
        if value is None:
            return queryset
        closed = Q(state__in=CLOSED_FLAG_STATES)
        return queryset.exclude(closed) if value else queryset.filter(closed)


class ArticleFilter(RecordFilterSet):
    publication = filters.CharFilter(field_name="publication__slug", label="Publication slug.")
    language = filters.CharFilter()
    published_from = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    year_from = YearFilter(field_name="published_on__year", lookup_expr="gte")
    year_to = YearFilter(field_name="published_on__year", lookup_expr="lte")
    import_run = IdFilter(field_name="import_run_id")
    q = filters.CharFilter(method="filter_q", label="Text search in title and byline.")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Article], name: str, value: str) -> QuerySet[Article]:
        if not value.strip():
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(byline__icontains=value))


class SourceFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=SourceKind.choices)
    publisher = filters.CharFilter(lookup_expr="icontains")
    claim = IdFilter(method="filter_claim", label="Sources attached to this claim.")
    q = filters.CharFilter(method="filter_q", label="Text search in title, publisher, excerpt.")

    class Meta:
        model = Source
        fields: list[str] = []

    def filter_claim(self, queryset: QuerySet[Source], name: str, value: int) -> QuerySet[Source]:
        # Only a claim the reader may see: a draft's evidence is the desk's until it is public.
        claims = _claims_in(self.user, pk=value)
        return queryset.filter(claim_sources__claim__in=claims).distinct()

    def filter_q(self, queryset: QuerySet[Source], name: str, value: str) -> QuerySet[Source]:
        if not value.strip():
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(publisher__icontains=value) | Q(excerpt__icontains=value)
        )


class EntityFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=EntityKind.choices)
    q = filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Entity
        fields: list[str] = []


class MetricFilter(RecordFilterSet):
    unit_kind = filters.ChoiceFilter(choices=UnitKind.choices)
    q = filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Metric
        fields: list[str] = []


class PublicationFilter(RecordFilterSet):
    kind = filters.ChoiceFilter(choices=PublicationKind.choices)
    country = NamedRecordFilter(
        field_name="country_id",
        model=Entity,
        param="country",
        label="Country entity: slug, id, name or alias.",
    )
    q = filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Publication
        fields: list[str] = []


class ImportRunFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=ImportStatus.choices)
    origin = filters.ChoiceFilter(choices=ImportOrigin.choices)
    created_since = InstantFilter(param="created_since", field_name="created_at", lookup_expr="gte")

    class Meta:
        model = ImportRun
        fields: list[str] = []


class ChangeFilter(StrictFilterSet):
    """The change feed: where to resume and which kinds of change. It has one order (the
    feed's) and no exports, so ``ordering``, ``cursor`` and ``format`` are not taken."""

    list_parameters = ("page_size",)

    after = filters.CharFilter(
        method="filter_after",
        label="Resume after this event: the `cursor` of the last event you handled (or the "
        "page's `cursor`). Leave it out to start from the first event.",
    )
    kind = filters.MultipleChoiceFilter(
        choices=ChangeKind.choices, label="Kind of change; repeat for several."
    )

    class Meta:
        model = ChangeEvent
        fields: list[str] = []

    def filter_after(
        self, queryset: QuerySet[ChangeEvent], name: str, value: str
    ) -> QuerySet[ChangeEvent]:
        try:
            position = FeedPosition.parse(value)
        except ValueError:
            message = "Give the `cursor` of an event exactly as the feed gave it."
            raise ValidationError({"after": [message]}) from None
        return queryset.filter(after_position(position))
