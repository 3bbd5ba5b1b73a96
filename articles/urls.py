"""Public pages and the health check. The names are what ``get_absolute_url()`` reverses."""

from django.urls import path

from . import views
from .pages import feeds
from .pages import views as pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", pages.search, name="search"),
    path("feeds/claims/", feeds.ClaimsFeed(), name="feed-claims"),
    path("feeds/corrections/", feeds.CorrectionsFeed(), name="feed-corrections"),
    path("articles/<int:pk>/", pages.article_detail, name="article-detail"),
    path("claims/<int:pk>/", pages.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/cite.json", pages.claim_csl, name="claim-csl"),
    path("figures/<int:pk>/", pages.figure_detail, name="figure-detail"),
    path("entities/<slug:slug>/", pages.entity_detail, name="entity-detail"),
    path("series/<slug:subject>/<slug:metric>/", pages.series_detail, name="series-detail"),
    path("series/<slug:subject>/<slug:metric>.csv", pages.series_csv_download, name="series-csv"),
]
