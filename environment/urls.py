from django.urls import path

from . import views

app_name = "environment"

urlpatterns = [
    path("", views.index, name="index"),
]
