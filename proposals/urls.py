from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/apoyar/", views.proposal_support, name="support"),
    path("<int:pk>/puntuar/", views.scorecard, name="score"),
    path("consulta/<slug:slug>/", views.consultation_detail, name="consultation"),
    path("consulta/<slug:slug>/proponer/", views.proposal_create, name="create"),
    path("consulta/<slug:slug>/matriz/", views.matrix, name="matrix"),
    path("consulta/<slug:slug>/matriz/exportar/", views.matrix_export, name="matrix-export"),
    path("enviada/<str:code>/", views.proposal_submitted, name="submitted"),
    path("seguimiento/", views.track, name="track"),
    path("seguimiento/<str:code>/", views.track_code, name="track-code"),
    path("datos/propuestas/", views.dataset_proposals, name="dataset-proposals"),
    path("datos/matriz/", views.dataset_matrix, name="dataset-matrix"),
]
