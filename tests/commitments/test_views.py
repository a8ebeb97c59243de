from decimal import Decimal

import pytest

from commitments import services
from commitments.models import Assessment, Commitment

from .factories import ActionPlanFactory, CommitmentFactory, IndicatorFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_commitments():
    plan = ActionPlanFactory(title="Primer Plan de prueba")
    for number, value in ((1, 100), (2, 95), (3, 0)):
        MilestoneFactory(
            commitment=CommitmentFactory(plan=plan, number=number, title=f"Compromiso {number}"),
            progress=value,
        )
    services.recalculate_progress()
    return plan


def test_the_dashboard_shows_each_commitment_with_progress_and_ogp_level(
    client, plan_with_commitments
):
    html = client.get("/compromisos/").content.decode()
    assert "Primer Plan de prueba" in html
    assert 'aria-valuenow="95.00"' in html or 'aria-valuenow="95"' in html
    assert "Completo" in html and "Sustancial" in html and "No iniciado" in html
    for commitment in Commitment.objects.all():
        assert commitment.get_absolute_url() in html


def test_the_home_page_centrepiece_is_the_plan_dashboard(client, plan_with_commitments):
    html = client.get("/").content.decode()
    assert "Primer Plan de prueba" in html
    assert 'role="progressbar"' in html
    assert Commitment.objects.get(number=2).get_absolute_url() in html


def test_dashboard_queries_stay_constant(client, django_assert_max_num_queries):
    plan = ActionPlanFactory()
    for n in range(3):
        CommitmentFactory(plan=plan, number=n + 1)
    # 7: the inclusion breakdown of the plan's proposers is one grouped query.
    with django_assert_max_num_queries(7):
        client.get("/compromisos/")
    for n in range(30):
        CommitmentFactory(plan=plan, number=n + 10)
    with django_assert_max_num_queries(7):
        assert client.get("/compromisos/").status_code == 200


def test_commitment_page_queries_stay_constant(client, django_assert_max_num_queries, technician):
    commitment = CommitmentFactory()
    for _ in range(2):
        milestone = MilestoneFactory(commitment=commitment)
        services.milestone_set_progress(milestone=milestone, progress=50, by=technician)
        IndicatorFactory(commitment=commitment)
    url = commitment.get_absolute_url()
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(20):
        milestone = MilestoneFactory(commitment=commitment)
        services.milestone_set_progress(milestone=milestone, progress=70, by=technician)
        IndicatorFactory(commitment=commitment)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_a_staff_change_appears_in_the_public_history_with_its_note_and_team_not_the_account(
    client, django_user_model
):
    official = django_user_model.objects.create_user(
        "funcionaria",
        email="funcionaria@gad.example",
        first_name="Ana",
        last_name="Quishpe",
        is_staff=True,
    )
    milestone = MilestoneFactory(title="Publicación de datos abiertos", weight=1)
    milestone.commitment.responsible_unit = "Dirección de Planificación"
    milestone.commitment.save()
    MilestoneFactory(commitment=milestone.commitment, weight=1, progress=0)
    services.milestone_set_progress(milestone=milestone, progress=80, by=official, note="acta 12")
    html = client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert "«Publicación de datos abiertos»: de 0 % a 80 %" in html
    assert "acta 12" in html and "Dirección de Planificación" in html
    assert "funcionaria@gad.example" not in html
    assert "Ana Quishpe" not in html and "(funcionaria)" not in html
    # the chart's data table carries the commitment's progress after the change: (80+0)/2
    assert '<td class="num">40</td>' in html


def test_commitment_page_shows_milestones_indicators_and_evidence(client):
    milestone = MilestoneFactory(title="Hito visible", progress=Decimal("33.5"))
    milestone.evidence.create(
        title="Acta firmada", url="https://example.org/acta.pdf", published_on="2022-02-01"
    )
    IndicatorFactory(
        commitment=milestone.commitment, name="Plantas entregadas", target=500, current_value=250
    )
    html = client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert "Hito visible" in html and "33,50 %" in html
    assert 'href="https://example.org/acta.pdf"' in html
    assert "Plantas entregadas" in html and "500" in html and "250" in html


def test_unknown_commitment_is_404(client):
    assert client.get("/compromisos/999999/").status_code == 404


@pytest.fixture
def finished():
    return CommitmentFactory(status=Commitment.Status.FINISHED)


def test_anonymous_users_are_sent_to_log_in_to_assess(client, finished):
    response = client.get(f"/compromisos/{finished.pk}/evaluacion/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/ingresar/?next=")


