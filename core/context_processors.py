from django.conf import settings
from django.utils.translation import gettext_lazy as _

NAV = [
    ("forum:index", _("Foro Multiactor")),
    ("proposals:index", _("Propuestas")),
    ("commitments:index", _("Compromisos")),
    ("environment:index", _("Ambiente")),
    ("agroprices:index", _("Agroprecios")),
    ("roads:index", _("Vialidad")),
    ("core:open-data", _("Datos abiertos")),
]


def portal(request):
    return {
        "nav_items": NAV,
        "portal_name": "Minga",
        "institution": "GAD Provincial de Santo Domingo de los Tsáchilas",
        "map_tile_url": settings.MAP_TILE_URL,
    }
