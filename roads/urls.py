from django.urls import path

from . import views

app_name = "roads"

urlpatterns = [
    path("", views.index, name="index"),
    path("exportar/", views.export_branches, name="export"),
    path("exportar/intervenciones/", views.export_interventions, name="export-interventions"),
    path("ramal/<str:code>/", views.branch_detail, name="branch"),
    path("reportar/", views.report_create, name="report-create"),
    path("ramales/buscar/", views.branch_search, name="branch-search"),
    path("reportes/", views.report_list, name="report-list"),
    path("reportes/<str:code>/", views.report_detail, name="report-detail"),
]