@pytest.mark.parametrize("who", ["citizen", "technician"])
def test_citizens_and_staff_outside_the_forum_cannot_assess(client, finished, request, who):
    client.force_login(request.getfixturevalue(who))
    url = f"/compromisos/{finished.pk}/evaluacion/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"opened_government": "yes", "explanation": "x"})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_a_forum_member_assesses_a_finished_commitment(client, finished, forum_member):
    client.force_login(forum_member)
    assert "Registrar la evaluación" in client.get(finished.get_absolute_url()).content.decode()
    response = client.post(
        f"/compromisos/{finished.pk}/evaluacion/",
        {
            "opened_government": "marginally",
            "explanation": "Abrió datos, poca participación.",
            "evidence_url": "https://example.org/informe",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.opened_government, assessment.assessed_by) == ("marginally", forum_member)
    assert assessment.status == Assessment.Status.PROPOSED  # public once a moderator confirms


def test_a_commitment_still_ongoing_cannot_be_assessed_yet(client, forum_member):
    commitment = CommitmentFactory(status=Commitment.Status.ONGOING)
    client.force_login(forum_member)
    response = client.post(
        f"/compromisos/{commitment.pk}/evaluacion/",
        {"opened_government": "yes", "explanation": "Pronto"},
    )
    assert response.status_code == 200
    assert "se evalúa cuando ha finalizado" in response.content.decode()
    assert not Assessment.objects.exists()


def test_assessment_form_reports_missing_fields_in_spanish(client, finished, forum_member):
    client.force_login(forum_member)
    response = client.post(f"/compromisos/{finished.pk}/evaluacion/", {})
    assert "Este campo es requerido" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("path", ["compromisos", "hitos", "historial"])
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_open_data_downloads(client, technician, path, fmt):
    milestone = MilestoneFactory()
    services.milestone_set_progress(milestone=milestone, progress=10, by=technician)
    response = client.get(f"/compromisos/datos/{path}/?format={fmt}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert technician.email.encode() not in body
    assert technician.username.encode() not in body


def test_datasets_are_listed_in_the_open_data_catalogue(client):
    html = client.get("/datos/").content.decode()
    assert "/datos/commitments.milestones/" in html and "/datos/commitments.history/" in html


def test_the_older_milestone_download_address_still_answers(client):
    response = client.get("/compromisos/datos/hitos/?format=csv")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"plan,compromiso,titulo_compromiso")


def test_evidence_needs_a_link_or_a_file(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.db import IntegrityError, transaction

    settings.MEDIA_ROOT = tmp_path
    milestone = MilestoneFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        milestone.evidence.create(title="Vacía", published_on="2022-01-01")
    evidence = milestone.evidence.create(
        title="Acta", published_on="2022-01-01", file=ContentFile(b"%PDF-1.4", name="acta.pdf")
    )
    assert evidence.href.endswith("acta.pdf")


def test_the_commitment_page_is_translated_to_english(client):
    milestone = MilestoneFactory(progress=100)
    services.recalculate_progress()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert "Result indicators" in html and "Milestones" in html and "Complete" in html


def test_home_page_queries_do_not_grow_with_commitments(client):
    # Other apps add their own panels: compare the counts instead of pinning a number.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = ActionPlanFactory()
    for n in range(3):
        CommitmentFactory(plan=plan, number=n + 1)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(30):
        CommitmentFactory(plan=plan, number=n + 10)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert html.count('role="progressbar"') >= 33
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_dashboard_charts_each_commitment_from_its_history(client, technician):
    plan = ActionPlanFactory()
    first = MilestoneFactory(commitment=CommitmentFactory(plan=plan, number=1))
    second = MilestoneFactory(commitment=CommitmentFactory(plan=plan, number=2))
    services.milestone_set_progress(milestone=first, progress=40, by=technician)
    services.milestone_set_progress(milestone=second, progress=70, by=technician)
    html = client.get("/compromisos/").content.decode()
    assert "Avance de los compromisos" in html and "<polyline" in html
    assert '<td class="num">40</td><td class="num">70</td>' in html


def test_a_manual_indicator_with_several_values_is_charted_against_its_target(client):
    from datetime import date

    indicator = IndicatorFactory(name="Plantas entregadas", target=300)
    for day, value in ((date(2022, 3, 31), 50), (date(2022, 6, 30), 120)):
        services.indicator_value_record(indicator=indicator, date=day, value=value)
    html = client.get(indicator.commitment.get_absolute_url()).content.decode()
    assert 'aria-label="Plantas entregadas (unidades)"' in html
    assert '<th scope="row">30/06/2022</th><td class="num">120</td><td class="num">300</td>' in html


def _assess(client, commitment, text):
    return client.post(
        f"/compromisos/{commitment.pk}/evaluacion/",
        {"opened_government": "yes", "explanation": text},
    )


def test_a_members_assessment_is_public_only_once_a_moderator_confirms_it(
    client, finished, forum_member, moderator
):
    client.force_login(forum_member)
    _assess(client, finished, "Abrió el gobierno: datos y foro.")
    client.logout()
    html = client.get(finished.get_absolute_url()).content.decode()
    assert "datos y foro" not in html and "se publica cuando un moderador" in html
    client.force_login(moderator)
    client.post(f"/compromisos/{finished.pk}/evaluacion/confirmar/")
    client.logout()
    assert "datos y foro" in client.get(finished.get_absolute_url()).content.decode()
    assessment = Assessment.objects.get()
    assert assessment.is_confirmed and assessment.confirmed_by == moderator


def test_once_confirmed_a_member_cannot_overwrite_the_forums_assessment(
    client, finished, forum_member, moderator, django_user_model
):
    client.force_login(moderator)
    _assess(client, finished, "Texto confirmado del Foro.")
    other = django_user_model.objects.create_user(username="otro-miembro")
    other.groups.add(*forum_member.groups.all())
    client.force_login(other)
    response = _assess(client, finished, "Mi opinión personal.")
    assert "solo un moderador puede cambiarla" in response.content.decode()
    assert Assessment.objects.get().explanation == "Texto confirmado del Foro."
    # The history keeps who wrote what.
    assert Assessment.history.filter(assessed_by=moderator).exists()


def test_only_a_moderator_confirms(client, finished, forum_member):
    client.force_login(forum_member)
    _assess(client, finished, "Propuesta.")
    response = client.post(f"/compromisos/{finished.pk}/evaluacion/confirmar/")
    assert response.status_code == 403
    assert not Assessment.objects.get().is_confirmed
