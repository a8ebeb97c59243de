from django.urls import path

from . import views
from .complaints.urls import urlpatterns as complaint_urlpatterns

app_name = "environment"

urlpatterns = [
    path("", views.index, name="index"),
    path("reforestacion/", views.figures, name="figures"),
    path("reforestacion/especies/", views.species_list, name="species-list"),
    path("reforestacion/viveros/", views.nursery_list, name="nursery-list"),
    path("reforestacion/solicitar/", views.request_create, name="request-create"),
    path("reforestacion/solicitud/<str:code>/", views.request_track, name="request-track"),
    path(
        "reforestacion/solicitud/<str:code>/entregar/",
        views.delivery_create,
        name="delivery-create",
    ),
    path("reforestacion/datos/entregas/", views.export_deliveries, name="export-deliveries"),
    path("reforestacion/datos/especies/", views.export_species, name="export-species"),
    path("reforestacion/datos/supervivencia/", views.export_survival, name="export-survival"),
    *complaint_urlpatterns,
]
