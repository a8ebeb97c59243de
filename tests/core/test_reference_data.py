import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core import roles
from core.models import Canton, Community, Parish, PlanningZone


@pytest.mark.django_db
def test_territory_of_the_province_is_loaded():
    assert set(Canton.objects.values_list("name", flat=True)) == {"Santo Domingo", "La Concordia"}
    assert Parish.objects.get(code="MTR").canton.name == "La Concordia"
    assert Community.objects.count() == 8
    assert Community.objects.filter(name="Otongo Mapalí").exists()
    assert PlanningZone.objects.count() == 4
    assert not Parish.objects.filter(planning_zones=None).exists()


@pytest.mark.django_db
def test_the_five_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)


@pytest.mark.django_db
def test_technicians_may_manage_the_apps_but_not_users():
    tech = Group.objects.get(name=roles.TECHNICIAN)
    codenames = set(tech.permissions.values_list("codename", flat=True))
    assert "change_parish" in codenames
    assert "change_user" not in codenames


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    call_command("load_demo")
    first = Parish.objects.count()
    call_command("load_demo")
    assert Parish.objects.count() == first


@pytest.mark.django_db
def test_ensure_admin_prints_a_password_that_works(client, capsys):
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("contraseña «")[1].split("»")[0]
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
