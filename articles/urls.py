"""Public pages and the health check."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("figures/<int:pk>/", views.figure_detail, name="figure-detail"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity-detail"),
]
