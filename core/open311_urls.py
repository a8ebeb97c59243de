from django.urls import re_path

from . import open311

FMT = r"\.(?P<fmt>json|xml)$"
cors = open311.cors

urlpatterns = [
    re_path(r"^discovery" + FMT, cors(open311.discovery), name="open311-discovery"),
    re_path(r"^services" + FMT, cors(open311.services), name="open311-services"),
    re_path(
        r"^services/(?P<code>[\w-]+)" + FMT,
        cors(open311.service_definition),
        name="open311-service",
    ),
    re_path(r"^requests" + FMT, cors(open311.requests_view), name="open311-requests"),
    re_path(
        r"^requests/(?P<request_id>[\w-]+)" + FMT,
        cors(open311.request_detail),
        name="open311-request",
    ),
]
