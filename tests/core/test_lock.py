"""The pinned installs cover what pyproject.toml asks for (`make lock` after a change)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _names(requirements):
    return {
        re.split(r"[\[<>=!~; ]", r.strip(), maxsplit=1)[0].lower().replace("_", "-")
        for r in requirements
    }


def _locked(path):
    return {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / path).read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }


def test_every_dependency_in_pyproject_is_pinned_in_the_locks():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    runtime = _names(project["dependencies"]) | _names(extras.get("deploy", []))
    everything = runtime | _names(extras.get("dev", [])) | _names(extras.get("browser", []))
    assert runtime - _locked("requirements.lock") == set(), "run `make lock`"
    assert everything - _locked("requirements-dev.lock") == set(), "run `make lock`"
