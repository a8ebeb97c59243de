from django.urls import path

from . import views

app_name = "agroprices"

urlpatterns = [
    path("", views.index, name="index"),
    path("producto/<slug:slug>/", views.product_detail, name="product"),
    path("registrar/", views.collect, name="collect"),
    path("registrar/<int:pk>/corregir/", views.collect_correct, name="collect-correct"),
    path("registrar/<int:pk>/retirar/", views.collect_withdraw, name="collect-withdraw"),
    path("produccion/", views.production, name="production"),
    path("datos/precios/", views.export, name="export"),
    path("datos/precios-hdx/", views.export_hdx, name="export-hdx"),
    path("datos/precios-hdx/sin-hxl/", views.export_hdx_plain, name="export-hdx-plain"),
    path("datos/produccion/", views.export_production, name="export-production"),
    path("datos/datapackage.json", views.datapackage, name="datapackage"),
    path("importaciones/<int:pk>/estado/", views.import_status, name="import-status"),
]
