"""constraints.txt pins what the Docker image installs: every dependency pyproject.toml names, and
the build backend, at one exact version each that pyproject.toml allows.

(tests/serve/test_wheel.py installs the wheel with it and checks nothing installed is unpinned.)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
BUILD = [Requirement(text) for text in PYPROJECT["build-system"]["requires"]]


def read_pins(path: Path) -> dict[str, Version]:
    """Each pinned package (by canonical name) and its version; fails on a line that is not a
    single ``name==version`` pin, or a package pinned twice."""
    pins: dict[str, Version] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        [specifier] = requirement.specifier
        assert specifier.operator == "==", f"{path.name}:{number}: not an exact pin: {line}"
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{path.name}:{number}: {name} pinned twice"
        pins[name] = Version(specifier.version)
    return pins


PINS = read_pins(REPO / "constraints.txt")


@pytest.mark.parametrize(
    "requirement",
    RUNTIME + BUILD,
    ids=[r.name for r in RUNTIME] + [f"build:{r.name}" for r in BUILD],
)
def test_every_requirement_is_pinned_at_a_version_pyproject_allows(
    requirement: Requirement,
) -> None:
    name = canonicalize_name(requirement.name)
    assert name in PINS, f"{requirement.name} is not in constraints.txt: run `make constraints`"
    assert requirement.specifier.contains(PINS[name], prereleases=True), (
        f"constraints.txt pins {name}=={PINS[name]}, outside {requirement}: run `make constraints`"
    )


def test_both_stages_of_the_image_install_with_the_constraints() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    builder, runtime = dockerfile.split("\nFROM ")[1:]
    assert "PIP_BUILD_CONSTRAINT=/src/constraints.txt" in builder
    assert "PIP_CONSTRAINT=/src/constraints.txt" in builder
    assert "pip install --constraint /tmp/wheels/constraints.txt /tmp/wheels/*.whl" in runtime
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "!constraints.txt" in ignored, "the build context must hold constraints.txt"
