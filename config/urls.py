from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Minga · Administración")
admin.site.site_title = _("Minga")
admin.site.index_title = _("Gestión del portal de gobierno abierto")
# The admin home opens with the inbox of new and overdue cases (core/casework.py).
admin.site.index_template = "admin/minga_index.html"

urlpatterns = [
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
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
