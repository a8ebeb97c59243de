"""Each computed indicator, recalculated by the commitments app, equals a hand-written SQL
aggregate over the owning app's tables.

Rows are built the way the apps build them (services, factories) and always include some that
must not count: outside the period, or in states the figure leaves out. The expected figure
is computed here with plain SQL, not with the app's selector, so a selector that drifts from
its description fails.
"""

import io
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management.base import OutputWrapper
from django.db import connection
from django.utils import timezone

from agroprices import services as price_services
from agroprices.models import PriceObservation
from commitments import demo as commitments_demo
from commitments import services as commitment_services
from commitments import tasks as commitment_tasks
from commitments.models import Indicator
from core.registry import indicators as registry
from core.reports import ReportStatus
from environment import services as env_services
from environment.complaints import services as complaint_services
from environment.complaints.models import Complaint
from environment.models import RequestStatus
from forum import services as forum_services
from forum.models import Attendance
from proposals import services as proposal_services
from proposals.models import ProposalStatus
from roads import services as road_services
from tests.agroprices.factories import MarketFactory, ProductFactory, price_type, unit
from tests.commitments.factories import ActionPlanFactory, CommitmentFactory
from tests.environment.complaints.factories import file_complaint
from tests.environment.factories import (
    NurseryFactory,
    SeedlingRequestFactory,
    SpeciesFactory,
    approved_request,
    deliver,
    stock,
)
from tests.forum.factories import ActorFactory, MeetingFactory, MembershipFactory
from tests.proposals.factories import ConsultationFactory, ProposalFactory
from tests.roads.factories import BranchFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Guayaquil")
PLAN_START = date(2021, 7, 1)
TODAY = date(2022, 6, 30)  # the recalculation's "today": the figures run PLAN_START..TODAY
BEFORE = PLAN_START - timedelta(days=1)
AFTER = TODAY + timedelta(days=1)

EXPECTED_KEYS = {
    "roads.km_worked",
    "roads.branches_attended",
    "environment.seedlings_delivered",
    "environment.hectares_reforested",
    "environment.survival_rate",
    "environment.complaints_received",
    "environment.complaints_resolved_30d",
    "agroprices.observations_published",
    "agroprices.producers_with_active_offers",
    "forum.attendance_rate",
    "forum.active_actors",
    "proposals.published",
}


