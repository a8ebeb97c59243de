"""Schemathesis over every operation of the API's own OpenAPI schema, against a live server:
anonymous and as staff (HTTP Basic). Zero 5xx and zero responses that contradict the schema.

Run by CI (marker `fuzz`, MINGA_FUZZ=1 as .ci/run sets on PostgreSQL); bounded by examples
per operation and a fixed seed so a failure reproduces. The CLI runs in a subprocess, as an
outside client would call the API.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.agroprices.factories import ObservationFactory
from tests.environment.complaints.factories import ComplaintFactory
from tests.environment.factories import SeedlingRequestFactory
from tests.forum.factories import MeetingFactory
from tests.roads.factories import InterventionFactory

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

CLI = Path(sys.executable).with_name("schemathesis")
CHECKS = "not_a_server_error,response_schema_conformance"


def _fuzz(url, *extra):
    command = [
        str(CLI),
        "run",
        f"{url}/api/v1/schema/",
        "--checks",
        CHECKS,
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        "3",
        "--seed",
        "2026",
        "--generation-allow-x00",
        "true",
        "--request-timeout",
        "30",
        "--no-color",
        *extra,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


@pytest.fixture
def some_rows(db):
    """A few rows of each kind, one complaint without location (its fields read as null)."""
    ComplaintFactory.create_batch(2)
    ComplaintFactory(latitude=None, longitude=None, parish=None)
    InterventionFactory.create_batch(2)
    SeedlingRequestFactory()
    MeetingFactory()
    ObservationFactory.create_batch(2)


@pytest.mark.skipif(
    not (os.environ.get("MINGA_FUZZ") and CLI.exists()), reason="MINGA_FUZZ=1 runs it (CI)"
)
@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_every_operation_answers_without_5xx_and_as_its_schema_says(
    live_server, some_rows, django_user_model, who
):
    extra = []
    if who == "staff":
        user = django_user_model.objects.create_user(
            "fuzz-staff", "fuzz@example.org", "fuzz-Clave-2026", is_staff=True, is_superuser=True
        )
        extra = ["--auth", f"{user.username}:fuzz-Clave-2026"]
    result = _fuzz(live_server.url, *extra)
    start = result.stdout.find("FAILURES")
    report = result.stdout[max(start, 0) :][:12000] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "No issues found" in result.stdout or "passed" in result.stdout, report
