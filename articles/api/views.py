"""The ``/api/v1/`` resources: each view validates input, calls a service or selector, answers.

Reads come from the shared selectors (``articles.selectors``), which decide both what a
reader may see and what is joined, so a page costs the same queries whatever its size.
Writes call the same service functions as the admin (``articles.services``), which check
permissions again and raise domain errors that ``articles.api.errors`` turns into JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.importing import SourceItem, iter_uploaded_items
from articles.models import (
    ChangeEvent,
    Claim,
    ClaimSource,
    ClaimStatus,
    ConflictFlag,
    Entity,
    Figure,
    ImportOrigin,
    ImportRun,
    Metric,
    Publication,
    Source,
)
from articles.selectors import (
    article_detail,
    articles_for_list,
    claim_detail,
    claims_for_list,
    claims_for_rows,
    figure_detail,
    figures_for_list,
    figures_for_rows,
    flags_for_list,
)
from articles.selectors.changes import changes_settled
from articles.selectors.visibility import can_see_drafts, visible_sources
from articles.services.articles_import import ImportOptions, articles_import
from articles.services.claim_edit import claim_create, claim_update
from articles.services.claim_rate import REVIEWER_PERM, claim_rate_cite
from articles.services.claim_withdraw import WITHDRAW_PERM, claim_withdraw
from articles.services.claim_workflow import claim_transition, transition_permission
from articles.services.figure_settle import figure_settle
from articles.services.flag_resolve import flag_acknowledge, flag_resolve
from articles.services.sources import (
    claim_source_attach,
    claim_source_detach,
    source_create,
    source_update,
)

from . import exports, filters, rows, rows_sql, serializers
from .conditional import ConditionalRecordMixin, latest_change, representation_etag
from .conditional import require_if_match as check_if_match
from .exports import EXPORT_FORMATS, FlatExport, export_response
from .pagination import ChangeFeedPagination
from .parsers import BoundedJSONParser
from .permissions import CanReadChanges, HasImportPermission
from .renderers import CSVRenderer, NDJSONRenderer, RowsJSONRenderer
from .schema import EXPORT_PARAMETER, IF_MATCH, VERSION_NOTE

ID_PATTERN = r"[0-9]{1,18}"
# An article's text and what was cut from it are shown on the article, not beside each claim.
ARTICLE_TEXT = tuple(
    f"article__{name}" for name in ("body", "raw", "removed", "captions", "standfirst")
)


class RecordViewSet(ConditionalRecordMixin, viewsets.GenericViewSet):
    """Lists (JSON pages, or whole CSV/NDJSON exports) and details of one kind of record."""

    # Record writes are JSON; only imports take multipart uploads.
    parser_classes = [BoundedJSONParser]
    lookup_value_regex = ID_PATTERN
    ordering = ("id",)
    ordering_fields: tuple[str, ...] = ("id", "updated_at", "created_at")
    export: FlatExport | None = None
    detail_serializer_class: type[serializers.serializers.Serializer] | None = None
    # The list's JSON pages built from plain rows (``rows.py``), when it has that path, and
    # written by PostgreSQL (``rows_sql.py``) where it can.
    list_rows: rows.ListRows | None = None
    list_rows_sql: rows.ListRows | None = None

    def get_renderers(self) -> list[Any]:
        if self.action == "list" and self.export is not None:
            return [RowsJSONRenderer(), CSVRenderer(), NDJSONRenderer()]
        return [JSONRenderer()]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        if not force and request.query_params.get("format", None) == "":
            raise ValidationError({"format": ["Say json, csv or ndjson, or leave it out."]})
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc: Exception) -> Response:
        # An error is JSON whatever format the list was asked in.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get_serializer_class(self) -> Any:
        if self.action != "list" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def get_rows_queryset(self) -> QuerySet[Any]:
        """What a list read as rows (``list_rows``) starts from: the visible records without
        the joins and prefetches of ``get_queryset``, which the rows read by id instead."""
        return self.get_queryset()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        cached = self.cached_response(request)
        if cached is not None:
            return cached
        fmt = request.accepted_renderer.format
        if fmt in EXPORT_FORMATS and self.export is not None:
            return export_response(
                queryset=self.filter_queryset(self.get_queryset()),
                export=self.export,
                fmt=fmt,
                user=request.user,
            )
        listing = self.list_rows
        reading: AbstractContextManager[None] = nullcontext()
        if self.list_rows_sql is not None and rows_sql.sql_rows_enabled():
            generic = filters.names_no_filter(request)
            listing, reading = self.list_rows_sql, rows_sql.prepared_statements(generic=generic)
        if listing is not None:
            queryset = self.filter_queryset(self.get_rows_queryset())
            with reading:
                rows = self.paginate_queryset(listing.columns(queryset, request))
            self.last_modified = max((row["updated_at"] for row in rows), default=None)
            return self.get_paginated_response(listing.page(rows, request))
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.last_modified = latest_change(page)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cached = self.cached_response(request)
        if cached is not None:
            return cached
        instance = self.get_object()
        self.last_modified = latest_change([instance])
        return Response(self.get_serializer(instance).data)

    # --- writes -----------------------------------------------------------------------------

    def detail_data(self, instance: Model) -> dict[str, Any]:
        """The representation a GET of ``instance`` gives now (for If-Match and answers)."""
        fresh = self.get_queryset().get(pk=instance.pk)
        serializer = self.detail_serializer_class or self.serializer_class
        return serializer(fresh, context=self.get_serializer_context()).data

    def require_if_match(self, instance: Model) -> None:
        if self.request.headers.get("If-Match"):
            etag = representation_etag(self.detail_data(instance))
            check_if_match(self.request, etag, getattr(instance, "version", None))

    def expected_version(self, instance: Model, data: dict[str, Any]) -> int | None:
        """The version a write was made on: ``version`` in the body, or the one an
        If-Match header just matched (checked by ``require_if_match``)."""
        self.require_if_match(instance)
        expected = data.get("version")
        if expected is None and self.request.headers.get("If-Match"):
            expected = getattr(instance, "version", None)
        return expected

    def record_response(self, instance: Model, code: int = status.HTTP_200_OK) -> Response:
        data = self.detail_data(instance)
        headers = {"ETag": representation_etag(data)}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = self.request.build_absolute_uri(
                self.request.path.rstrip("/") + f"/{instance.pk}/"
            )
        return Response(data, status=code, headers=headers)

    def valid(self, serializer_class: type[Any], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


LIST_DOC = (
    "Cursor-paginated JSON (`cursor`, `page_size` 1–500), or with `?format=csv` / "
    "`?format=ndjson` every matching row as a streamed export in flat columns."
)


def documented_list(resource: str, export: FlatExport | None = None) -> Callable[..., Any]:
    """``RecordViewSet.list`` under its own name, so each resource documents its own list."""
    columns = ", ".join(export.column_names) if export else ""

    def list(self: RecordViewSet, request: Request, *args: Any, **kwargs: Any) -> Any:
        return RecordViewSet.list(self, request, *args, **kwargs)

    return extend_schema(
        summary=f"List {resource}",
        description=LIST_DOC + (f" Export columns: {columns}." if export else ""),
        parameters=[EXPORT_PARAMETER] if export else [],
    )(list)


# --- Articles -------------------------------------------------------------------------------


class ArticleViewSet(RecordViewSet):
    """Imported articles; a detail has the cleaned body and the claims you may see in it."""

    serializer_class = serializers.ArticleSerializer
    detail_serializer_class = serializers.ArticleDetailSerializer
    filterset_class = filters.ArticleFilter
    export = exports.ARTICLES

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            return articles_for_list(self.request.user)
        return article_detail(self.request.user)

    list = documented_list("articles", exports.ARTICLES)


# --- Claims ---------------------------------------------------------------------------------


def transition(to_status: str, url_path: str, summary: str) -> Any:
    """A workflow action (``POST claims/{id}/<url_path>/``) calling ``claim_transition``."""

    def step(self: ClaimViewSet, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = self.valid(serializers.ClaimTransitionSerializer)
        changed = claim_transition(
            actor=request.user,
            claim=claim,
            to_status=to_status,
            expected_version=self.expected_version(claim, data),
            note=data.get("note", ""),
        )
        return self.record_response(changed)

    step.__name__ = url_path.replace("-", "_")
    documented = extend_schema(
        summary=summary,
        description=f"Moves the claim to `{to_status}` through the workflow service. "
        f"Needs `{transition_permission(to_status)}`. {VERSION_NOTE}",
        request=serializers.ClaimTransitionSerializer,
        responses={200: serializers.ClaimDetailSerializer},
        parameters=[IF_MATCH],
    )(step)
    return action(detail=True, methods=["post"], url_path=url_path)(documented)


TRANSITION_ACTIONS = {
    "accept": ClaimStatus.DRAFT,
    "send_to_review": ClaimStatus.NEEDS_REVIEW,
    "reject": ClaimStatus.REJECTED,
    "verify": ClaimStatus.VERIFIED,
    "dispute": ClaimStatus.DISPUTED,
    "mark_false": ClaimStatus.FALSE,
    "unverifiable": ClaimStatus.UNVERIFIABLE,
}


class ClaimViewSet(RecordViewSet):
    """Claims: list, detail, create, change (optimistic locking) and the workflow steps."""

    serializer_class = serializers.ClaimSerializer
    detail_serializer_class = serializers.ClaimDetailSerializer
    list_rows = rows.CLAIM_LIST
    list_rows_sql = rows_sql.CLAIM_LIST
    filterset_class = filters.ClaimFilter
    export = exports.CLAIMS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_permissions = {
        **{name: {transition_permission(s)} for name, s in TRANSITION_ACTIONS.items()},
        "withdraw": {WITHDRAW_PERM},
        "cite_rate": {REVIEWER_PERM},
        "attach_source": {"articles.add_claimsource", "articles.change_claimsource"},
        "detach_source": {"articles.delete_claimsource"},
    }

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action == "list":
            return claims_for_list(self.request.user).defer(*ARTICLE_TEXT)
        return claim_detail(self.request.user).defer(*ARTICLE_TEXT)

    def get_rows_queryset(self) -> QuerySet[Claim]:
        return claims_for_rows(self.request.user)

    list = documented_list("claims", exports.CLAIMS)

    @extend_schema(
        summary="Create a claim",
        description="A draft claim on `article.body[start:end]`; a quote that is not there "
        "is refused (400). Needs `articles.add_claim`.",
        request=serializers.ClaimCreateSerializer,
        responses={201: serializers.ClaimDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        data = self.valid(serializers.ClaimCreateSerializer)
        claim = claim_create(
            actor=request.user,
            article=data.pop("article"),
            start=data.pop("start"),
            end=data.pop("end"),
            quote=data.pop("quote", None),
            **data,
        )
        return self.record_response(claim, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a claim",
        description=f"Applies the changes through `claim_update`. {VERSION_NOTE} "
        "Needs `articles.change_claim`.",
        request=serializers.ClaimUpdateSerializer,
        responses={200: serializers.ClaimDetailSerializer},
        parameters=[IF_MATCH],
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        changes = self.valid(serializers.ClaimUpdateSerializer, partial=True)
        expected = changes.pop("version", None)
        self.require_if_match(claim)
        if not changes:  # an empty patch changes nothing, not even the version
            return self.record_response(claim)
        if expected is None and request.headers.get("If-Match"):
            expected = claim.version
        changed = claim_update(
            actor=request.user, claim=claim, changes=changes, expected_version=expected
        )
        return self.record_response(changed)

    accept = transition(ClaimStatus.DRAFT, "accept", "Accept a suggestion as a draft")
    send_to_review = transition(ClaimStatus.NEEDS_REVIEW, "send-to-review", "Send to review")
    reject = transition(ClaimStatus.REJECTED, "reject", "Reject a suggestion or draft")
    verify = transition(ClaimStatus.VERIFIED, "verify", "Verify a claim")
    dispute = transition(ClaimStatus.DISPUTED, "dispute", "Mark a claim as disputed")
    mark_false = transition(ClaimStatus.FALSE, "mark-false", "Mark a claim as false")
    unverifiable = transition(
        ClaimStatus.UNVERIFIABLE, "unverifiable", "Mark a claim as unverifiable"
    )

    @extend_schema(
        summary="Withdraw a published claim",
        description="A correction: the claim leaves every figure and its page shows the "
        "reason and note instead of the assertion; a figure settled on it is reopened. "
        "`reason` is one of `extraction_error`, `misread`, `superseded`, `other` (`other` "
        f"needs a note). Needs `{WITHDRAW_PERM}`. {VERSION_NOTE}",
        request=serializers.ClaimWithdrawSerializer,
        responses={200: serializers.ClaimDetailSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="withdraw")
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = self.valid(serializers.ClaimWithdrawSerializer)
        changed = claim_withdraw(
            actor=request.user,
            claim=claim,
            reason=data["reason"],
            note=data.get("note", ""),
            expected_version=self.expected_version(claim, data),
        )
        return self.record_response(changed)

    @extend_schema(
        summary="Cite an exchange rate for a claim",
        description="A reviewer's rate for this claim (units of its currency per US dollar) "
        "with its source, used instead of the year's average rate wherever the claim is "
        "converted (reconcile, flags, `usd`, exports); `rate: null` clears it. Needs "
        f"`{REVIEWER_PERM}`. {VERSION_NOTE}",
        request=serializers.ClaimRateSerializer,
        responses={200: serializers.ClaimDetailSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="cite-rate")
    def cite_rate(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = self.valid(serializers.ClaimRateSerializer)
        changed = claim_rate_cite(
            actor=request.user,
            claim=claim,
            rate=data["rate"],
            source=data.get("source", ""),
            year=data.get("year"),
            expected_version=self.expected_version(claim, data),
        )
        return self.record_response(changed)

    @extend_schema(
        summary="Attach a source to a claim",
        description="Links the source with a stance (or changes the existing link). Needs "
        "`articles.add_claimsource` and `articles.change_claimsource`.",
        request=serializers.ClaimSourceAttachSerializer,
        responses={200: serializers.ClaimDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="sources")
    def attach_source(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        data = self.valid(serializers.ClaimSourceAttachSerializer)
        claim_source_attach(
            actor=request.user,
            claim=claim,
            source=data["source"],
            stance=data["stance"],
            value=data.get("value"),
            currency=data.get("currency", ""),
            note=data.get("note", ""),
        )
        return self.record_response(claim)

    @extend_schema(
        summary="Detach a source from a claim",
        description="History keeps that the link existed. Needs `articles.delete_claimsource`.",
        request=None,
        responses={200: serializers.ClaimDetailSerializer},
        parameters=[
            OpenApiParameter("source_id", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
    )
    @action(detail=True, methods=["delete"], url_path=rf"sources/(?P<source_id>{ID_PATTERN})")
    def detach_source(
        self, request: Request, pk: str | None = None, source_id: str | None = None
    ) -> Response:
        claim = self.get_object()
        link = ClaimSource.objects.filter(claim=claim, source_id=int(source_id or 0)).first()
        if link is None:
            from rest_framework.exceptions import NotFound

            raise NotFound("This source is not attached to the claim.")
        claim_source_detach(actor=request.user, link=link)
        return self.record_response(claim)


# --- Figures and flags ----------------------------------------------------------------------


class FigureViewSet(RecordViewSet):
    """The reconciled record: one figure per key, its claims, sources and open flags."""

    serializer_class = serializers.FigureSerializer
    detail_serializer_class = serializers.FigureDetailSerializer
    list_rows = rows.FIGURE_LIST
    list_rows_sql = rows_sql.FIGURE_LIST
    filterset_class = filters.FigureFilter
    export = exports.FIGURES
    ordering_fields = ("id", "updated_at", "created_at", "period_start")
    action_permissions = {"settle": {"articles.settle_figure"}}

    def get_queryset(self) -> QuerySet[Figure]:
        if self.action == "list":
            return figures_for_list(self.request.user)
        return figure_detail(self.request.user)

    def get_rows_queryset(self) -> QuerySet[Figure]:
        return figures_for_rows(self.request.user)

    list = documented_list("figures", exports.FIGURES)

    @extend_schema(
        summary="Settle a figure",
        description="Names the value the desk stands behind (a preferred claim's, or a typed "
        "value with bounds) and why; the figure becomes reconciled. Needs "
        "`articles.settle_figure`. If-Match is honoured.",
        request=serializers.FigureSettleSerializer,
        responses={200: serializers.FigureDetailSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def settle(self, request: Request, pk: str | None = None) -> Response:
        figure = self.get_object()
        data = self.valid(serializers.FigureSettleSerializer)
        self.require_if_match(figure)
        settled = figure_settle(actor=request.user, figure=figure, **data)
        return self.record_response(settled)


def flag_action(name: str, summary: str, description: str) -> Any:
    request_serializer = serializers.FlagResolveSerializer if name != "acknowledge" else None

    def step(self: FlagViewSet, request: Request, pk: str | None = None) -> Response:
        flag = self.get_object()
        data = self.valid(request_serializer or serializers.FlagAcknowledgeSerializer)
        self.require_if_match(flag)
        if name == "acknowledge":
            changed = flag_acknowledge(actor=request.user, flag=flag)
        else:
            changed = flag_resolve(
                actor=request.user, flag=flag, note=data["note"], dismiss=name == "dismiss"
            )
        return self.record_response(changed)

    step.__name__ = name
    documented = extend_schema(
        summary=summary,
        description=f"{description} Needs `articles.resolve_conflictflag`; a closed flag "
        "answers 409.",
        request=request_serializer,
        responses={200: serializers.FlagSerializer},
        parameters=[IF_MATCH],
    )(step)
    return action(detail=True, methods=["post"])(documented)


class FlagViewSet(RecordViewSet):
    """Conflict flags: closed ones for everyone, open ones for editors and reviewers."""

    serializer_class = serializers.FlagSerializer
    filterset_class = filters.FlagFilter

    @property
    def export(self) -> exports.FlatExport:  # type: ignore[override]  # a property in place of the base class's attribute
        return exports.FLAGS if can_see_drafts(self.request.user) else exports.PUBLIC_FLAGS

    action_permissions = {
        name: {"articles.resolve_conflictflag"} for name in ("resolve", "dismiss", "acknowledge")
    }

    def get_queryset(self) -> QuerySet[ConflictFlag]:
        return flags_for_list(self.request.user)

    list = documented_list("conflict flags", exports.FLAGS)

    resolve = flag_action("resolve", "Resolve a flag", "The disagreement is settled.")
    dismiss = flag_action("dismiss", "Dismiss a flag", "It was not a real conflict.")
    acknowledge = flag_action("acknowledge", "Acknowledge a flag", "Seen and being worked on.")


# --- Sources and reference data -------------------------------------------------------------


class SourceViewSet(RecordViewSet):
    """Evidence outside the articles; editors create and change it."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter
    export = exports.SOURCES
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Source]:
        return visible_sources(self.request.user)

    list = documented_list("sources", exports.SOURCES)

    @extend_schema(
        summary="Create a source",
        description="Needs `articles.add_source`.",
        request=serializers.SourceWriteSerializer,
        responses={201: serializers.SourceSerializer},
    )
    def create(self, request: Request) -> Response:
        source = source_create(actor=request.user, **self.valid(serializers.SourceWriteSerializer))
        return self.record_response(source, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a source",
        description="Needs `articles.change_source`. If-Match is honoured.",
        request=serializers.SourceUpdateSerializer,
        responses={200: serializers.SourceSerializer},
        parameters=[IF_MATCH],
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        source = self.get_object()
        changes = self.valid(serializers.SourceUpdateSerializer, partial=True)
        self.require_if_match(source)
        if not changes:
            return self.record_response(source)
        return self.record_response(
            source_update(actor=request.user, source=source, changes=changes)
        )


class EntityViewSet(RecordViewSet):
    """Countries, organisations and people that figures are about."""

    serializer_class = serializers.EntitySerializer
    filterset_class = filters.EntityFilter
    export = exports.ENTITIES

    def get_queryset(self) -> QuerySet[Entity]:
        return Entity.objects.all()

    list = documented_list("entities", exports.ENTITIES)


class MetricViewSet(RecordViewSet):
    """What figures measure."""

    serializer_class = serializers.MetricSerializer
    filterset_class = filters.MetricFilter
    export = exports.METRICS

    def get_queryset(self) -> QuerySet[Metric]:
        return Metric.objects.all()

    list = documented_list("metrics", exports.METRICS)


class PublicationViewSet(RecordViewSet):
    """Outlets."""

    serializer_class = serializers.PublicationSerializer
    filterset_class = filters.PublicationFilter
    export = exports.PUBLICATIONS

    def get_queryset(self) -> QuerySet[Publication]:
        # The country is shown on every row.
        return Publication.objects.select_related("country")

    list = documented_list("publications", exports.PUBLICATIONS)


# --- Imports --------------------------------------------------------------------------------


class ImportRunViewSet(RecordViewSet):
    """Import batches: start one with files or JSON articles, then follow its progress."""

    serializer_class = serializers.ImportRunSerializer
    filterset_class = filters.ImportRunFilter
    permission_classes = [HasImportPermission]
    parser_classes = [BoundedJSONParser, MultiPartParser]
    ordering_fields = ("id", "created_at")
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ImportRun]:
        # Each run shows its per-item issues: one query for the page, not one per run.
        return ImportRun.objects.prefetch_related("issues")

    @extend_schema(summary="List import runs")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Import articles",
        description=(
            "Send `multipart/form-data` with one or more `files` (.txt, .md, .html, .json, "
            ".jsonl, .csv, or .zip archives of them), or JSON: a list of articles or an "
            "object with `articles` and the batch options. Bad items never stop the batch: "
            "each is recorded on the run with a reason. Answers 202 with the run and the URL "
            "to follow its progress; with a Celery broker configured the import runs on the "
            "workers, otherwise it has already finished. Needs `articles.import_articles`."
        ),
        request={
            "multipart/form-data": serializers.ImportUploadSerializer,
            "application/json": serializers.ImportJSONSerializer,
        },
        responses={202: serializers.ImportAcceptedSerializer},
    )
    def create(self, request: Request) -> Response:
        options_data, sources, label = self._import_input(request)
        run = articles_import(
            actor=request.user,
            sources=sources,
            origin=ImportOrigin.API,
            options=ImportOptions.from_input(options_data),
            label=label,
            asynchronous=None,  # the service decides: on the workers when there are any
        )
        data = serializers.ImportRunSerializer(
            self.get_queryset().get(pk=run.pk), context=self.get_serializer_context()
        ).data
        return Response(
            {"run": data, "url": data["url"]},
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": data["url"]},
        )

    def _import_input(self, request: Request) -> tuple[dict[str, Any], Any, str]:
        if request.content_type.startswith("multipart/"):
            data = self.valid(serializers.ImportUploadSerializer)
            files = data.pop("files")
            uploads = [(upload.name, upload, upload.size) for upload in files]
            limit = settings.FACTCHECK_MAX_ITEM_BYTES
            label = f"API upload: {', '.join(upload.name for upload in files)}"
            return data, iter_uploaded_items(uploads, max_bytes=limit), label
        payload = request.data
        if isinstance(payload, list):
            payload = {"articles": payload}
        serializer = serializers.ImportJSONSerializer(data=payload)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("articles")
        # The articles as sent, not as validated: the importer keeps the untouched input.
        articles = payload["articles"]
        sources = [
            SourceItem(
                name=f"articles#{position}",
                data=json.dumps(article, ensure_ascii=False).encode(),
                format_hint="json",
            )
            for position, article in enumerate(articles, start=1)
        ]
        data["format"] = "auto"
        return data, sources, f"API: {len(articles)} article(s)"


