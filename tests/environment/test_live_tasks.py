"""The applicant's email through a real Celery worker on Redis (serialisation, commit timing)."""

import time

import pytest
from django.core import mail

from environment import services
from environment.models import RequestStatus

from .factories import SeedlingRequestFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def test_the_worker_emails_the_applicant_after_the_decision_commits(live_worker):
    req = SeedlingRequestFactory()
    services.request_decide(request=req, status=RequestStatus.APPROVED)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["rosa.finca@example.org"]]
    assert req.tracking_code in mail.outbox[0].subject
