"""Every participant hears back: once, after commit, in their language, with a way out."""

import re

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation

from commitments import services as commitment_services
from core import notifications
from core.accounts.models import Profile
from core.notifications import Follow, Notification
from core.tasks import send_follow_digests, send_notification
from environment.complaints import services as complaint_services
from proposals import services as proposal_services
from proposals.models import ProposalStatus
from tests.commitments.factories import ActionPlanFactory, MilestoneFactory
from tests.proposals.factories import ConsultationFactory, ProposalFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _file_complaint(**extra):
    fields = {
        "category": "deforestacion",
        "description": "Tala de árboles junto al estero.",
        "location_reference": "Vía Alluriquín, km 12",
        "date_observed": timezone.localdate(),
        "reporter_email": "maria@example.org",
        **extra,
    }
    return complaint_services.complaint_file(fields=fields)


def _unsubscribe_path(body):
    return re.search(r"https?://[^/\s]+(/avisos/baja/\S+/)", body).group(1)


def test_a_receipt_waits_for_the_commit_and_is_sent_once_even_if_the_task_runs_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        complaint = _file_complaint()
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    note = Notification.objects.get()
    send_notification(note.pk)
    assert len(mail.outbox) == 1
    assert complaint.tracking_code in mail.outbox[0].subject
    assert "/avisos/baja/" not in mail.outbox[0].body  # a transactional receipt


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _file_complaint()
        raise RuntimeError
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_an_anonymous_filer_reads_in_the_language_of_the_filing_request(
    django_capture_on_commit_callbacks,
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        complaint = _file_complaint()
    assert complaint.language == "en"
    assert mail.outbox[0].subject.startswith("We received your report")


def test_an_account_s_chosen_language_wins_over_the_filing_s(
    django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("rosa", email="maria@example.org")
    Profile.objects.create(user=user, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _file_complaint()  # filed in Spanish
    assert mail.outbox[0].subject.startswith("We received your report")


def test_a_status_change_carries_an_unsubscribe_link_that_stops_the_next_ones(
    client, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _file_complaint()
        complaint_services.complaint_transition(
            complaint=complaint, to_status="en_revision", by=technician
        )
    path = _unsubscribe_path(mail.outbox[1].body)
    assert "Confirme" in client.get(path).content.decode()
    client.post(path)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_transition(
            complaint=complaint, to_status="en_atencion", by=technician
        )
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(skipped="opted out").count() == 1


def test_a_forged_unsubscribe_token_is_refused(client):
    assert client.get("/avisos/baja/forjado/").status_code == 400


def test_a_seedling_request_sends_a_receipt(laurel, django_capture_on_commit_callbacks):
    from core.models import Parish
    from environment import services

    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_submit(
            applicant_kind="escuela",
            applicant_name="Escuela Fiscal Tsáchila",
            applicant_email="escuela@example.org",
            parish=Parish.objects.get(code="SJB"),
            land_area_ha="0.50",
            purpose="Arborizar el patio",
            lines=[services.Line(laurel, 10)],
        )
    assert [m.to for m in mail.outbox] == [["escuela@example.org"]]
    assert req.tracking_code in mail.outbox[0].subject


@pytest.fixture
def laurel(db):
    from tests.environment.factories import SpeciesFactory

    return SpeciesFactory(common_name="Laurel")


def test_the_filer_follows_from_the_receipt_link_and_gets_a_weekly_digest(
    client, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _file_complaint(reporter_email="")
    proposal = ProposalFactory()
    link = notifications.follow_url("vecina@example.org", complaint)
    assert client.post(link, {"frequency": "semanal"}).status_code == 200
    follow = Follow.objects.get()
    assert (follow.email, follow.frequency) == ("vecina@example.org", "semanal")
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_transition(
            complaint=complaint, to_status="en_revision", by=technician
        )
        complaint_services.complaint_transition(
            complaint=complaint, to_status="en_atencion", by=technician
        )
    assert mail.outbox == []  # held for the summary
    assert send_follow_digests() == 1
    assert send_follow_digests() == 0
    assert len(mail.outbox) == 1
    assert complaint.tracking_code in mail.outbox[0].body
    assert mail.outbox[0].body.count(complaint.tracking_code) == 2
    assert client.post(link, {"frequency": "stop"}).status_code == 200
    assert not Follow.objects.exists()
    assert proposal.pk  # another object's link is another token
    assert notifications.follow_url("vecina@example.org", proposal) != link


def test_a_signed_in_person_follows_a_proposal_and_hears_of_its_changes(
    client, citizen, technician, django_capture_on_commit_callbacks
):
    citizen.email = "seguidor@example.org"
    citizen.save()
    proposal = ProposalFactory(status=ProposalStatus.RECEIVED, published_at=None)
    client.force_login(citizen)
    response = client.post(f"/seguir/proposals.proposal/{proposal.pk}/", {"frequency": "cada"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.proposal_moderate(
            proposal=proposal, by=technician, to_status=ProposalStatus.PUBLISHED
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "rosa.aguavil@correo.ec",
        "seguidor@example.org",
    ]


def test_following_an_unknown_kind_of_object_is_a_404(client, citizen):
    citizen.email = "x@example.org"
    citizen.save()
    client.force_login(citizen)
    assert client.post("/seguir/auth.user/1/").status_code == 404


@pytest.fixture
def closed_consultation():
    consultation = ConsultationFactory()
    theme = ThemeFactory(consultation=consultation)
    chosen = ProposalFactory(
        consultation=consultation,
        theme=theme,
        proposer_email="elegida@example.org",
        forum_answer="Responde a la prioridad de caminos vecinales.",
    )
    other = ProposalFactory(
        consultation=consultation,
        theme=theme,
        proposer_email="otra@example.org",
        forum_answer="El GAD no tiene competencia sobre salud; la remitimos al MSP.",
    )
    consultation.matrix_closed_at = timezone.now()
    consultation.save()
    return consultation, chosen, other


def test_every_proposal_hears_the_matrix_outcome_once_and_the_page_shows_the_answer(
    client, technician, closed_consultation, django_capture_on_commit_callbacks
):
    consultation, chosen, other = closed_consultation
    proposal_services.proposal_select(proposal=chosen, by=technician)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert proposal_services.consultation_publish_outcome(consultation=consultation) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"elegida@example.org", "otra@example.org"}
    assert "no fue seleccionada" in by_to["otra@example.org"].body
    assert "remitimos al MSP" in by_to["otra@example.org"].body
    assert "seleccionó su propuesta" in by_to["elegida@example.org"].body
    with pytest.raises(Exception, match="ya fue publicado"):
        proposal_services.consultation_publish_outcome(consultation=consultation)
    assert len(mail.outbox) == 2
    html = client.get(other.get_absolute_url()).content.decode()
    assert "Respuesta del Foro" in html
    assert "remitimos al MSP" in html
    assert "no seleccionó esta propuesta" in html


def test_the_outcome_is_refused_while_a_proposal_has_no_answer(closed_consultation):
    consultation, chosen, _other = closed_consultation
    chosen.forum_answer = ""
    chosen.save()
    with pytest.raises(Exception, match=chosen.tracking_code):
        proposal_services.consultation_publish_outcome(consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.outcome_published_at is None


def test_the_proposer_hears_of_the_commitment_its_milestones_and_its_completion(
    technician, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(
        status=ProposalStatus.SELECTED, selected_at=timezone.now(), language="en"
    )
    plan = ActionPlanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        commitment = commitment_services.commitment_from_proposal(
            proposal=proposal, plan=plan, by=technician
        )
    milestone = MilestoneFactory(commitment=commitment)
    with django_capture_on_commit_callbacks(execute=True):
        commitment_services.milestone_set_progress(milestone=milestone, progress=40, by=technician)
        commitment_services.milestone_set_progress(milestone=milestone, progress=100, by=technician)
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 4, subjects
    assert all(m.to == [proposal.proposer_email] for m in mail.outbox)
    code, number = proposal.tracking_code, commitment.number
    assert subjects[0] == f"Your proposal {code} is now commitment {number}"
    assert "40" in subjects[1] and "100" in subjects[2]
    assert subjects[3] == f"Commitment {commitment.number} fulfilled"
