from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("actores/", views.actor_list, name="actor-list"),
    path("actores/<int:pk>/", views.actor_detail, name="actor-detail"),
    path("mapeo/", views.mapping, name="mapping"),
    path("sesiones/", views.meeting_list, name="meeting-list"),
    path("sesiones/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("sesiones/<int:pk>/registrar-asistencia/", views.meeting_check_in, name="check-in"),
    path("sesiones/<int:pk>/asistencia/", views.meeting_attendance, name="meeting-attendance"),
    path("actas/archivos/<int:pk>/", views.minutes_file, name="minutes-file"),
    path("calendario.ics", views.calendar_ics, name="calendar-ics"),
    path("participacion/", views.participation, name="participation"),
    path("datos/actores/", views.export_actors, name="export-actors"),
    path("datos/asistencia/", views.export_attendance, name="export-attendance"),
]
