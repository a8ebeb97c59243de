"""The confirmation email goes through a real Celery worker on Redis (serialisation, commit)."""

import time

import pytest
from django.core import mail

from proposals import services

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_confirmation_email_is_sent_by_the_worker_after_commit(live_worker, consultation):
    proposal = services.proposal_submit(
        consultation=consultation,
        fields={
            "title": "Ciclovía en la vía a Chone",
            "theme": consultation.themes.first(),
            "problem": "No hay espacio seguro para bicicletas.",
            "solution": "Una ciclovía separada con señalización.",
            "proposer_email": "ciclista@correo.ec",
        },
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not mail.outbox:
        time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["ciclista@correo.ec"]]
    assert proposal.tracking_code in mail.outbox[0].body
