"""Complaint pages, spread into environment/urls.py (names are `environment:complaint-...`)."""

urlpatterns: list = []
