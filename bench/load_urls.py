"""The portal's URLs plus `/_bench/bare/`: a Django view that does nothing (the load baseline).

It goes through the same middleware as every page, so the ratio to it is what the pages
themselves cost (templates, queries), not the server or the framework.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("_bench/bare/", bare),
    path("", include("config.urls")),
]
