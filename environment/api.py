from . import reforestation_api
from .complaints import api as complaints_api


def register(router):
    reforestation_api.register(router)
    complaints_api.register(router)