def sql_value(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        (value,) = cursor.fetchone()
    return Decimal(value or 0).quantize(Decimal("0.01"))


def computed_indicator(key, **extra):
    plan = ActionPlanFactory(period_start=PLAN_START, period_end=date(2022, 12, 31))
    return Indicator.objects.create(
        commitment=CommitmentFactory(plan=plan),
        name=f"Cifra {key}",
        unit="u",
        target=Decimal(100),
        source=Indicator.Source.COMPUTED,
        source_key=key,
        **extra,
    )


def recalculated(key):
    """The stored current value of a computed indicator with `key`, after the nightly run."""
    indicator = computed_indicator(key)
    commitment_services.recalculate_all(today=TODAY)
    indicator.refresh_from_db()
    assert indicator.current_as_of == TODAY
    return indicator.current_value


def local(day, hour=10, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def test_the_registry_holds_the_figures_the_apps_promise():
    assert {item.key for item in registry} == EXPECTED_KEYS


def test_every_key_the_commitments_demo_links_is_registered_and_loads_as_computed():
    linked = {spec[4] for c in commitments_demo.COMMITMENTS for spec in c["indicators"]}
    assert linked, "the demo links no portal figure"
    assert linked <= EXPECTED_KEYS
    commitments_demo.load(OutputWrapper(io.StringIO()))
    computed = set(
        Indicator.objects.filter(source=Indicator.Source.COMPUTED).values_list(
            "source_key", flat=True
        )
    )
    # A misspelt key would silently fall back to a manual indicator: none does.
    assert computed == linked


# --- roads ---------------------------------------------------------------------------------


@pytest.fixture
def interventions(technician):
    long_branch = BranchFactory(length_km=Decimal("20.00"))
    other = BranchFactory()
    before_only = BranchFactory()
    after_only = BranchFactory()
    record = road_services.intervention_record
    record(
        branch=long_branch,
        start_date=date(2021, 9, 1),
        end_date=date(2021, 9, 10),
        km_worked=Decimal("3.50"),
        by=technician,
    )
    record(  # the same branch again, on the last day counted: km add up, the branch once
        branch=long_branch,
        start_date=date(2022, 6, 1),
        end_date=TODAY,
        km_worked=Decimal("4.25"),
        by=technician,
    )
    record(
        branch=other,
        start_date=date(2021, 6, 20),  # started before the plan, ended inside: counts
        end_date=PLAN_START,
        km_worked=Decimal("7.10"),
        by=technician,
    )
    record(
        branch=before_only,
        start_date=date(2021, 6, 1),
        end_date=BEFORE,
        km_worked=Decimal("9.99"),
        by=technician,
    )
    record(
        branch=after_only,
        start_date=date(2022, 6, 20),  # started inside, ended after: not yet
        end_date=AFTER,
        km_worked=Decimal("8.00"),
        by=technician,
    )


def test_km_worked_matches_the_interventions_ending_in_the_period(interventions):
    expected = sql_value(
        "SELECT SUM(km_worked) FROM roads_intervention WHERE end_date BETWEEN %s AND %s",
        [PLAN_START, TODAY],
    )
    assert expected == Decimal("14.85")
    assert recalculated("roads.km_worked") == expected


def test_branches_attended_matches_distinct_branches_with_an_intervention(interventions):
    expected = sql_value(
        "SELECT COUNT(DISTINCT branch_id) FROM roads_intervention WHERE end_date BETWEEN %s AND %s",
        [PLAN_START, TODAY],
    )
    assert expected == 2
    assert recalculated("roads.branches_attended") == expected


# --- reforestation -------------------------------------------------------------------------


@pytest.fixture
def deliveries():
    laurel, guayacan = SpeciesFactory(), SpeciesFactory()
    nursery = NurseryFactory()
    stock(nursery, laurel, 5000, on=date(2021, 1, 5))
    stock(nursery, guayacan, 5000, on=date(2021, 1, 5))

    inside = approved_request({laurel: 300, guayacan: 200}, land_area_ha=Decimal("2.25"))
    deliver(inside, nursery, {laurel: 300}, on=date(2021, 8, 2))
    deliver(inside, nursery, {guayacan: 200}, on=TODAY)
    early = approved_request({laurel: 150}, land_area_ha=Decimal("1.10"))
    deliver(early, nursery, {laurel: 150}, on=BEFORE)
    late = approved_request({guayacan: 120}, land_area_ha=Decimal("0.80"))
    deliver(late, nursery, {guayacan: 120}, on=AFTER)
    second = approved_request({laurel: 90}, land_area_ha=Decimal("0.35"))
    deliver(second, nursery, {laurel: 90}, on=PLAN_START)

    # Approved but never delivered, and rejected: neither plants nor hectares.
    approved_request({laurel: 1000}, land_area_ha=Decimal("9.00"))
    rejected = SeedlingRequestFactory(land_area_ha=Decimal("7.00"))
    rejected.lines.create(species=laurel, quantity=700)
    env_services.request_decide(
        request=rejected, status=RequestStatus.REJECTED, reason="Fuera de la provincia"
    )

    lines = {
        (ln.delivery.request_id, ln.species_id): ln
        for ln in inside.deliveries.get(delivered_on=date(2021, 8, 2)).lines.all()
    }
    laurel_line = lines[(inside.pk, laurel.pk)]
    env_services.visit_record(line=laurel_line, visited_on=date(2021, 12, 1), surviving=280)
    # The latest visit is the one that counts, even when entered after an earlier one.
    env_services.visit_record(line=laurel_line, visited_on=date(2022, 3, 1), surviving=251)
    guayacan_line = inside.deliveries.get(delivered_on=TODAY).lines.get()
    env_services.visit_record(line=guayacan_line, visited_on=AFTER, surviving=199)
    early_line = early.deliveries.get().lines.get()
    env_services.visit_record(line=early_line, visited_on=date(2021, 9, 1), surviving=3)
    # `second` was delivered in the period but never visited: it is left out of the rate.


def test_seedlings_delivered_matches_delivery_lines_in_the_period(deliveries):
    expected = sql_value(
        "SELECT SUM(l.quantity) FROM environment_deliveryline l "
        "JOIN environment_delivery d ON d.id = l.delivery_id "
        "WHERE d.delivered_on BETWEEN %s AND %s",
        [PLAN_START, TODAY],
    )
    assert expected == 590
    assert recalculated("environment.seedlings_delivered") == expected


def test_hectares_reforested_matches_delivered_requests(deliveries):
    expected = sql_value(
        "SELECT SUM(land_area_ha) FROM environment_seedlingrequest "
        "WHERE status = %s AND delivered_on BETWEEN %s AND %s",
        [RequestStatus.DELIVERED, PLAN_START, TODAY],
    )
    assert expected == Decimal("2.60")
    assert recalculated("environment.hectares_reforested") == expected


def test_survival_rate_matches_the_latest_visit_of_each_visited_line(deliveries):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(v.surviving), SUM(l.quantity) FROM environment_deliveryline l "
            "JOIN environment_delivery d ON d.id = l.delivery_id "
            "JOIN (SELECT line_id, surviving, ROW_NUMBER() OVER ("
            "        PARTITION BY line_id ORDER BY visited_on DESC, id DESC) AS latest"
            "      FROM environment_followupvisit) v "
            "  ON v.line_id = l.id AND v.latest = 1 "
            "WHERE d.delivered_on BETWEEN %s AND %s",
            [PLAN_START, TODAY],
        )
        alive, delivered = cursor.fetchone()
    expected = (Decimal(alive) * 100 / Decimal(delivered)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    assert (alive, delivered) == (450, 500)
    assert recalculated("environment.survival_rate") == expected


# --- complaints ----------------------------------------------------------------------------


def _filed_at(moment, **fields):
    """A complaint filed through the public service, then dated as if filed at `moment`."""
    complaint = file_complaint(date_observed=moment.date() - timedelta(days=1), **fields)
    Complaint.objects.filter(pk=complaint.pk).update(created_at=moment)
    complaint.refresh_from_db()
    return complaint


def _resolve(complaint, by, at):
    for status in (ReportStatus.IN_REVIEW, ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED):
        complaint = complaint_services.complaint_transition(
            complaint=complaint, to_status=status, by=by
        )
    Complaint.objects.filter(pk=complaint.pk).update(resolved_at=at)
    return complaint


@pytest.fixture
def complaints(moderator):
    fast = _filed_at(local(date(2022, 3, 1)))
    _resolve(fast, moderator, local(date(2022, 3, 20)))
    slow = _filed_at(local(date(2022, 1, 10)))
    _resolve(slow, moderator, local(date(2022, 2, 15)))  # 36 days: received, not fast
    # Filed before the plan, resolved 10 days later inside it: counted on resolution.
    straddling = _filed_at(local(date(2021, 6, 25)))
    _resolve(straddling, moderator, local(date(2021, 7, 5)))
    # Resolved in time, but after the period.
    late = _filed_at(local(TODAY, 9))
    _resolve(late, moderator, local(AFTER, 12))
    # Last evening of the period in Ecuador, already the next day in UTC: counts.
    _filed_at(local(TODAY, 23, 30))
    # First minutes of the period in Ecuador: counts; the evening before does not.
    _filed_at(local(PLAN_START, 0, 15))
    _filed_at(local(BEFORE, 23, 45))
    rejected = _filed_at(local(date(2021, 10, 4)))
    complaint_services.complaint_transition(
        complaint=rejected, to_status=ReportStatus.REJECTED, by=moderator, reason="No procede"
    )
    hidden = _filed_at(local(date(2022, 2, 2)))
    hidden = _resolve(hidden, moderator, local(date(2022, 2, 5)))
    complaint_services.complaint_hide(complaint=hidden, by=moderator, reason="Datos personales")


def local_day(col):
    """The calendar day in Ecuador of a stored timestamp (Ecuador keeps UTC-5 all year)."""
    if connection.vendor == "postgresql":
        return f"(({col} AT TIME ZONE 'America/Guayaquil')::date)"
    return f"date({col}, '-5 hours')"  # SQLite stores UTC text


def within_days(later, earlier, days):
    if connection.vendor == "postgresql":
        return f"{later} - {earlier} <= interval '{days} days'"
    return f"julianday({later}) - julianday({earlier}) <= {days}"


def test_complaints_received_matches_visible_complaints_filed_in_the_period(complaints):
    expected = sql_value(
        "SELECT COUNT(*) FROM environment_complaint WHERE NOT is_hidden "
        f"AND {local_day('created_at')} BETWEEN %s AND %s",
        [PLAN_START, TODAY],
    )
    assert expected == 6
    assert recalculated("environment.complaints_received") == expected


def test_complaints_resolved_in_30_days_matches_by_resolution_day(complaints):
    expected = sql_value(
        "SELECT COUNT(*) FROM environment_complaint WHERE NOT is_hidden AND status = %s "
        f"AND {local_day('resolved_at')} BETWEEN %s AND %s "
        f"AND {within_days('resolved_at', 'created_at', 30)}",
        [ReportStatus.RESOLVED, PLAN_START, TODAY],
    )
    assert expected == 2
    assert recalculated("environment.complaints_resolved_30d") == expected


# --- agroprices ----------------------------------------------------------------------------


def make_prices(citizen, technician):
    product, market = ProductFactory(), MarketFactory()
    farm_gate = price_type()

    def submit(day, price="4.00", **extra):
        data = {
            "product": product,
            "market": market,
            "unit": product.standard_unit,
            "price_type": farm_gate,
            "date": day,
            "price": Decimal(price),
            "collector": citizen,
        }
        data.update(extra)
        return price_services.observation_submit(**data)

    for day in (PLAN_START, date(2021, 11, 3), date(2022, 2, 14), TODAY):
        assert submit(day).status == PriceObservation.Status.VALIDATED
    submit(BEFORE)
    submit(AFTER)
    # A unit with no conversion for the product waits for staff: not published...
    waiting = submit(date(2022, 4, 4), unit=unit("kg"))
    assert waiting.status == PriceObservation.Status.PENDING
    # ...until validated; a rejected one never counts.
    validated = submit(date(2022, 4, 5), unit=unit("kg"))
    price_services.observation_validate(observation=validated, by=technician)
    rejected = submit(date(2022, 4, 6))
    price_services.observation_reject(observation=rejected, by=technician, reason="Error")


PUBLISHED_PRICES = (
    "SELECT COUNT(*) FROM agroprices_priceobservation WHERE status = %s AND date BETWEEN %s AND %s"
)


def test_observations_published_matches_validated_prices_in_the_period(citizen, technician):
    make_prices(citizen, technician)
    expected = sql_value(PUBLISHED_PRICES, [PriceObservation.Status.VALIDATED, PLAN_START, TODAY])
    assert expected == 5
    assert recalculated("agroprices.observations_published") == expected


def test_new_prices_reach_the_indicator_through_the_debounced_task_on_commit(
    citizen, technician, django_capture_on_commit_callbacks
):
    # The task counts up to the real today: the indicator's own window ends at TODAY.
    indicator = computed_indicator("agroprices.observations_published", counted_until=TODAY)
    commitment_tasks.recalculate_all.delay()
    indicator.refresh_from_db()
    assert indicator.current_value == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_prices(citizen, technician)
    indicator.refresh_from_db()
    expected = sql_value(PUBLISHED_PRICES, [PriceObservation.Status.VALIDATED, PLAN_START, TODAY])
    assert expected == 5
    assert indicator.current_value == expected
    assert indicator.current_as_of == TODAY


# --- forum ---------------------------------------------------------------------------------


@pytest.fixture
def sessions(technician):
    members = [MembershipFactory(joined_on=date(2020, 10, 15)) for _ in range(4)]
    present, absent, excused = (
        Attendance.Status.PRESENT,
        Attendance.Status.ABSENT,
        Attendance.Status.EXCUSED,
    )

    def session(moment, statuses):
        meeting = MeetingFactory(starts_at=moment, ends_at=moment + timedelta(hours=3))
        for member, status in zip(members, statuses, strict=False):
            forum_services.attendance_record(
                meeting=meeting, member=member, status=status, by=technician
            )
        return meeting

    session(local(date(2021, 8, 12)), [present, present, present, absent])  # 75 %
    session(local(date(2022, 1, 20)), [present, excused, absent])  # 33.3 %
    session(local(TODAY, 21), [present, present])  # late on the last day: 100 %
    session(local(date(2022, 3, 3)), [])  # no attendance taken: left out
    session(local(BEFORE, 18), [absent, absent, absent, absent])
    session(local(AFTER, 9), [absent])


def test_attendance_rate_matches_the_mean_of_each_session_share(sessions):
    expected = sql_value(
        "SELECT ROUND(AVG(share), 1) FROM ("
        "  SELECT 100.0 * COUNT(*) FILTER (WHERE a.status = %s) / COUNT(*) AS share"
        "  FROM forum_meeting m JOIN forum_attendance a ON a.meeting_id = m.id"
        f"  WHERE {local_day('m.starts_at')} BETWEEN %s AND %s"
        "  GROUP BY m.id) per_session",
        [Attendance.Status.PRESENT, PLAN_START, TODAY],
    )
    assert expected == Decimal("69.4")
    assert recalculated("forum.attendance_rate") == expected


def test_active_actors_matches_actors_in_the_forum_at_some_point_of_the_period():
    ActorFactory(joined_on=date(2020, 10, 15))  # a founder still in
    ActorFactory(joined_on=date(2020, 10, 15), withdrawn_on=date(2021, 12, 1))  # left midway
    ActorFactory(joined_on=TODAY)  # joined on the last day
    ActorFactory(joined_on=date(2020, 10, 15), withdrawn_on=date(2021, 3, 1))  # gone before
    ActorFactory(joined_on=AFTER)  # not yet
    ActorFactory(joined_on=None)  # invited, never joined
    expected = sql_value(
        "SELECT COUNT(*) FROM forum_actor WHERE joined_on <= %s "
        "AND (withdrawn_on IS NULL OR withdrawn_on > %s)",
        [TODAY, PLAN_START],
    )
    assert expected == 3
    assert recalculated("forum.active_actors") == expected


# --- proposals -----------------------------------------------------------------------------


def test_proposals_published_matches_public_proposals_received_in_the_period(moderator):
    consultation = ConsultationFactory(opens_on=date(2021, 1, 1), closes_on=date(2023, 1, 1))

    def received(moment):
        return ProposalFactory(
            consultation=consultation,
            created_at=moment,
            status=ProposalStatus.RECEIVED,
            published_at=None,
        )

    def moderate(proposal, to_status, **extra):
        return proposal_services.proposal_moderate(
            proposal=proposal, by=moderator, to_status=to_status, **extra
        )

    first = moderate(received(local(PLAN_START, 0, 30)), ProposalStatus.PUBLISHED)
    moderate(received(local(TODAY, 23, 50)), ProposalStatus.PUBLISHED)
    chosen = moderate(received(local(date(2021, 9, 9))), ProposalStatus.PUBLISHED)
    proposal_services.matrix_close(consultation=consultation, by=moderator)
    assert proposal_services.proposal_select(proposal=chosen, by=moderator).is_selected
    received(local(date(2021, 10, 1)))  # awaiting moderation
    moderate(received(local(date(2021, 10, 2))), ProposalStatus.REJECTED, reason="Fuera de tema")
    moderate(received(local(date(2021, 10, 3))), ProposalStatus.DUPLICATE, duplicate_of=first)
    moderate(received(local(BEFORE, 22)), ProposalStatus.PUBLISHED)
    moderate(received(local(AFTER, 8)), ProposalStatus.PUBLISHED)
    expected = sql_value(
        "SELECT COUNT(*) FROM proposals_proposal WHERE status IN (%s, %s) "
        f"AND {local_day('created_at')} BETWEEN %s AND %s",
        [ProposalStatus.PUBLISHED, ProposalStatus.SELECTED, PLAN_START, TODAY],
    )
    assert expected == 3
    assert recalculated("proposals.published") == expected


def test_hiding_a_complaint_moves_the_figures_through_the_debounced_task(
    moderator, django_capture_on_commit_callbacks
):
    """Moderation hides complaints from the figures, so hiding one must enqueue a run too."""
    received = computed_indicator("environment.complaints_received")
    resolved = computed_indicator("environment.complaints_resolved_30d")
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_complaint(date_observed=timezone.localdate() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        _resolve(complaint, moderator, at=timezone.now())
    received.refresh_from_db()
    resolved.refresh_from_db()
    assert (received.current_value, resolved.current_value) == (1, 1)

    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_hide(complaint=complaint, by=moderator, reason="Spam")
    received.refresh_from_db()
    resolved.refresh_from_db()
    assert (received.current_value, resolved.current_value) == (0, 0)


def test_attendance_rate_rounds_a_half_up_like_the_sql_and_the_other_figures(technician):
    members = [MembershipFactory(joined_on=date(2020, 10, 15)) for _ in range(8)]
    present, absent = Attendance.Status.PRESENT, Attendance.Status.ABSENT
    for day, attended in ((date(2021, 9, 2), 2), (date(2021, 10, 7), 5)):  # 50 % and 62.5 %
        meeting = MeetingFactory(starts_at=local(day), ends_at=local(day, 13))
        roll = members[:4] if attended == 2 else members
        for n, member in enumerate(roll):
            forum_services.attendance_record(
                meeting=meeting,
                member=member,
                status=present if n < attended else absent,
                by=technician,
            )
    expected = sql_value(
        "SELECT ROUND(AVG(share), 1) FROM ("
        "  SELECT 100.0 * COUNT(*) FILTER (WHERE status = %s) / COUNT(*) AS share"
        "  FROM forum_attendance GROUP BY meeting_id) per_session",
        [present],
    )
    assert expected == Decimal("56.3")  # 56.25, half up
    assert recalculated("forum.attendance_rate") == expected
