"""Reforestation: species, nurseries, the stock ledger, requests, deliveries, follow-up.

Complaint models live in `environment/complaints/models.py` (imported below so Django sees
them as part of this app).
"""

from django.db import models  # noqa: F401

from .complaints.models import *  # noqa: E402,F401,F403
