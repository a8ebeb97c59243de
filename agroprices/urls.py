from django.urls import path

from core.datasets import download_view

from . import producers_views as offers
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
    path("ofertas/", offers.offer_list, name="offers"),
    path("ofertas/<int:pk>/", offers.offer_detail, name="offer"),
    path("ofertas/<int:pk>/contactar/", offers.offer_contact, name="offer-contact"),
    path("ofertas/<int:pk>/denunciar/", offers.offer_report, name="offer-report"),
    path("ofertas/<int:pk>/editar/", offers.offer_edit, name="offer-edit"),
    path("ofertas/<int:pk>/renovar/", offers.offer_renew, name="offer-renew"),
    path("ofertas/<int:pk>/cerrar/", offers.offer_close, name="offer-close"),
    path("ofertas/nueva/", offers.offer_edit, name="offer-create"),
    path("ofertas/mias/", offers.my_offers, name="my-offers"),
    path("ofertas/cifras/", offers.staff_figures, name="offer-figures"),
    path("productores/<int:pk>/", offers.producer_detail, name="producer"),
    path("productores/solicitar/", offers.producer_apply, name="producer-apply"),
    path("productores/mi-perfil/", offers.my_profile, name="my-profile"),
    path(
        "datos/ofertas/",
        download_view("agroprices.offers", "ofertas_directas"),
        name="export-offers",
    ),
]
