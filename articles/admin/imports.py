"""Admin for imports: upload files or a zip, then watch the run's progress and its failures.

The upload calls the same ``articles_import`` service as the command and the API. With a
broker configured, the run is staged and imported by workers while the page polls its
progress; in the embedded default it runs before the page answers.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.errors import FactcheckError
from articles.importing import FORMATS, iter_uploaded_items
from articles.models import ImportIssue, ImportOrigin, ImportRun, IssueSeverity
from articles.services.articles_import import ImportOptions, articles_import


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        # An empty file is reported by the import with its name, not refused by the form.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    # A declared field: the form's metaclass moves it into base_fields, so it never shadows
    # the ``files`` (uploaded data) the stubs give every form.
    files = MultipleFileField(  # type: ignore[assignment]
        help_text="Text, Markdown, HTML, JSON, JSON lines or CSV files, or a zip of them."
    )
    publication = forms.CharField(required=False, help_text="Outlet of every article, if known.")
    published = forms.DateField(
        required=False,
        help_text="Date of every article (YYYY-MM-DD); otherwise read from each article.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = forms.ChoiceField(choices=[("auto", "Detect"), *[(f, f) for f in FORMATS]])
    extract = forms.BooleanField(required=False, initial=True, label="Suggest claims")


class ImportIssueInline(admin.TabularInline):
    model = ImportIssue
    extra = 0
    fields = ("severity", "item", "message")
    readonly_fields = fields
    can_delete = False
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    change_form_template = "admin/articles/importrun/change_form.html"
    change_list_template = "admin/articles/importrun/change_list.html"
    list_display = (
        "id",
        "origin",
        "status",
        "label",
        "seen",
        "created",
        "updated",
        "duplicate",
        "failed",
        "started_by",
        "created_at",
    )
    list_filter = ("status", "origin")
    list_select_related = ("started_by",)
    search_fields = ("label",)
    readonly_fields = [f.name for f in ImportRun._meta.fields]
    inlines = [ImportIssueInline]

    def has_add_permission(self, request):
        return False  # runs are started by an upload or an import, never typed in

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="articles_importrun_upload",
            ),
            path(
                "<int:run_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="articles_importrun_progress",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_upload": request.user.has_perm("articles.import_articles"),
        }
        return super().changelist_view(request, extra_context)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("articles.import_articles"):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            options = ImportOptions.from_input(data)
            uploads = [(f.name, f, f.size) for f in data["files"]]
            try:
                run = articles_import(
                    actor=request.user,
                    sources=iter_uploaded_items(uploads, max_bytes=options.item_limit),
                    origin=ImportOrigin.UPLOAD,
                    options=options,
                    label=", ".join(f.name for f in data["files"])[:500],
                    asynchronous=None,  # the service decides: on the workers if any
                )
            except FactcheckError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f"Import run #{run.pk} started.")
                return HttpResponseRedirect(
                    reverse("admin:articles_importrun_change", args=[run.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload articles",
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/importrun/upload.html", context)

    def progress_view(self, request: HttpRequest, run_id: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=run_id)
        failures = ImportIssue.objects.filter(run=run, severity=IssueSeverity.ERROR)
        return JsonResponse(
            {
                "status": run.status,
                "expected": run.expected,
                "seen": run.seen,
                "created": run.created,
                "updated": run.updated,
                "duplicate": run.duplicate,
                "failed": run.failed,
                "errors": [{"item": i.item, "error": i.message} for i in failures[:200]],
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            }
        )


@admin.register(ImportIssue)
class ImportIssueAdmin(admin.ModelAdmin):
    list_display = ("item", "severity", "message", "run")
    list_filter = ("severity",)
    list_select_related = ("run",)
    search_fields = ("item", "message")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
