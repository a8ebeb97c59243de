"""Anonymous abuse of the proposal API: forged X-Forwarded-For does not reset the throttle,
and the receipt never carries the sender's own words."""

import pytest
from django.core import mail

from core.api_base import AnonSubmitThrottle
from proposals.models import Proposal

URL = "/api/v1/propuestas/propuestas/"
PHISHING = "Su cuenta fue bloqueada: ingrese en http://banco-falso.example/login"


def _payload(consultation, **extra):
    return {
        "consultation": consultation.slug,
        "theme": consultation.themes.first().pk,
        "title": PHISHING,
        "problem": f"Problema. {PHISHING}",
        "solution": "Solución.",
        "proposer_email": "victima@correo.ec",
        **extra,
    }


def _post(client, consultation, forged, **meta):
    return client.post(
        URL,
        _payload(consultation),
        content_type="application/json",
        HTTP_X_FORWARDED_FOR=forged,
        **meta,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("hops", [0, 1])
def test_forged_forwarded_addresses_do_not_bypass_the_anonymous_throttle(
    client, consultation, settings, monkeypatch, hops
):
    settings.TRUSTED_PROXY_HOPS = hops
    monkeypatch.setattr(AnonSubmitThrottle, "THROTTLE_RATES", {"anon_submit": "3/hour"})
    # Behind one proxy the proxy appends the address it saw (here 203.0.113.7); directly,
    # the socket address is REMOTE_ADDR. The client writes anything to the left.
    codes = []
    for i in range(6):
        forged = f"10.66.{i}.1, 203.0.113.7" if hops else f"10.66.{i}.1"
        codes.append(_post(client, consultation, forged, REMOTE_ADDR="203.0.113.7").status_code)
    assert codes == [201, 201, 201, 429, 429, 429]
    assert Proposal.objects.count() == 3


@pytest.mark.django_db
def test_behind_the_proxy_two_clients_have_their_own_allowance(
    client, consultation, settings, monkeypatch
):
    settings.TRUSTED_PROXY_HOPS = 1
    monkeypatch.setattr(AnonSubmitThrottle, "THROTTLE_RATES", {"anon_submit": "1/hour"})
    proxy = {"REMOTE_ADDR": "172.18.0.2"}
    assert _post(client, consultation, "198.51.100.1", **proxy).status_code == 201
    assert _post(client, consultation, "198.51.100.1", **proxy).status_code == 429
    assert _post(client, consultation, "198.51.100.2", **proxy).status_code == 201


@pytest.mark.django_db
def test_the_receipt_to_an_unverified_address_does_not_echo_the_proposal(
    client, consultation, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _payload(consultation), content_type="application/json")
    assert response.status_code == 201
    [receipt] = mail.outbox
    assert receipt.to == ["victima@correo.ec"]
    code = response.json()["tracking_code"]
    assert code in receipt.body and code in receipt.subject
    text = receipt.subject + receipt.body
    assert "banco-falso" not in text and "bloqueada" not in text
    # Links only to the portal's own pages (tracking, notification settings).
    links = [w for w in text.split() if "://" in w]
    tracking = f"{settings.SITE_URL}{Proposal.objects.get().get_tracking_url()}"
    assert tracking in links
    assert all(link.startswith(f"{settings.SITE_URL}/") for link in links)


@pytest.mark.django_db
def test_no_email_to_the_unverified_proposer_carries_the_proposal_title(
    client, consultation, technician, django_capture_on_commit_callbacks
):
    """Receipt, status change and outcome: the tracking code and the portal's link, never
    the proposer's words (and so never the phishing line they chose as a title)."""
    from proposals import services

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _payload(consultation), content_type="application/json")
    assert response.status_code == 201
    proposal = Proposal.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_moderate(proposal=proposal, by=technician, to_status="publicada")
    Proposal.objects.filter(pk=proposal.pk).update(forum_answer="Se tomará en cuenta.")
    services.matrix_close(consultation=consultation, by=technician)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.consultation_publish_outcome(consultation=consultation) == 1
    to_proposer = [m for m in mail.outbox if m.to == ["victima@correo.ec"]]
    assert len(to_proposer) == 3  # receipt, published, outcome
    for message in to_proposer:
        text = message.subject + message.body
        assert proposal.tracking_code in text
        assert "banco-falso" not in text and "bloqueada" not in text, text
    assert "Se tomará en cuenta." in to_proposer[-1].body
