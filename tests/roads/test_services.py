from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from core import report_services
from core.reports import ReportStatus
from roads import services
from roads.models import Branch, Intervention, RoadReport

from .factories import BranchFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def record(branch, **extra):
    fields = {
        "branch": branch,
        "start_date": date(2021, 6, 1),
        "end_date": date(2021, 6, 30),
        "km_worked": Decimal("3.50"),
    }
    return services.intervention_record(**{**fields, **extra})


def test_recording_an_intervention_moves_the_last_maintenance_year():
    branch = BranchFactory(inventory_maintenance_year=2012)
    record(branch)
    assert Branch.objects.get(pk=branch.pk).last_maintenance_year == 2021
    record(branch, start_date=date(2019, 1, 1), end_date=date(2019, 1, 5))
    assert Branch.objects.get(pk=branch.pk).last_maintenance_year == 2021


def test_a_branch_without_interventions_keeps_its_inventory_year():
    branch = BranchFactory(inventory_maintenance_year=2012)
    services.refresh_last_maintenance([branch.pk])
    assert Branch.objects.get(pk=branch.pk).last_maintenance_year == 2012


def test_km_worked_above_the_branch_length_is_refused_with_a_spanish_message():
    branch = BranchFactory(code="MTR777", length_km=Decimal("2.00"))
    with pytest.raises(ValidationError) as info:
        record(branch, km_worked=Decimal("2.50"))
    assert "MTR777" in info.value.message_dict["km_worked"][0]
    assert not Intervention.objects.exists()


def test_an_intervention_ending_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        record(BranchFactory(), start_date=tomorrow, end_date=tomorrow)
    assert "end_date" in info.value.message_dict


def test_intervention_photos_are_stored_without_exif(jpeg_with_exif, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    intervention = record(BranchFactory(), photo_before=jpeg_with_exif)
    with Image.open(intervention.photo_before.path) as image:
        assert not image.getexif()


def test_recording_announces_that_roads_data_changed(django_capture_on_commit_callbacks):
    from core.signals import data_changed

    seen = []

    def listener(sender, **kwargs):
        seen.append(sender)

    data_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            record(BranchFactory())
    finally:
        data_changed.disconnect(listener)
    assert "roads" in seen


def file_report(branch=None):
    return report_services.report_file(
        model=RoadReport,
        fields={
            "kind": "bache",
            "severity": 3,
            "branch": branch,
            "parish": branch.parish if branch else None,
            "description": "Bache grande frente a la escuela",
            "reporter_email": "vecina@example.org",
        },
    )


def test_a_road_report_is_resolved_by_linking_the_intervention(technician):
    branch = BranchFactory()
    report = file_report(branch)
    for status in (ReportStatus.IN_REVIEW, ReportStatus.IN_PROGRESS):
        report = report_services.report_transition(report=report, to_status=status, by=technician)
    intervention = InterventionFactory(branch=branch)
    report = services.report_resolve_with(report=report, intervention=intervention, by=technician)
    assert report.status == ReportStatus.RESOLVED
    assert report.resolved_by == intervention
    assert report.events.filter(to_status=ReportStatus.RESOLVED).exists()


def test_a_report_cannot_be_resolved_by_another_branchs_intervention(technician):
    report = file_report(BranchFactory())
    other = InterventionFactory()
    with pytest.raises(ValidationError):
        services.report_resolve_with(report=report, intervention=other, by=technician)


def test_a_freshly_received_report_cannot_jump_to_resolved(technician):
    branch = BranchFactory()
    report = file_report(branch)
    with pytest.raises(ValidationError):
        services.report_resolve_with(
            report=report, intervention=InterventionFactory(branch=branch), by=technician
        )
    assert RoadReport.objects.get(pk=report.pk).resolved_by is None


def test_the_later_of_inventory_and_recorded_maintenance_wins_and_deletion_rolls_back():
    branch = BranchFactory(inventory_maintenance_year=2018)
    old = record(branch, start_date=date(2015, 3, 1), end_date=date(2015, 3, 9))
    assert Branch.objects.get(pk=branch.pk).last_maintenance_year == 2018
    new = record(branch)
    assert Branch.objects.get(pk=branch.pk).last_maintenance_year == 2021
    services.intervention_delete(interventions=Intervention.objects.filter(pk=new.pk))
    assert Branch.objects.get(pk=branch.pk).last_maintenance_year == 2018
    assert Intervention.objects.filter(pk=old.pk).exists()


def test_moving_an_intervention_to_another_branch_updates_both_years():
    first, second = BranchFactory(), BranchFactory()
    intervention = record(first)
    intervention.branch = second
    services.intervention_update(intervention=intervention)
    assert Branch.objects.get(pk=first.pk).last_maintenance_year is None
    assert Branch.objects.get(pk=second.pk).last_maintenance_year == 2021
