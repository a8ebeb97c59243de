from django.urls import path

from . import views

app_name = "agroprices"

urlpatterns = [
    path("", views.index, name="index"),
]
