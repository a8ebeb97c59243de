"""Complaint admin screens, imported from environment/admin.py."""
