from django.urls import path

from . import flag_views, follow_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("salud/", views.health_view, name="health"),
    path("datos/", views.open_data, name="open-data"),
    path("datos/todo.zip", views.open_data_zip, name="open-data-zip"),
    path("datos/<str:key>/", views.dataset_detail, name="dataset-detail"),
    path("datos/<str:key>/datapackage.json", views.dataset_datapackage, name="dataset-datapackage"),
    path("datos/<str:key>/descargar.<str:fmt>", views.dataset_download, name="dataset-download"),
    path("acerca/", views.about, name="about"),
    path("seguimiento/", views.track, name="track"),
    path("fotos/<int:pk>/", views.report_photo, name="report-photo"),
    path("avisos/baja/<str:token>/", follow_views.unsubscribe, name="unsubscribe"),
    path("avisos/seguir/<str:token>/", follow_views.follow_by_token, name="follow-token"),
    path("seguir/<str:label>/<int:pk>/", follow_views.follow_toggle, name="follow"),
    path("reportar/<str:label>/<int:pk>/", flag_views.flag_content, name="flag"),
    path("reportar/gracias/", flag_views.flag_done, name="flag-done"),
]
