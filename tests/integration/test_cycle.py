"""The whole OGP cycle as people live it: a citizen proposes on the open consultation, staff
publish, the forum scores and selects, staff turn the proposal into a commitment and report
progress, the nightly recalculation runs, and the citizen follows it all with the code.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from commitments import services as commitment_services
from commitments import tasks as commitment_tasks
from commitments.models import Commitment, Indicator
from core import roles
from proposals import services as proposal_services
from proposals.models import Proposal, ProposalStatus
from tests.commitments.factories import ActionPlanFactory, MilestoneFactory
from tests.forum.factories import MembershipFactory
from tests.proposals.factories import ConsultationFactory, CriterionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NAME = "Rosa Elvira Aguavil"
EMAIL = "rosa.privada@correo-personal.ec"
PHONE = "0987001122"
PRIVATE = (NAME, EMAIL, PHONE)


def assert_private(response):
    if response.streaming:
        page = b"".join(response.streaming_content).decode()
    else:
        page = response.content.decode()
    for secret in PRIVATE:
        assert secret not in page, f"{secret!r} published on {response.request['PATH_INFO']}"
    return page


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    ThemeFactory(consultation=consultation, name="Vialidad rural")
    CriterionFactory(consultation=consultation, name="Impacto", weight=Decimal("2"))
    CriterionFactory(consultation=consultation, name="Viabilidad", weight=Decimal("1"))
    return consultation


@pytest.fixture
def second_member():
    """A member through the forum app itself: an active membership grants the role."""
    membership = MembershipFactory(joined_on=timezone.localdate() - timedelta(days=400))
    assert membership.user.groups.filter(name=roles.FORUM_MEMBER).exists()
    return membership.user


def test_a_citizen_proposal_becomes_a_tracked_commitment(
    client,
    citizen,
    consultation,
    moderator,
    technician,
    forum_member,
    second_member,
    django_capture_on_commit_callbacks,
):
    # 1. A citizen files a proposal through the public form, no account needed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("proposals:create", args=[consultation.slug]),
            {
                "title": "Mapa público del estado de los caminos vecinales",
                "theme": consultation.themes.get().pk,
                "problem": "Los caminos se cierran en invierno y nadie sabe cuáles se atienden.",
                "solution": "Publicar cada mantenimiento y recibir reportes de la ciudadanía.",
                "parish": "",
                "community": "",
                "organisation": "Asociación de Productores El Esfuerzo",
                "proposer_name": NAME,
                "proposer_email": EMAIL,
                "proposer_phone": PHONE,
                "ogp_values": ["transparencia", "participacion"],
                "website": "",
            },
        )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("proposals:submitted", args=[proposal.tracking_code])
    assert proposal.status == ProposalStatus.RECEIVED
    assert proposal.proposer_email == EMAIL
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert proposal.tracking_code in mail.outbox[0].body
    # Not public until staff publish it.
    assert client.get(proposal.get_absolute_url()).status_code == 404

    # 2. Staff publish it.
    with django_capture_on_commit_callbacks(execute=True):
        proposal_services.proposal_moderate(
            proposal=proposal, by=moderator, to_status=ProposalStatus.PUBLISHED
        )
    response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    assert "Asociación de Productores El Esfuerzo" in response.content.decode()
    assert_private(response)

    # 3. Two forum members score it on the scoring page; a citizen may not.
    impact, feasibility = consultation.criteria.order_by("name")
    score_url = reverse("proposals:score", args=[proposal.pk])
    assert Group.objects.get(name=roles.FORUM_MEMBER).user_set.count() == 2
    for member, (i, f) in ((forum_member, (5, 2)), (second_member, (4, 4))):
        client.force_login(member)
        assert client.get(score_url).status_code == 200
        response = client.post(
            score_url,
            {f"criterion_{impact.pk}": i, f"criterion_{feasibility.pk}": f, "comment": ""},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        # Nothing left to score: back to the matrix, at the row just scored.
        matrix = reverse("proposals:matrix", args=[consultation.slug])
        assert response.url == f"{matrix}#propuesta-{proposal.pk}"
    assert proposal.scorecards.count() == 2
    client.force_login(citizen)
    response = client.post(
        score_url, {f"criterion_{impact.pk}": 1, f"criterion_{feasibility.pk}": 1}
    )
    assert response.status_code == 403
    assert proposal.scorecards.count() == 2
    client.logout()

    # 4. Staff close the matrix and select it.
    proposal_services.matrix_close(consultation=consultation, by=moderator)
    proposal_services.proposal_select(proposal=proposal, by=moderator)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SELECTED

    # 5. Staff turn it into a commitment, add milestones and report their progress.
    today = timezone.localdate()
    plan = ActionPlanFactory(
        period_start=today - timedelta(days=200), period_end=today + timedelta(days=500)
    )
    commitment = commitment_services.commitment_from_proposal(
        proposal=proposal, plan=plan, by=technician
    )
    assert commitment.title == proposal.title
    assert list(commitment.proposals.all()) == [proposal]
    start, end = plan.period_start, plan.period_end
    survey = MilestoneFactory(
        commitment=commitment,
        title="Levantamiento de la red",
        weight=3,
        start_date=start,
        end_date=end,
    )
    portal = MilestoneFactory(
        commitment=commitment,
        title="Mapa público en línea",
        weight=1,
        start_date=start,
        end_date=end,
    )
    indicator = Indicator.objects.create(
        commitment=commitment,
        name="Propuestas ciudadanas publicadas",
        unit="propuestas",
        target=Decimal(10),
        source=Indicator.Source.COMPUTED,
        source_key="proposals.published",
    )
    commitment_services.milestone_set_progress(milestone=survey, progress=40, by=technician)
    commitment_services.milestone_set_progress(milestone=portal, progress=100, by=technician)

    # 6. The recalculation runs (the Celery task, eager here).
    with django_capture_on_commit_callbacks(execute=True):
        commitment_tasks.recalculate_all.delay()
    commitment.refresh_from_db()
    indicator.refresh_from_db()
    expected = (Decimal(3) * 40 + Decimal(1) * 100) / 4
    assert commitment.progress == expected == Decimal("55")
    assert indicator.current_value == 1
    plan.refresh_from_db()
    assert plan.progress == expected

    # 7. The citizen follows the code: the tracking page shows the commitment and its progress.
    client.logout()
    response = client.get("/seguimiento/", {"codigo": proposal.tracking_code.lower()})
    assert response.status_code == 302
    assert response.url == proposal.get_tracking_url()
    response = client.get(response.url)
    page = response.content.decode()
    assert response.status_code == 200
    assert commitment.get_absolute_url() in page
    assert commitment.title in page
    assert f"{formats.localize(commitment.progress)} %" in page
    assert_private(response)

    # 8. The commitment page lists its originating proposal, its milestones and progress.
    response = client.get(commitment.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert proposal.get_absolute_url() in page
    assert proposal.title in page
    assert "Levantamiento de la red" in page
    assert "Mapa público en línea" in page
    assert_private(response)

    # The plan dashboard and the proposal page too: nothing personal anywhere.
    for url in (
        plan.get_absolute_url(),
        proposal.get_absolute_url(),
        consultation.get_absolute_url(),
        reverse("proposals:index"),
        reverse("proposals:submitted", args=[proposal.tracking_code]),
        reverse("proposals:dataset-proposals") + "?format=csv",
        reverse("commitments:export-commitments") + "?format=json",
        reverse("core:home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = assert_private(response)
        if "datos" in url:  # the open data carries the proposal, without its author
            assert proposal.title in page or commitment.title in page, url
    assert Commitment.objects.get().proposals.get() == proposal
