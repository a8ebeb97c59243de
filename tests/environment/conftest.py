import pytest

from .factories import NurseryFactory, SpeciesFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def laurel(db):
    return SpeciesFactory(scientific_name="Cordia alliodora", common_name="Laurel")


@pytest.fixture
def guayacan(db):
    return SpeciesFactory(
        scientific_name="Handroanthus chrysanthus", common_name="Guayacán", family="Bignoniaceae"
    )


@pytest.fixture
def nursery(db):
    return NurseryFactory(code="VIV-LDA", name="Vivero Luz de América")
