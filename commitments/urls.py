from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.index, name="index"),
    path("plan/<slug:slug>/", views.plan_detail, name="plan"),
    path("plan/<slug:slug>/lecciones/", views.plan_lessons, name="plan-lessons"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/evaluacion/", views.assessment_edit, name="assess"),
    path("<int:pk>/evaluacion/confirmar/", views.assessment_confirm, name="assess-confirm"),
    path("desde-propuesta/<int:proposal_pk>/", views.from_proposal, name="from-proposal"),
    path("datos/compromisos/", views.export_commitments, name="export-commitments"),
    path("datos/hitos/", views.export_milestones, name="export-milestones"),
    path("datos/historial/", views.export_history, name="export-history"),
]
