"""Hostile knowledge files are refused with `file:line: message`, cheaply, on every surface:
`rolebot validate`, `rolebot ask --knowledge`, and a reload while serving (the old knowledge
keeps answering). How long each takes is measured by bench/hostile_knowledge.py."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader
from bot import Bot
from bot.kb import loader
from bot.kb.compiled import Compiled, load_compiled
from bot.kb.problems import KnowledgeError
from bot.message import ConversationKey, Message
from tests.hostile_knowledge import CATALOGUE, IDS, Hostile, plant, rolebot
from tests.serve.team import QUESTION, write_team

EXTRA_MEMORY_KB = 50 * 1024  # what refusing one hostile file may cost over a sound one


@pytest.fixture(scope="module")
def sound_validate_rss(tmp_path_factory: pytest.TempPathFactory) -> int:
    """Peak memory of `rolebot validate` on a sound one-file directory: the baseline."""
    team = tmp_path_factory.mktemp("sound")
    write_team(team, "A sound answer.")
    run = rolebot("validate", str(team))
    assert run.code == 0, run.out + run.err
    return run.max_rss_kb


@pytest.mark.parametrize("hostile", CATALOGUE, ids=IDS)
def test_validate_reports_the_file_and_line_within_bounded_memory(
    tmp_path: Path, hostile: Hostile, sound_validate_rss: int
) -> None:
    path = plant(tmp_path / "team", hostile)
    run = rolebot("validate", str(tmp_path / "team"))
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith(hostile.expected(path)), run.err[-2000:]
    assert run.err.count("\n") == hostile.problems
    assert run.max_rss_kb - sound_validate_rss < EXTRA_MEMORY_KB


@pytest.mark.parametrize(
    "hostile", [h for h in CATALOGUE if h.name != "directory"], ids=lambda h: h.name
)
def test_validate_names_a_hostile_file_given_on_its_own(tmp_path: Path, hostile: Hostile) -> None:
    path = plant(tmp_path, hostile)
    run = rolebot("validate", str(path))
    assert (run.code, run.out) == (1, "")
    assert run.err.startswith(hostile.expected(path)), run.err[-2000:]
    assert run.err.count("\n") == hostile.problems


def test_ask_with_hostile_team_knowledge_reports_every_file_and_answers_nothing(
    tmp_path: Path,
) -> None:
    planted = {hostile: plant(tmp_path / hostile.name, hostile) for hostile in CATALOGUE}
    knowledge = [
        arg for hostile in CATALOGUE for arg in ("--knowledge", str(tmp_path / hostile.name))
    ]
    run = rolebot("ask", *knowledge, "who owns deployment?")
    assert (run.code, run.out) == (1, "")
    assert "Traceback" not in run.err
    lines = run.err.splitlines()
    for hostile, path in planted.items():
        assert any(line.startswith(hostile.expected(path)) for line in lines), hostile.name
    assert len(lines) == sum(hostile.problems for hostile in CATALOGUE)


def test_a_directory_named_like_a_knowledge_file_is_reported_even_with_a_current_cache(
    tmp_path: Path,
) -> None:
    team = tmp_path / "team"
    write_team(team, "Cached.")
    load_compiled([team], tmp_path / "cache")
    (team / "more.yaml").mkdir()
    with pytest.raises(KnowledgeError) as caught:
        load_compiled([team], tmp_path / "cache")
    assert [str(p) for p in caught.value.problems] == [
        f"{team / 'more.yaml'}:1: a directory, not a knowledge file (rename it or move it away)"
    ]


@pytest.mark.parametrize("hostile", CATALOGUE, ids=IDS)
async def test_a_hostile_reload_is_refused_by_line_and_the_old_knowledge_serves(
    tmp_path: Path, hostile: Hostile, caplog: pytest.LogCaptureFixture
) -> None:
    team = tmp_path / "team"
    write_team(team, "Version one.")

    def load() -> Compiled:
        return load_compiled([team])

    reloader = Reloader(Bot(load()), load, Metrics())
    path = plant(team, hostile)
    with caplog.at_level(logging.ERROR):
        assert not await reloader.reload("test")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors[0].startswith(hostile.expected(path)), errors
    assert errors[hostile.problems :] == [
        f"knowledge not reloaded: {hostile.problems} problem(s); the old knowledge keeps serving"
    ]
    answered = reloader.bot.respond(Message(QUESTION, ConversationKey("t")))
    assert answered.reply.body == "Version one."


def test_a_file_wrong_throughout_shows_its_first_problems_and_a_count(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text("faq:\n" + "  - 1\n" * 500, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        loader.load_files([path])
    shown = [str(p) for p in caught.value.problems]
    assert shown[0] == f"{path}:1: {500 - loader.MAX_SHOWN_PER_FILE} more problems not shown"
    assert len(shown) == loader.MAX_SHOWN_PER_FILE + 1
    assert (
        shown[1] == f"{path}:2: faq.0: Input should be a valid dictionary or instance of FaqEntry"
    )


def test_aliases_within_the_bounds_still_load(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    entry = (
        "  - id: {id}\n"
        "    title: Where is the {thing}?\n"
        "    phrasings: [where is the {thing}, {thing} link, team {thing}, find the {thing}]\n"
        "    answer: {answer}\n"
    )
    path.write_text(
        "faq:\n"
        + entry.format(id="wiki", thing="wiki", answer="&where On the intranet.")
        + entry.format(id="board", thing="board", answer="*where"),
        encoding="utf-8",
    )
    base = loader.load_files([path])
    assert base.faq["board"].answer == base.faq["wiki"].answer == "On the intranet."
