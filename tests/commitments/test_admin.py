from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import IndicatorValue, Milestone, ProgressChange
from commitments.resources import IndicatorValueResource, MilestoneResource

from .factories import IndicatorFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _dataset(resource, header, rows):
    import tablib

    return tablib.Dataset(*rows, headers=header)


def test_staff_change_in_the_admin_is_recorded_and_recomputes(staff_client, technician):
    milestone = MilestoneFactory(progress=10)
    MilestoneFactory(commitment=milestone.commitment, progress=0)
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "commitment": milestone.commitment_id,
            "progress": "60",
            "progress_note": "Talleres en 3 de 5 parroquias",
            "start_date": "2021-11-01",
            "end_date": "2022-06-30",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = ProgressChange.objects.get()
    assert (change.old_progress, change.new_progress, change.changed_by) == (10, 60, technician)
    assert change.note == "Talleres en 3 de 5 parroquias"
    milestone.commitment.refresh_from_db()
    assert milestone.commitment.progress == Decimal("30.00")
    # ... and the public page shows it in the history, without the official's email
    staff_client.logout()
    html = staff_client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert f"«{milestone.title}»: de 10 % a 60 %" in html
    assert "Talleres en 3 de 5 parroquias" in html
    assert technician.email not in html
    assert f"({technician.get_username()})" not in html  # the team answers, not an account


def _inline_data(commitment, milestone, **changes):
    """The commitment's admin form as posted: its fields, one milestone row, no indicator."""
    data = {
        "plan": commitment.plan_id,
        "number": commitment.number,
        "title": commitment.title,
        "status": commitment.status,
        "lead_institution": commitment.lead_institution,
        "start_date": commitment.start_date.isoformat(),
        "end_date": commitment.end_date.isoformat(),
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "1",
        "milestones-0-id": milestone.pk,
        "milestones-0-commitment": commitment.pk,
        "milestones-0-order": milestone.order,
        "milestones-0-title": milestone.title,
        "milestones-0-start_date": milestone.start_date.isoformat(),
        "milestones-0-end_date": milestone.end_date.isoformat(),
        "milestones-0-weight": str(milestone.weight),
        "milestones-0-progress": str(milestone.progress),
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
    }
    data.update({f"milestones-0-{k}": v for k, v in changes.items()})
    return data


def _commitment_form_data(staff_client, commitment):
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    return url, data


def test_the_commitment_page_lists_its_milestones_and_edits_progress_with_a_note(staff_client):
    milestone = MilestoneFactory(progress=20)
    commitment = milestone.commitment
    url, data = _commitment_form_data(staff_client, commitment)
    html = staff_client.get(url).content.decode()
    assert milestone.title in html and "Nota pública del avance" in html
    data.update(_inline_data(commitment, milestone, progress="50", progress_note="Vivero listo"))
    data.update({k: v for k, v in _commitment_form_data(staff_client, commitment)[1].items()})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    change = ProgressChange.objects.get()
    assert (change.old_progress, change.new_progress, change.note) == (20, 50, "Vivero listo")
    commitment.refresh_from_db()
    assert commitment.progress == Decimal("50.00")


def test_a_progress_change_without_a_public_note_is_refused_and_nothing_is_saved(staff_client):
    milestone = MilestoneFactory(progress=20)
    commitment = milestone.commitment
    url, data = _commitment_form_data(staff_client, commitment)
    data.update(_inline_data(commitment, milestone, progress="50", progress_note="  "))
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Escriba una nota pública que explique el cambio de avance." in (
        response.content.decode()
    )
    milestone.refresh_from_db()
    assert milestone.progress == 20 and not ProgressChange.objects.exists()


def test_the_admin_form_refuses_progress_above_100(staff_client):
    milestone = MilestoneFactory(progress=10)
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    response = staff_client.post(
        url,
        {
            "commitment": milestone.commitment_id,
            "title": "x",
            "order": 1,
            "weight": "1",
            "progress": "120",
            "status": "ongoing",
            "start_date": "2021-11-01",
            "end_date": "2022-06-30",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "El avance debe ser un porcentaje entre 0 y 100." in response.content.decode()
    assert not ProgressChange.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "forum_member"])
def test_non_staff_cannot_open_the_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:commitments_milestone_changelist"))
    assert response.status_code == 302


HEADER = [
    "id",
    "commitment",
    "order",
    "title",
    "weight",
    "start_date",
    "end_date",
    "status",
    "progress",
]


