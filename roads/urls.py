from django.urls import path

from . import views

app_name = "roads"

urlpatterns = [
    path("", views.index, name="index"),
]