# --- The change feed ------------------------------------------------------------------------


CHANGES_DOC = (
    "Everything that happened to the record, oldest first, in one fixed order: claims "
    "created, changed, reviewed and withdrawn; figures settled and reopened; flags opened, "
    "reopened, acknowledged, resolved and dismissed. Each event names the record (`object`, "
    "its API URL) and its `version` where it has one. Keep the `cursor` of the last event "
    "you handled and ask again with `after` set to it (or follow `next`): no event is ever "
    "skipped or repeated, across restarts, because an event is shown only once no earlier "
    "one can still appear. Editors and reviewers only (it tells of unpublished work)."
)


class ChangeViewSet(ConditionalRecordMixin, viewsets.GenericViewSet):
    """The change feed: one list, read forwards from a cursor."""

    serializer_class = serializers.ChangeEventSerializer
    filterset_class = filters.ChangeFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = ChangeFeedPagination
    permission_classes = [CanReadChanges]

    def get_queryset(self) -> QuerySet[ChangeEvent]:
        return changes_settled()

    @extend_schema(summary="Follow the change feed", description=CHANGES_DOC)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cached = self.cached_response(request)
        if cached is not None:
            return cached
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- Health ---------------------------------------------------------------------------------


# The lists ``/api/v1/`` names, in the order a reader meets them, with their route names.
INDEX_RESOURCES = {
    name: f"api-{basename}-list"
    for name, basename in (
        ("claims", "claim"), ("figures", "figure"), ("flags", "flag"), ("articles", "article"),
        ("sources", "source"), ("entities", "entity"), ("metrics", "metric"),
        ("publications", "publication"), ("changes", "change"), ("imports", "importrun"),
    )
}  # fmt: skip


class ApiIndexView(APIView):
    """``/api/v1/``: what the API serves, as links, so a script or a reader starting at the
    root finds every list, the schema and the docs (no database)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Index of the API",
        description="Links to every list, the OpenAPI schema and the interactive docs.",
        responses={200: serializers.ApiIndexSerializer},
    )
    def get(self, request: Request) -> Response:
        def link(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "resources": {name: link(route) for name, route in INDEX_RESOURCES.items()},
                "schema": link("api-schema"),
                "docs": link("api-docs"),
            }
        )


class PingView(APIView):
    """A constant answer through the whole DRF stack: a health check, and the benchmark's
    baseline (authentication, throttling and rendering, but no database)."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Health check",
        description='Answers `{"status": "ok"}` without touching the database.',
        responses={200: serializers.PingSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})

    def handle_exception(self, exc: Exception) -> Response:
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


__all__ = [
    "ApiIndexView",
    "ArticleViewSet",
    "ChangeViewSet",
    "ClaimViewSet",
    "EntityViewSet",
    "FigureViewSet",
    "FlagViewSet",
    "ImportRunViewSet",
    "MetricViewSet",
    "PingView",
    "PublicationViewSet",
    "SourceViewSet",
]