def test_milestone_import_writes_history_and_recomputes(technician):
    milestone = MilestoneFactory(progress=10)
    c = milestone.commitment_id
    rows = [
        (milestone.pk, c, 1, milestone.title, "1", "2021-11-01", "2022-06-30", "ongoing", "50"),
        ("", c, 2, "Hito importado", "3", "2021-12-01", "2022-06-30", "ongoing", "100"),
    ]
    result = MilestoneResource().import_data(
        _dataset(MilestoneResource, HEADER, rows), dry_run=False, user=technician
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Milestone.objects.count() == 2
    changes = ProgressChange.objects.order_by("new_progress")
    assert [(ch.old_progress, ch.new_progress) for ch in changes] == [(10, 50), (0, 100)]
    assert changes[0].changed_by == technician
    milestone.commitment.refresh_from_db()
    assert milestone.commitment.progress == Decimal("87.50")


def test_a_bad_milestone_row_is_reported_and_nothing_is_saved(technician):
    milestone = MilestoneFactory(progress=10)
    c = milestone.commitment_id
    rows = [
        (milestone.pk, c, 1, milestone.title, "1", "2021-11-01", "2022-06-30", "ongoing", "50"),
        ("", c, 2, "Peso cero", "0", "2021-12-01", "2022-06-30", "ongoing", "150"),
    ]
    result = MilestoneResource().import_data(
        _dataset(MilestoneResource, HEADER, rows), dry_run=False, user=technician
    )
    assert result.has_validation_errors()
    invalid = result.invalid_rows[0]
    assert invalid.number == 2
    messages = str(invalid.error_dict)
    assert "El peso debe ser un número positivo." in messages
    assert "El avance debe ser un porcentaje entre 0 y 100." in messages
    milestone.refresh_from_db()
    assert milestone.progress == 10
    assert Milestone.objects.count() == 1
    assert not ProgressChange.objects.exists()


def test_indicator_values_import_refuses_dates_outside_the_plan():
    indicator = IndicatorFactory()
    rows = [(indicator.pk, "2022-01-15", "10", ""), (indicator.pk, "2030-01-01", "20", "")]
    result = IndicatorValueResource().import_data(
        _dataset(IndicatorValueResource, ["indicator", "date", "value", "note"], rows),
        dry_run=False,
    )
    assert result.has_validation_errors()
    assert "fuera del periodo del plan" in str(result.invalid_rows[0].error_dict)
    assert not IndicatorValue.objects.exists()


def test_indicator_values_import_updates_the_current_value():
    indicator = IndicatorFactory()
    rows = [(indicator.pk, "2022-01-15", "10", ""), (indicator.pk, "2022-05-01", "20", "")]
    result = IndicatorValueResource().import_data(
        _dataset(IndicatorValueResource, ["indicator", "date", "value", "note"], rows),
        dry_run=False,
    )
    assert not result.has_validation_errors() and not result.has_errors()
    indicator.refresh_from_db()
    assert indicator.current_value == 20


def test_the_admin_import_page_previews_row_errors(staff_client):
    milestone = MilestoneFactory()
    csv = (
        ",".join(HEADER)
        + "\n"
        + f",{milestone.commitment_id},2,Malo,1,2021-12-01,2022-06-30,ongoing,101\n"
    ).encode()
    response = staff_client.post(
        reverse("admin:commitments_milestone_import"),
        {
            "format": "0",
            "import_file": SimpleUploadedFile("hitos.csv", csv, "text/csv"),
            "resource": "0",
        },
    )
    assert response.status_code == 200
    assert "El avance debe ser un porcentaje entre 0 y 100." in response.content.decode()
    assert Milestone.objects.count() == 1


@pytest.mark.parametrize(
    "model",
    [
        "actionplan",
        "commitment",
        "milestone",
        "progresschange",
        "evidence",
        "assessment",
        "indicator",
        "indicatorvalue",
        "snapshot",
    ],
)
def test_every_admin_screen_opens_for_staff(admin_client, model):
    MilestoneFactory()
    assert admin_client.get(reverse(f"admin:commitments_{model}_changelist")).status_code == 200
    if model not in ("progresschange", "snapshot"):
        assert admin_client.get(reverse(f"admin:commitments_{model}_add")).status_code == 200


def test_the_indicator_admin_offers_the_registered_figures(admin_client, fixed_indicator):
    html = admin_client.get(reverse("admin:commitments_indicator_add")).content.decode()
    assert 'value="tests.fixed"' in html
