import pytest

from commitments import services

from .factories import ActionPlanFactory, CommitmentFactory, IndicatorFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = ActionPlanFactory(slug="primero")
    for number, value in ((1, 100), (2, 95), (3, 0)):
        MilestoneFactory(
            commitment=CommitmentFactory(plan=plan, number=number, transparency=number != 3),
            progress=value,
        )
    services.recalculate_progress()
    return plan


def test_commitments_list_carries_progress_and_ogp_level(client, plan):
    body = client.get("/api/v1/compromisos/").json()
    assert body["count"] == 3
    by_number = {row["number"]: row for row in body["results"]}
    assert by_number[2]["progress"] == "95.00"
    assert by_number[2]["ogp_level"] == {"key": "substantial", "label": "Sustancial"}
    assert by_number[1]["ogp_level"]["key"] == "complete"
    assert by_number[1]["plan"] == "primero"


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("level=complete", {1}),
        ("level=substantial", {2}),
        ("level=not_started", {3}),
        ("transparency=true", {1, 2}),
        ("min_progress=90", {1, 2}),
        ("plan=primero", {1, 2, 3}),
        ("plan=otro", set()),
    ],
)
def test_commitments_filters(client, plan, query, numbers):
    body = client.get(f"/api/v1/compromisos/?{query}").json()
    assert {row["number"] for row in body["results"]} == numbers


def test_an_unknown_level_is_a_400_with_the_field(client, plan):
    response = client.get("/api/v1/compromisos/?level=enorme")
    assert response.status_code == 400
    assert "level" in response.json()


def test_plans_milestones_indicators_and_history_endpoints(client, plan, technician):
    milestone = plan.commitments.get(number=3).milestones.get()
    services.milestone_set_progress(milestone=milestone, progress=20, by=technician)
    IndicatorFactory(commitment=milestone.commitment)
    assert client.get("/api/v1/compromisos/planes/primero/").json()["progress"] == "71.67"
    milestones = client.get(f"/api/v1/compromisos/hitos/?commitment={milestone.commitment_id}")
    assert [row["progress"] for row in milestones.json()["results"]] == ["20.00"]
    history = client.get(f"/api/v1/compromisos/historial/?milestone={milestone.pk}").json()
    assert history["results"][0]["old_progress"] == "0.00"
    assert history["results"][0]["new_progress"] == "20.00"
    assert "tecnico" not in str(history)
    indicators = client.get(
        f"/api/v1/compromisos/indicadores/?commitment={milestone.commitment_id}"
    )
    assert indicators.json()["count"] == 1


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        ("/api/v1/compromisos/", 4),  # count, page, proposals, actors
        ("/api/v1/compromisos/hitos/", 3),
        ("/api/v1/compromisos/historial/", 3),
    ],
)
def test_list_endpoints_keep_a_constant_query_count(
    client, django_assert_max_num_queries, technician, url, bound
):
    plan = ActionPlanFactory()
    for n in range(3):
        m = MilestoneFactory(commitment=CommitmentFactory(plan=plan, number=n + 1))
        services.milestone_set_progress(milestone=m, progress=10, by=technician)
    with django_assert_max_num_queries(bound):
        client.get(url)
    for n in range(30):
        m = MilestoneFactory(commitment=CommitmentFactory(plan=plan, number=n + 10))
        services.milestone_set_progress(milestone=m, progress=10, by=technician)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", [None, "citizen", "technician"])
def test_the_api_is_read_only(client, plan, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    commitment = plan.commitments.first()
    assert client.post("/api/v1/compromisos/", {"title": "x"}).status_code in (403, 405)
    response = client.patch(
        f"/api/v1/compromisos/{commitment.pk}/", {"progress": "1"}, content_type="application/json"
    )
    assert response.status_code in (403, 405)


def test_snapshots_endpoint_lists_the_dated_figures(client, plan):
    from datetime import date

    services.recalculate_all(today=date(2026, 11, 25))
    body = client.get("/api/v1/compromisos/instantaneas/?date__gte=2026-01-01").json()
    assert [row["date"] for row in body["results"]] == ["2026-11-25"]
    detail = client.get("/api/v1/compromisos/instantaneas/2026-11-25/").json()
    assert sorted(detail["data"]["commitments"].values()) == ["0.00", "100.00", "95.00"]


def test_staff_record_milestone_progress_through_the_api(staff_client, technician):
    milestone = MilestoneFactory(progress=10)
    response = staff_client.post(
        f"/api/v1/compromisos/hitos/{milestone.pk}/avance/",
        {"progress": "65", "note": "informe de campo"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["progress"] == "65.00"
    change = milestone.changes.get()
    assert (change.old_progress, change.new_progress, change.changed_by) == (10, 65, technician)
    milestone.commitment.refresh_from_db()
    assert milestone.commitment.progress == 65


@pytest.mark.parametrize("value", ["101", "-3", "abc"])
def test_bad_progress_through_the_api_is_a_400_with_the_field(staff_client, value):
    milestone = MilestoneFactory(progress=10)
    response = staff_client.post(
        f"/api/v1/compromisos/hitos/{milestone.pk}/avance/",
        {"progress": value},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "progress" in response.json()
    milestone.refresh_from_db()
    assert milestone.progress == 10 and not milestone.changes.exists()


@pytest.mark.parametrize("who", [None, "citizen", "forum_member"])
def test_only_staff_record_progress_through_the_api(client, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    milestone = MilestoneFactory(progress=10)
    response = client.post(
        f"/api/v1/compromisos/hitos/{milestone.pk}/avance/",
        {"progress": "50"},
        content_type="application/json",
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.progress == 10


def test_commitments_carry_their_public_proposals_and_actors(client, django_assert_max_num_queries):
    from django.utils import timezone

    from proposals.models import ProposalStatus
    from tests.forum.factories import ActorFactory
    from tests.proposals.factories import ProposalFactory

    commitment = CommitmentFactory()
    public = ProposalFactory(status=ProposalStatus.SELECTED, selected_at=timezone.now())
    hidden = ProposalFactory(status=ProposalStatus.RECEIVED)
    commitment.proposals.add(public, hidden)
    commitment.co_implementers.add(ActorFactory(name="Fundapi"))
    with django_assert_max_num_queries(4):
        row = client.get("/api/v1/compromisos/").json()["results"][0]
    assert row["proposals"] == [public.pk]
    assert row["co_implementers"] == ["Fundapi"]
    assert public.proposer_email not in str(row)
