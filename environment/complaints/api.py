"""Complaint API, registered from environment/api.py."""


def register(router):
    pass
