"""The admin's django-import-export resources follow the same rules as the async imports."""

from decimal import Decimal

import pytest
import tablib

from roads.models import Branch, Intervention
from roads.resources import BranchResource, InterventionResource

from .factories import BranchFactory

pytestmark = pytest.mark.django_db


def test_the_branch_resource_reads_decimal_commas_and_sets_the_canton():
    data = tablib.Dataset(headers=["codigo", "nombre", "parroquia", "zona", "extension_km"])
    data.append(
        ["LCN017", "Vía Atahualpa - Las Amazonas - La Florida", "LCN", "parroquias", "16,00"]
    )
    result = BranchResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    branch = Branch.objects.get(code="LCN017")
    assert branch.length_km == Decimal("16.00") and branch.canton.code == "SDT-LC"


def test_the_branch_resource_refuses_a_zero_length_and_saves_nothing():
    data = tablib.Dataset(headers=["codigo", "nombre", "parroquia", "zona", "extension_km"])
    data.append(["LCN020", "Buena", "LCN", "parroquias", "3,0"])
    data.append(["LCN021", "Mala", "LCN", "parroquias", "0,0"])
    result = BranchResource().import_data(data, dry_run=False, use_transactions=True)
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2]
    assert not Branch.objects.exists()


def test_the_intervention_resource_refuses_km_above_the_branch_length():
    BranchFactory(code="MTR330", length_km=Decimal("2.00"))
    headers = ["codigo", "fecha_inicio", "fecha_fin", "tipo", "km_trabajados"]
    data = tablib.Dataset(headers=headers)
    data.append(["MTR330", "2021-01-01", "2021-01-09", "rutinario", "1,5"])
    data.append(["MTR330", "2021-02-01", "2021-02-09", "rutinario", "2,5"])
    result = InterventionResource().import_data(data, dry_run=False, use_transactions=True)
    assert result.has_validation_errors() or result.has_errors()
    assert not Intervention.objects.exists()


def test_the_intervention_resource_moves_the_last_maintenance_year():
    BranchFactory(code="MTR331", length_km=Decimal("5.00"), inventory_maintenance_year=2001)
    headers = ["codigo", "fecha_inicio", "fecha_fin", "tipo", "km_trabajados"]
    data = tablib.Dataset(headers=headers)
    data.append(["MTR331", "2022-03-01", "2022-03-09", "periodico", "4,25"])
    result = InterventionResource().import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Branch.objects.get(code="MTR331").last_maintenance_year == 2022
