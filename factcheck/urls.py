"""URL map of the site: admin, API, public pages, sitemap and a health check."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from articles.admin.tokens import URL_NAME as API_TOKEN_URL_NAME
from articles.admin.tokens import api_token_view
from articles.sitemaps import SITEMAPS


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on every page, the admin's too."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    # Before the admin's own patterns, behind its login: active staff, CSRF, never cached.
    path("admin/api-token/", admin.site.admin_view(api_token_view), name=API_TOKEN_URL_NAME),
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("articles.urls")),
]

handler404 = "articles.pages.views.page_not_found"
handler500 = "articles.pages.views.server_error"
