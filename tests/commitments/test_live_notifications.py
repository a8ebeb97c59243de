"""Proposal -> commitment -> progress -> completion notices on a real worker (Redis): the
e-mails leave after commit, once each, in the proposer's language."""

import time

import pytest
from django.core import mail
from django.utils import timezone

from commitments import services
from core.notifications import Notification
from proposals.models import ProposalStatus
from tests.proposals.factories import ProposalFactory

from .factories import ActionPlanFactory, MilestoneFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _wait_for_mails(n, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(mail.outbox) < n:
        time.sleep(0.1)
    time.sleep(0.5)  # a duplicate would arrive now
    return list(mail.outbox)


def test_the_proposer_hears_each_step_once_from_the_worker(live_worker, technician):
    proposal = ProposalFactory(
        status=ProposalStatus.SELECTED, selected_at=timezone.now(), language="en"
    )
    commitment = services.commitment_from_proposal(
        proposal=proposal, plan=ActionPlanFactory(), by=technician
    )
    milestone = MilestoneFactory(commitment=commitment)
    services.milestone_set_progress(milestone=milestone, progress=50, by=technician)
    services.milestone_set_progress(milestone=milestone, progress=100, by=technician)
    sent = _wait_for_mails(4)
    assert [m.to for m in sent] == [[proposal.proposer_email]] * 4
    subjects = sorted(m.subject for m in sent)
    assert subjects == sorted(
        [
            f"Your proposal {proposal.tracking_code} is now commitment {commitment.number}",
            f"Commitment {commitment.number}: a milestone reached 50 %",
            f"Commitment {commitment.number}: a milestone reached 100 %",
            f"Commitment {commitment.number} fulfilled",
        ]
    )
    assert Notification.objects.filter(sent_at__isnull=False).count() == 4
