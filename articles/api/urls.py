"""URLs of the API: ``/api/v1/`` resources, the OpenAPI schema and interactive docs.

Route names start with ``api-`` (``api-claim-detail``) so they never collide with the public
pages' names. Anything else under ``/api/`` answers a JSON 404, never the site's HTML page.
"""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views
from .errors import json_not_found

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="api-article")
router.register("claims", views.ClaimViewSet, basename="api-claim")
router.register("figures", views.FigureViewSet, basename="api-figure")
router.register("flags", views.FlagViewSet, basename="api-flag")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("entities", views.EntityViewSet, basename="api-entity")
router.register("metrics", views.MetricViewSet, basename="api-metric")
router.register("publications", views.PublicationViewSet, basename="api-publication")
router.register("imports", views.ImportRunViewSet, basename="api-importrun")
router.register("changes", views.ChangeViewSet, basename="api-change")

urlpatterns = [
    path("v1/", views.ApiIndexView.as_view(), name="api-index"),
    path("v1/ping/", views.PingView.as_view(), name="api-ping"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Exempt from CSRF so an unknown URL is a JSON 404 for every method, not an HTML 403.
    re_path(r"^.*$", csrf_exempt(json_not_found)),
]
