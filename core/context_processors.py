from django.conf import settings

from .registry import navigation


def portal(request):
    return {
        "nav_items": [(entry.url_name, entry.label) for entry in navigation],
        "portal_name": "Minga",
        "institution": "GAD Provincial de Santo Domingo de los Tsáchilas",
        "map_tile_url": settings.MAP_TILE_URL,
    }
