"""Complaint pages, spread into environment/urls.py (names are `environment:complaint-...`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("denuncias/", views.complaint_list, name="complaint-list"),
    path("denuncias/nueva/", views.complaint_create, name="complaint-create"),
    path("denuncias/cercanas/", views.complaint_nearby, name="complaint-nearby"),
    path("denuncias/enviada/", views.complaint_filed, name="complaint-filed"),
    path("denuncias/datos/", views.complaint_export, name="complaint-export"),
    path("denuncias/<str:code>/", views.complaint_detail, name="complaint-detail"),
]
