from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from config import feeds
from config.sitemaps import SITEMAPS
from core import ckan_views

admin.site.site_header = _("Minga · Administración")
admin.site.site_title = _("Minga")
admin.site.index_title = _("Gestión del portal de gobierno abierto")
# The admin home opens with the inbox of new and overdue cases (core/casework.py).
admin.site.index_template = "admin/minga_index.html"


def robots_txt(request):
    # Crawlers may read every public page; not the admin, accounts, forms' posts or language switch.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cuenta/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def dcat_catalogue(request, fmt):
    import json

    from core import dcat

    document = dcat.catalogue(request.build_absolute_uri)
    if fmt == "ttl":
        return HttpResponse(dcat.turtle(document), content_type="text/turtle; charset=utf-8")
    body = json.dumps(document, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path("datos/catalogo.jsonld", dcat_catalogue, {"fmt": "jsonld"}, name="dcat-jsonld"),
    path("datos/catalogo.ttl", dcat_catalogue, {"fmt": "ttl"}, name="dcat-ttl"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feeds/propuestas.rss", feeds.ProposalsFeed(), name="feed-proposals-rss"),
    path("feeds/propuestas.atom", feeds.atom(feeds.ProposalsFeed)(), name="feed-proposals-atom"),
    path("feeds/denuncias.rss", feeds.ComplaintsFeed(), name="feed-complaints-rss"),
    path("feeds/denuncias.atom", feeds.atom(feeds.ComplaintsFeed)(), name="feed-complaints-atom"),
    path("feeds/avance.rss", feeds.ProgressFeed(), name="feed-progress-rss"),
    path("feeds/avance.atom", feeds.atom(feeds.ProgressFeed)(), name="feed-progress-atom"),
    path("", include("core.urls")),
    path("cuenta/", include("core.accounts.urls")),
    # Pages name the SVG icon; this answers browsers and tools that ask for the old path.
    path(
        "favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("core/favicon.svg"))
    ),
    path("foro/", include("forum.urls")),
    path("propuestas/", include("proposals.urls")),
    path("compromisos/", include("commitments.urls")),
    path("ambiente/", include("environment.urls")),
    path("agroprecios/", include("agroprices.urls")),
    path("vialidad/", include("roads.urls")),
    path("api/v1/", include("config.api")),
    path("open311/v2/", include("core.open311_urls")),
    # CKAN's Action API, read-only: ckanapi calls /api/action/, CKAN documents /api/3/action/.
    path("api/3/action/<str:name>", ckan_views.action, name="ckan-action"),
    path("api/action/<str:name>", ckan_views.action, name="ckan-action-unversioned"),
    # The header's language switcher is on every page. Without a CSRF token there, public
    # pages set no cookie and can be cached for everyone (core/pagecache.py); changing the
    # language of someone's browser is all a forged request could do.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
