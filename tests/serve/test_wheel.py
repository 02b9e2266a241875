"""The Docker image's steps without Docker: build the wheel, install only it in a fresh virtual
environment outside the repository (both with constraints.txt, as the image does), and run
rolebot from another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.serve.conftest import SlowSlack
from tests.serve.process import serve_environment, start
from tests.test_constraints import read_pins

pytestmark = pytest.mark.wheel
REPO = Path(__file__).resolve().parents[2]
INSTALL_SECONDS = 600
CONSTRAINTS = REPO / "constraints.txt"


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rolebot's wheel, built from the repository."""
    dist = tmp_path_factory.mktemp("dist")
    # As the Dockerfile builds it: the build backend pinned whichever pip this is.
    pinned = {"PIP_CONSTRAINT": str(CONSTRAINTS), "PIP_BUILD_CONSTRAINT": str(CONSTRAINTS)}
    command = (sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, REPO)
    run(*command, cwd=dist, env={**os.environ, **pinned})
    [built] = dist.glob("rolebot-*.whl")
    return built


def test_the_wheel_installs_no_other_top_level_names(wheel: Path) -> None:
    """`bot`, `adapters` and `knowledge` are generic names (an ML library is called `adapters`):
    the README installs rolebot in an environment of its own, and the wheel adds nothing more
    (the repository's `testkit`, `tests` and `bench` stay out of it)."""
    with zipfile.ZipFile(wheel) as archive:
        top = {name.split("/")[0] for name in archive.namelist()}
    assert {name for name in top if not name.endswith(".dist-info")} == {
        "bot",
        "adapters",
        "knowledge",
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """The bin folder of a fresh virtual environment holding rolebot's wheel and nothing else."""
    root = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    bin_dir = root / "venv" / "bin"
    pip = (bin_dir / "python", "-m", "pip")
    run(*pip, "install", "--quiet", "--constraint", CONSTRAINTS, wheel, cwd=root)
    return bin_dir


def test_the_constraints_pin_everything_the_wheel_installs(installed: Path, wheel: Path) -> None:
    """Nothing the image would install floats: every package in the fresh environment is in
    constraints.txt at that version (a new dependency's own dependencies included)."""
    frozen = run(
        installed / "python", "-m", "pip", "freeze", "--exclude", "rolebot", cwd=wheel.parent
    )
    listing = wheel.parent / "installed.txt"
    listing.write_text(frozen, encoding="utf-8")
    installed_pins, pinned = read_pins(listing), read_pins(CONSTRAINTS)
    assert installed_pins, "pip freeze listed nothing"
    assert {name: pinned.get(name) for name in installed_pins} == installed_pins


def test_the_wheel_was_built_by_the_pinned_backend(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/WHEEL")]
        generator = archive.read(metadata).decode()
    assert f"Generator: hatchling {read_pins(CONSTRAINTS)['hatchling']}\n" in generator


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder with no rolebot source in reach."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def clean_env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "ROLEBOT_CACHE_DIR": "off"}


def test_the_installed_package_is_the_wheel_not_the_source_tree(
    installed: Path, elsewhere: Path
) -> None:
    where = run(
        installed / "python",
        "-c",
        "import bot, adapters, bot.kb.loader as l; print(bot.__file__); print(l.SHIPPED_KNOWLEDGE)",
        cwd=elsewhere,
        env=clean_env(elsewhere),
    ).splitlines()
    venv = installed.parent
    assert all(Path(line).is_relative_to(venv) for line in where), where
    assert (Path(where[1]) / "roles.yaml").is_file(), "the knowledge ships inside the wheel"


def test_validate_and_ask_from_another_folder(installed: Path, elsewhere: Path) -> None:
    env = clean_env(elsewhere)
    assert run(installed / "rolebot", "validate", cwd=elsewhere, env=env).startswith("ok: ")
    answer = json.loads(
        run(installed / "rolebot", "ask", "--json", "who owns deployment?", cwd=elsewhere, env=env)
    )
    assert (answer["intent"], answer["fallback"]) == ("stage_owner", False)


async def test_serve_and_its_health_check_from_the_wheel(
    installed: Path, elsewhere: Path, fake_slack: SlowSlack
) -> None:
    knowledge = elsewhere / "knowledge"  # as in the image: a team volume, here left empty
    knowledge.mkdir()
    (elsewhere / "data").mkdir()  # as in the image: the store's volume
    env = {
        **serve_environment(elsewhere, fake_slack),
        "ROLEBOT_KNOWLEDGE": str(knowledge),
        "ROLEBOT_DB": str(elsewhere / "data" / "rolebot.sqlite3"),
        "ROLEBOT_CACHE_DIR": str(elsewhere / "cache"),
    }
    served = await start(env, command=[str(installed / "rolebot")], cwd=elsewhere)
    try:
        port = served.url.rsplit(":", 1)[1]
        health = subprocess.run(
            [installed / "rolebot", "health"],
            env={**clean_env(elsewhere), "ROLEBOT_PORT": port},
            cwd=elsewhere,
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        code = await served.stop()
    assert health.returncode == 0, health.stdout + health.stderr
    assert json.loads(health.stdout)["status"] == "ready"
    assert code == 0


def test_the_embedding_table_ships_in_the_wheel(installed: Path, elsewhere: Path) -> None:
    from bot.semantic import StaticEmbedder

    table, shape = run(
        installed / "python",
        "-c",
        "from bot.semantic import DEFAULT_TABLE, StaticEmbedder; print(DEFAULT_TABLE); "
        "print(StaticEmbedder.load().encode(['who monitors models']).shape)",
        cwd=elsewhere,
        env=clean_env(elsewhere),
    ).splitlines()
    assert Path(table).is_relative_to(installed.parent)
    assert shape == str((1, StaticEmbedder.load().dim))
