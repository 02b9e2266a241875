"""A team's own contacts: in answers, the tour and checklists; validated with file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.answering.deciding import Engine
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.kb.problems import KnowledgeError
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message, MessageKind
from tests.knowledge_builder import TEAM, write_knowledge

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "team-overlay"
KEY = ConversationKey("test", "channel", "", "user")


@pytest.fixture(scope="module")
def with_example() -> Engine:
    """The shipped knowledge with the documented example overlay on top."""
    return Engine(loader.load([EXAMPLE]))


def ask(engine: Engine, text: str) -> str:
    return engine.handle(Message(text, KEY)).body


def test_who_owns_deployment_names_the_role_and_the_team_contact(with_example: Engine) -> None:
    body = ask(with_example, "Who owns deployment?")
    assert "**Owner:** ML engineer." in body
    assert "**On the Fraud ML team:** #ml-platform, ask @alice." in body


def test_a_narrower_stage_uses_its_broader_stage_contact(with_example: Engine) -> None:
    body = ask(with_example, "who owns containerisation?")
    assert "**On the Fraud ML team (deployment as a whole):** #ml-platform, ask @alice." in body


def test_stages_without_a_contact_answer_as_before(with_example: Engine, engine: Engine) -> None:
    assert ask(with_example, "who owns eda?") == ask(engine, "who owns eda?")


def test_the_role_overview_shows_the_role_contact(with_example: Engine) -> None:
    assert "**On the Fraud ML team:** #fraud-ds, ask @priya." in ask(with_example, "role ds")


def test_the_last_tour_step_lists_the_contacts(with_example: Engine) -> None:
    message = Message("tour", KEY, MessageKind.COMMAND)
    reply = with_example.handle(message)
    while reply.provenance.entry != "team":
        reply = with_example.handle(Message("next", KEY))
    assert "**On the Fraud ML team:**" in reply.body
    lines = [line for line in reply.body.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- **Problem framing:** #fraud-ml-requests, ask @priya.")
    assert "- **Maintenance and monitoring:** #ml-alerts, ask @alice or @ben." in reply.body
    assert lines[-1] == "- **ML engineer:** #fraud-ml-eng, ask @alice."  # roles after stages


def test_the_checklist_lists_the_contacts_for_the_role(with_example: Engine) -> None:
    body = with_example.handle(Message("onboard mle", KEY, MessageKind.COMMAND)).body
    assert "- **Fellow ML engineers:** #fraud-ml-eng, ask @alice." in body
    assert "- **Deployment:** #ml-platform, ask @alice." in body
    assert "- **Data scientists:** #fraud-ds, ask @priya." in body  # a peer role's contact


def test_the_welcome_names_the_team(with_example: Engine) -> None:
    assert with_example.welcome("discord").title == "Welcome to the Fraud ML team!"


def test_the_example_overlay_validates() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "validate", "--knowledge", str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "team 'the Fraud ML team' with 7 contacts" in result.stdout


def with_team(directory: Path, team: str = TEAM) -> Path:
    """A valid test knowledge directory plus a team overlay file."""
    write_knowledge(directory)
    (directory / "team.yaml").write_text(team, encoding="utf-8")
    return directory


def problems(tmp_path: Path, team: str) -> list[str]:
    directory = with_team(tmp_path / "kb", team)
    with pytest.raises(KnowledgeError) as caught:
        loader.load([directory], include_shipped=False)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("team", "expected"),
    [
        (
            TEAM.replace("stage: shipping", "stage: deploying"),
            "team.yaml:4: stage: stage 'deploying' is unknown",
        ),
        (
            TEAM.replace("role: analyst", "role: astronaut"),
            "team.yaml:8: role: role 'astronaut' is unknown",
        ),
        (
            TEAM.replace("    - role: analyst\n", "    - role: analyst\n      stage: shipping\n"),
            "team.yaml:8: team.contacts.1: Value error, a contact names exactly one of stage or "
            "role",
        ),
        (
            TEAM.replace('      people: ["@bob", "@carol"]\n', ""),
            "team.yaml:8: team.contacts.1: Value error, a contact needs a channel or people",
        ),
        (
            TEAM.replace("role: analyst", "stage: shipping"),
            "team.yaml:8: duplicate contact for stage 'shipping' (first at",
        ),
        (TEAM.replace("  name: the test team\n", ""), "team.yaml:2: missing field 'name'"),
    ],
    ids=["unknown-stage", "unknown-role", "stage-and-role", "nowhere-to-go", "duplicate", "name"],
)
def test_a_broken_overlay_is_reported_by_file_and_line(
    tmp_path: Path, team: str, expected: str
) -> None:
    found = problems(tmp_path, team)
    assert any(expected in problem for problem in found), found
    assert all("team.yaml:" in problem for problem in found)


def test_a_later_layer_replaces_a_contact_and_the_team_name(tmp_path: Path) -> None:
    first = with_team(tmp_path / "first")
    second = tmp_path / "second"
    second.mkdir()
    (second / "team.yaml").write_text(
        'team:\n  name: the new team\n  contacts:\n    - stage: shipping\n      channel: "#new"\n',
        encoding="utf-8",
    )
    base = loader.load([first, second], include_shipped=False)
    assert base.team_name == "the new team"
    shipping = base.contact(EntityKind.STAGE, "shipping")
    assert shipping is not None and shipping.channel == "#new"
    assert base.contact(EntityKind.ROLE, "analyst") is not None  # kept from the first layer


def test_knowledge_without_an_overlay_has_no_contacts(shipped: KnowledgeBase) -> None:
    assert shipped.team_name is None and not shipped.contacts


def test_a_team_rewords_a_tour_step_in_place_and_adds_its_own(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    (team / "tour.yaml").write_text(
        "tour:\n"
        "  - id: roles\n    title: Our roles\n    text: How we split the work.\n    show: roles\n"
        "  - id: rituals\n    title: Our week\n    text: Stand-up is at 9:30.\n    show: none\n",
        encoding="utf-8",
    )
    base = loader.load([team])
    assert next(iter(base.tour)) == "roles" and base.tour["roles"].title == "Our roles"
    assert list(base.tour)[-1] == "rituals"
    engine = Engine(base)
    first = engine.handle(Message("tour", KEY, MessageKind.COMMAND))
    assert first.title == f"Tour 1/{len(base.tour)}: Our roles"
