from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("salud/", views.health_view, name="health"),
    path("datos/", views.open_data, name="open-data"),
    path("acerca/", views.about, name="about"),
    path("seguimiento/", views.track, name="track"),
    path("fotos/<int:pk>/", views.report_photo, name="report-photo"),
]
