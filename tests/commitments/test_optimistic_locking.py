"""Two people edit the same milestone or commitment in the admin: the later save of a form
opened before the first save is refused with a clear message, and nothing is overwritten."""

import pytest
from django.test import Client
from django.urls import reverse

from commitments.models import Commitment, Milestone

from .factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

STALE = "Otra persona guardó cambios en este registro mientras usted lo editaba"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def form_data(client, url):
    """What the browser would send back: every field as rendered, with the inline forms."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = field.widget.format_value(value) if hasattr(value, "isoformat") else value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_a_stale_milestone_form_is_refused_and_the_other_change_is_kept(technician, administrator):
    milestone = MilestoneFactory(title="Hito original")
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    ana, bea = signed_in(technician), signed_in(administrator)
    ana_form, bea_form = form_data(ana, url), form_data(bea, url)
    assert ana_form["lock_version"] == bea_form["lock_version"] == 0

    response = bea.post(url, {**bea_form, "title": "Hito corregido por Bea"})
    assert response.status_code == 302

    response = ana.post(url, {**ana_form, "title": "Hito cambiado por Ana", "progress": "90"})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Hito corregido por Bea"
    assert milestone.progress == 0  # Ana's progress was not written either

    # Reopened, Ana's form carries the current version and saves.
    response = ana.post(url, {**form_data(ana, url), "title": "Hito cambiado por Ana"})
    assert response.status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).title == "Hito cambiado por Ana"


def test_a_stale_commitment_form_is_refused_and_the_other_change_is_kept(technician, administrator):
    commitment = CommitmentFactory(title="Compromiso original")
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    ana, bea = signed_in(technician), signed_in(administrator)
    ana_form, bea_form = form_data(ana, url), form_data(bea, url)

    assert bea.post(url, {**bea_form, "title": "Versión de Bea"}).status_code == 302
    response = ana.post(url, {**ana_form, "title": "Versión de Ana"})
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).title == "Versión de Bea"


def test_a_progress_change_from_the_api_also_makes_an_open_admin_form_stale(
    technician, administrator
):
    from commitments import services

    milestone = MilestoneFactory(progress=10)
    url = reverse("admin:commitments_milestone_change", args=[milestone.pk])
    ana = signed_in(technician)
    ana_form = form_data(ana, url)
    services.milestone_set_progress(milestone=milestone, progress=40, by=administrator)

    response = ana.post(url, {**ana_form, "progress": "20"})
    assert STALE in response.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).progress == 40
