"""The onboarding tour through the real engine: steps, buttons, typed moves and resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.console.session import ConsoleSession
from bot import Bot
from bot.answering.deciding import Engine
from bot.kb import loader
from bot.kb.base import KnowledgeBase
from bot.message import ConversationKey, Message, MessageKind
from bot.onboarding.progress import MemoryTourProgress, conversation_user_key, user_key
from bot.reply import Reply, ReplyKind, Visibility
from bot.store.onboarding import StoredTourProgress
from bot.store.recorder import Recorder
from bot.store.sqlite import SqliteStore
from tests.knowledge_builder import write_knowledge
from tests.store.conftest import rows

ALICE = ConversationKey("slack", "D1", "", "U0ALICE")
BOB = ConversationKey("slack", "D2", "", "U0BOB")


def say(engine: Engine, text: str, key: ConversationKey = ALICE) -> Reply:
    return engine.handle(Message(text, key))


def command(engine: Engine, text: str, key: ConversationKey = ALICE) -> Reply:
    return engine.handle(Message(text, key, MessageKind.COMMAND))


def labels(reply: Reply) -> list[str]:
    return [s.label for s in reply.suggestions]


def click(engine: Engine, reply: Reply, label: str, key: ConversationKey = ALICE) -> Reply:
    """What a platform does with a button: sends its query as the next turn."""
    (query,) = [s.query for s in reply.suggestions if s.label == label]
    return say(engine, query, key)


def test_a_full_tour_with_the_buttons(engine: Engine, shipped: KnowledgeBase) -> None:
    total = len(shipped.tour)
    reply = command(engine, "tour")
    seen = [reply.title]
    assert labels(reply)[:2] == ["Next", "Stop"]  # no Back on the first step
    while "Next" in labels(reply):
        reply = click(engine, reply, "Next")
        seen.append(reply.title)
    assert seen == [
        f"Tour {n}/{total}: {step.title}" for n, step in enumerate(shipped.tour.values(), 1)
    ]
    assert labels(reply) == ["Back", "Finish"]
    assert reply.kind is ReplyKind.TOUR
    back = click(engine, reply, "Back")
    assert back.title.startswith(f"Tour {total - 1}/{total}")
    last = click(engine, back, "Next")
    done = click(engine, last, "Finish")
    assert done.title == "That's the tour"
    assert [s.query for s in done.suggestions] == [f"onboard {r}" for r in shipped.roles]
    # Finished: a plain "next" is a question again, not a tour move.
    assert say(engine, "next").kind is not ReplyKind.TOUR


def test_each_step_shows_its_generated_section(engine: Engine, shipped: KnowledgeBase) -> None:
    steps = {step.show: step for step in shipped.tour.values()}
    bodies = {}
    reply = command(engine, "tour")
    for step in shipped.tour.values():
        bodies[step.show] = reply.body
        reply = say(engine, "next")
    for role in shipped.roles.values():
        assert f"**{role.name}:** {role.summary}" in bodies["roles"]
        assert f"**{role.name}:** {role.factors.tools}" in bodies["tools"]
    assert "**Deployment:** ML engineer, helped by MLOps engineer" in bodies["ownership"]
    assert "containerisation" in bodies["ownership"]  # parts of deployment, folded in
    assert "- `/roles onboard <role>`" in bodies["asking"]  # as typed on Alice's platform
    assert all(example in bodies["asking"] for example in steps["asking"].examples)
    assert "has not listed its own channels" in bodies["team"]  # no overlay: how to add one


def test_typed_moves_work_only_while_a_tour_is_under_way(engine: Engine) -> None:
    assert say(engine, "next").kind is ReplyKind.DECLINE
    assert say(engine, "tour").title.startswith("Tour 1/")
    assert say(engine, "Next!").title.startswith("Tour 2/")
    assert say(engine, "go back").title.startswith("Tour 1/")
    assert say(engine, "continue").title.startswith("Tour 2/")
    stopped = say(engine, "stop the tour")
    assert stopped.title == "Tour stopped"
    assert "step 2 of" in stopped.body
    assert say(engine, "stop").kind is ReplyKind.DECLINE
    # Other people's turns are untouched by Alice's tour.
    say(engine, "tour")
    assert say(engine, "next", BOB).kind is ReplyKind.DECLINE


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("tour next", "Tour 1/"),  # a stale Next with no tour under way starts one
        ("tour back", "Tour 1/"),
        ("tour stop", "No tour under way"),
        ("tour start", "Tour 1/"),
    ],
    ids=["next", "back", "stop", "start"],
)
def test_moves_without_a_tour(engine: Engine, text: str, title: str) -> None:
    assert command(engine, text).title.startswith(title)
    assert say(engine, text, BOB).title.startswith(title)  # typed as chat, as clicks arrive


def test_tour_resumes_where_the_user_left_off(engine: Engine) -> None:
    command(engine, "tour")
    say(engine, "next")
    say(engine, "next")
    say(engine, "who owns deployment?")  # a question in between keeps the position
    resumed = command(engine, "tour")
    assert resumed.title.startswith("Tour 3/")
    assert resumed.body.startswith("Welcome back")
    assert command(engine, "tour start").title.startswith("Tour 1/")


def test_a_tour_step_is_private_and_never_a_miss(engine: Engine) -> None:
    reply = command(engine, "tour")
    assert reply.visibility is Visibility.PRIVATE
    assert not reply.fallback
    assert (reply.provenance.intent, reply.provenance.entry) == ("tour", "roles")


def test_an_unknown_tour_move_gets_the_usage_line(engine: Engine) -> None:
    reply = engine.handle(Message("tour sideways", ConversationKey("slack"), MessageKind.COMMAND))
    assert reply.kind is ReplyKind.USAGE
    assert "`/roles tour [next|back|stop]`" in reply.body


def test_the_console_moves_the_tour_with_typed_words(shipped: KnowledgeBase) -> None:
    session = ConsoleSession(Bot(shipped))
    assert session.turn("/tour").title.startswith("Tour 1/")
    assert session.turn("next").title.startswith("Tour 2/")
    assert session.turn("1").title.startswith("Tour 1/")  # suggestion 1 on step 2 is Back
    assert session.turn("back").title.startswith("Tour 1/")
    assert session.turn("stop").title == "Tour stopped"


def test_asking_step_offers_its_examples_as_buttons(engine: Engine, shipped: KnowledgeBase) -> None:
    reply = command(engine, "tour")
    while reply.provenance.entry != "asking":
        reply = say(engine, "next")
    examples = shipped.tour["asking"].examples
    assert labels(reply)[3:] == list(examples[:2])
    for example in examples:  # every example the tour suggests gets a real answer
        answer = say(engine, example, ConversationKey("test", example))
        assert answer.kind is ReplyKind.ANSWER, example


def test_the_welcome_starts_the_tour(engine: Engine) -> None:
    welcome = engine.welcome("slack")
    assert welcome.title == "Welcome!"
    assert "`/roles onboard ds`" in welcome.body
    assert click(engine, welcome, "Start the tour").title.startswith("Tour 1/")


def open_engine(base: KnowledgeBase, db: Path) -> tuple[Engine, Recorder]:
    """An engine whose tour positions live in the store at `db`, as a fresh process builds it."""
    recorder = Recorder(lambda: SqliteStore(db))
    return Engine(base, progress=StoredTourProgress(recorder, lambda: SqliteStore(db))), recorder


def test_a_tour_resumes_after_a_restart(shipped: KnowledgeBase, tmp_path: Path) -> None:
    db = tmp_path / "state" / "rolebot.sqlite3"
    engine, recorder = open_engine(shipped, db)
    command(engine, "tour")
    say(engine, "next")
    assert say(engine, "next").title.startswith("Tour 3/")
    say(engine, "tour", BOB)
    say(engine, "stop", BOB)
    assert recorder.close()

    engine, recorder = open_engine(shipped, db)  # a new process: nothing in memory
    assert say(engine, "next").title.startswith("Tour 4/")  # the store says Alice is touring
    assert say(engine, "next", BOB).kind is ReplyKind.DECLINE  # Bob stopped his
    assert say(engine, "back").title.startswith("Tour 3/")
    assert recorder.close()

    engine, recorder = open_engine(shipped, db)
    resumed = command(engine, "tour")
    assert resumed.title.startswith("Tour 3/") and resumed.body.startswith("Welcome back")
    assert recorder.close()


def test_stored_progress_keys_hold_no_raw_user_ids(shipped: KnowledgeBase, tmp_path: Path) -> None:
    db = tmp_path / "rolebot.sqlite3"
    engine, recorder = open_engine(shipped, db)
    command(engine, "tour")
    assert recorder.close()
    ((key, step),) = rows(db, "SELECT user_key, step FROM tour_progress")
    assert (key, step) == (user_key("slack", "U0ALICE"), 0)
    assert "U0ALICE" not in str(rows(db, "SELECT * FROM tour_progress"))
    assert key == conversation_user_key(ALICE)


def test_a_shared_conversation_without_a_user_falls_back_to_the_channel() -> None:
    thread = ConversationKey("slack", "C1", "1700.1")
    assert conversation_user_key(thread) != conversation_user_key(ConversationKey("slack", "C1"))
    assert conversation_user_key(thread) != user_key("slack", "C1")


def test_a_tour_that_lost_steps_resumes_at_its_last_step(tmp_path: Path) -> None:
    base = loader.load([write_knowledge(tmp_path)], include_shipped=False)
    progress = MemoryTourProgress()
    progress.set(conversation_user_key(ALICE), 40)  # saved when the tour was longer
    engine = Engine(base, progress=progress)
    assert command(engine, "tour").title == f"Tour {len(base.tour)}/{len(base.tour)}: Where to go"


def test_knowledge_without_a_tour_says_so(tmp_path: Path) -> None:
    directory = write_knowledge(tmp_path)
    (directory / "tour.yaml").unlink()
    engine = Engine(loader.load([directory], include_shipped=False))
    reply = command(engine, "tour")
    assert (reply.kind, reply.title) == (ReplyKind.TOUR, "No tour yet")
    assert engine.welcome("console").suggestions == ()


@pytest.mark.parametrize(
    ("text", "welcomed"),
    [
        ("I'm new here", True),
        ("hi, I just joined the team", True),
        ("onboarding", True),
        ("help me get started", True),
        ("new tools for data engineers", False),
        ("what's new", False),
        ("who joined the data tables", False),
    ],
    ids=["new-here", "just-joined", "onboarding", "get-started", "new-tools", "whats-new", "join"],
)
def test_a_newcomer_saying_hello_gets_the_welcome(
    engine: Engine, text: str, welcomed: bool
) -> None:
    reply = say(engine, text)
    assert (reply.provenance.intent == "welcome") is welcomed, reply.title
    if welcomed:
        assert labels(reply) == ["Start the tour"] and reply.question == text
