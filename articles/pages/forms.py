"""The search form: it validates the query string so selectors only ever see clean filters.

The form checks the fields as typed; reading meaning into the words (a year in them,
synonyms) is the selectors' job (``articles/selectors/search_terms.py``), so a search built
anywhere else reads them the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from articles.models import PUBLIC_STATUSES, ClaimStatus
from articles.selectors.search import MAX_QUERY_CHARS, SearchFilters

KINDS = (("claims", "Claims"), ("articles", "Articles"))


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_QUERY_CHARS,
        strip=True,
        widget=forms.SearchInput,
    )
    subject = forms.ChoiceField(label="Subject", required=False)
    metric = forms.ChoiceField(label="Metric", required=False)
    year = forms.IntegerField(label="Year", required=False, min_value=1800, max_value=2200)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *((s, ClaimStatus(s).label) for s in PUBLIC_STATUSES)],
    )
    kind = forms.ChoiceField(choices=KINDS, required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data: object,
        *,
        subjects: Sequence[tuple[str, str]],
        metrics: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]  # a QueryDict, which the stubs type as a plain dict
        self.fields["subject"].choices = [("", "Any subject"), *subjects]  # type: ignore[attr-defined]  # ChoiceField, declared above
        self.fields["metric"].choices = [("", "Any metric"), *metrics]  # type: ignore[attr-defined]  # ChoiceField, declared above

    def filters(self) -> SearchFilters:
        """The valid part of the query; an invalid filter is dropped, not an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return SearchFilters(
            q=data.get("q") or "",
            subject=data.get("subject") or "",
            metric=data.get("metric") or "",
            year=data.get("year"),
            status=data.get("status") or "",
        )

    def filter_labels(self, filters: SearchFilters) -> list[tuple[str, str]]:
        """(field name, what it says) for each filter the reader set, in the form's order."""
        labels = []
        for name in ("subject", "metric", "year", "status"):
            value = getattr(filters, name)
            if value is None or value == "":
                continue
            field = self.fields[name]
            # A choice reads as its label ("Armenia", not "armenia"); the year as itself.
            shown = dict(getattr(field, "choices", ())).get(value, value)
            labels.append((name, f"{field.label}: {shown}"))
        return labels

    def chosen_kind(self) -> str | None:
        """The tab the reader asked for ("claims", "articles"), or ``None``: let results decide."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("kind") or None
