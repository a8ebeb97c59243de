from .complaints import api as complaints_api


def register(router):
    complaints_api.register(router)
