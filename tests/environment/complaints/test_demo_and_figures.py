import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import OutputWrapper

from core.registry import datasets, indicators, report_types
from core.reports import TRANSITIONS, ReportEvent, ReportStatus
from environment.complaints import demo
from environment.complaints.models import Complaint

from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Guayaquil")


def test_demo_loads_about_200_complaints_once_and_the_same_each_time():
    demo.load(OutputWrapper(io.StringIO()))
    first = list(Complaint.objects.order_by("tracking_code").values_list("tracking_code", "status"))
    events = ReportEvent.objects.count()
    demo.load(OutputWrapper(io.StringIO()))
    assert Complaint.objects.count() == len(first) == demo.COUNT + demo.CURRENT_COUNT
    history = Complaint.objects.filter(created_at__date__lte=demo.END)
    assert history.count() == demo.COUNT
    assert ReportEvent.objects.count() == events
    Complaint.objects.all().delete()
    ReportEvent.objects.all().delete()
    demo.load(OutputWrapper(io.StringIO()))
    again = list(Complaint.objects.order_by("tracking_code").values_list("tracking_code", "status"))
    assert again == first


def test_demo_covers_every_category_and_timelines_follow_the_status_machine():
    demo.load(OutputWrapper(io.StringIO()))
    assert set(Complaint.objects.values_list("category", flat=True)) == {
        t.value for t in report_types if t.model == "environment.Complaint"
    }
    assert Complaint.objects.values("parish").distinct().count() >= 10
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {ReportStatus.RESOLVED, ReportStatus.REJECTED, ReportStatus.IN_PROGRESS} <= statuses
    content_type = ContentType.objects.get_for_model(Complaint)
    for complaint in Complaint.objects.all()[:200]:
        history = list(
            ReportEvent.objects.filter(content_type=content_type, object_id=complaint.pk)
        )
        assert history[0].kind == "filed"
        assert history[-1].to_status == complaint.status
        for before, after in zip(history, history[1:], strict=False):
            assert ReportStatus(after.to_status) in TRANSITIONS[ReportStatus(before.to_status)]
            assert before.created_at <= after.created_at
        assert history[0].created_at == complaint.created_at
        assert complaint.date_observed <= complaint.created_at.astimezone(TZ).date()
    spread = Complaint.objects.filter(created_at__date__lte=demo.END).dates("created_at", "month")
    assert len(spread) == 12


def test_the_demo_s_current_complaints_are_dated_back_from_the_load_day():
    from django.utils import timezone

    demo.load(OutputWrapper(io.StringIO()))
    now = timezone.now()
    recent = Complaint.objects.filter(created_at__gte=now - timedelta(days=demo.CURRENT_DAYS + 1))
    assert recent.count() == demo.CURRENT_COUNT
    assert not Complaint.objects.filter(created_at__gt=now).exists()
    content_type = ContentType.objects.get_for_model(Complaint)
    assert not ReportEvent.objects.filter(content_type=content_type, created_at__gt=now).exists()
    assert not Complaint.objects.filter(resolved_at__gt=now).exists()
    last_30 = recent.filter(created_at__date__gte=timezone.localdate() - timedelta(days=29))
    assert last_30.exists()


def _complaint(filed: datetime, resolved: datetime | None = None, **extra):
    complaint = ComplaintFactory(date_observed=filed.date() - timedelta(days=1), **extra)
    status = ReportStatus.RESOLVED if resolved else ReportStatus.RECEIVED
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=filed, resolved_at=resolved, status=status
    )
    return complaint


def at(y, m, d):
    return datetime(y, m, d, 10, tzinfo=TZ)


def test_complaints_resolved_within_30_days_counts_by_resolution_date():
    figure = indicators.get("environment.complaints_resolved_30d")
    _complaint(at(2022, 3, 1), at(2022, 3, 20))  # 19 days, resolved in March: counts
    _complaint(
        at(2022, 2, 20),
        at(
            2022,
            3,
            21,
        ),
    )  # 29 days: counts
    _complaint(at(2022, 1, 1), at(2022, 3, 5))  # 63 days: too slow
    _complaint(at(2022, 3, 25), at(2022, 4, 2))  # resolved in April: outside the period
    _complaint(at(2022, 3, 3))  # still open
    _complaint(at(2022, 3, 1), at(2022, 3, 2), is_hidden=True)  # moderated away
    assert figure.value(date(2022, 3, 1), date(2022, 3, 31)) == 2
    assert figure.value(date(2022, 4, 1), date(2022, 4, 30)) == 1


def test_complaints_received_counts_by_filing_day_inclusive():
    figure = indicators.get("environment.complaints_received")
    _complaint(at(2022, 5, 1))
    _complaint(datetime(2022, 5, 31, 23, 30, tzinfo=TZ))  # late evening, still May in Ecuador
    _complaint(at(2022, 6, 1))
    assert figure.value(date(2022, 5, 1), date(2022, 5, 31)) == 2


def test_a_status_change_announces_that_environment_figures_moved(
    technician, django_capture_on_commit_callbacks
):
    from core.signals import data_changed
    from environment.complaints import services

    from .factories import file_complaint

    heard = []

    def listener(sender, **kwargs):
        heard.append(sender)

    data_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            complaint = file_complaint()
        with django_capture_on_commit_callbacks(execute=True):
            services.complaint_transition(
                complaint=complaint, to_status="en_revision", by=technician
            )
    finally:
        data_changed.disconnect(listener)
    assert heard.count("environment") == 2


def test_the_complaints_dataset_is_registered():
    assert "environment.complaints" in datasets
    assert datasets.get("environment.complaints").url_name == "environment:complaint-export"


def test_the_database_refuses_an_observation_date_after_filing():
    from django.db import IntegrityError, transaction

    complaint = ComplaintFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(date_observed=date(2999, 1, 1))


def test_the_database_refuses_a_resolved_complaint_without_its_date():
    from django.db import IntegrityError, transaction

    complaint = ComplaintFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(status=ReportStatus.RESOLVED)


def test_the_demo_s_referred_complaints_carry_their_referral_records(admin_client):
    from core.casework import Referral

    demo.load(OutputWrapper(io.StringIO()))
    content_type = ContentType.objects.get_for_model(Complaint)
    referred = Complaint.objects.filter(
        pk__in=ReportEvent.objects.filter(
            content_type=content_type, to_status=ReportStatus.REFERRED
        ).values("object_id")
    )
    referrals = Referral.objects.filter(content_type=content_type).select_related("institution")
    assert referred.count() >= 10 and referrals.count() >= referred.count()
    by_complaint = {r.object_id: r for r in referrals}
    for complaint in referred:
        referral = by_complaint[complaint.pk]
        assert referral.institution.name == complaint.assigned_institution
        assert not referral.with_contact and referral.institution.email.endswith("@ejemplo.ec")
        assert bool(referral.answer) == (complaint.status == ReportStatus.RESOLVED)
    page = admin_client.get(f"/admin/environment/complaint/{referred.first().pk}/change/")
    assert "Derivaciones" in page.content.decode()
