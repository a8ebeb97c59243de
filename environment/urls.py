from django.urls import path

from . import views
from .complaints.urls import urlpatterns as complaint_urlpatterns

app_name = "environment"

urlpatterns = [
    path("", views.index, name="index"),
    *complaint_urlpatterns,
]
