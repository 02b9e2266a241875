"""Hot reload in the core: all new knowledge or none, memory carried over, broken edits refused."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bot import Bot
from bot.conversation.context import Context, knows
from bot.conversation.memory import ConversationMemory
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled, load_compiled
from bot.message import ConversationKey, Message
from tests.serve.team import BROKEN_LINE, QUESTION, write_team

KEY = ConversationKey("test", "C1", "", "U1")


def ask(live: Bot, text: str) -> str:
    return live.respond(Message(text, KEY)).reply.body


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return tmp_path / "team"


def compiled(team: Path, answer: str) -> Compiled:
    write_team(team, answer)
    return load_compiled([team])


def test_a_good_edit_is_served_after_the_swap(team: Path) -> None:
    live = Bot(compiled(team, "Version one."))
    assert ask(live, QUESTION) == "Version one."
    forgotten = live.swap(compiled(team, "Version two."))
    assert ask(live, QUESTION) == "Version two."
    assert forgotten == 0


def test_a_broken_edit_is_refused_with_file_and_line_and_the_old_knowledge_serves(
    team: Path,
) -> None:
    live = Bot(compiled(team, "Version one."))
    before = live.knowledge
    path = write_team(team, "Version two.", broken=True)
    result = live.reload(lambda: load_compiled([team]))
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        f"{path}:{BROKEN_LINE}: roles: role 'no-such-role' is unknown"
    ]
    assert live.knowledge is before
    assert ask(live, QUESTION) == "Version one."


def test_errors_other_than_knowledge_problems_propagate_and_keep_the_old_engine(
    team: Path,
) -> None:
    live = Bot(compiled(team, "Version one."))

    def fails() -> Compiled:
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        live.reload(fails)
    assert ask(live, QUESTION) == "Version one."


def test_conversation_memory_survives_a_reload(team: Path) -> None:
    live = Bot(compiled(team, "Version one."))
    first = live.respond(Message("who owns deployment?", KEY)).reply
    live.swap(compiled(team, "Version two."))
    follow_up = live.respond(Message("and monitoring?", KEY)).reply
    assert first.provenance.intent == follow_up.provenance.intent == "stage_owner"
    assert "monitoring" in follow_up.title.casefold()


def test_contexts_naming_what_the_new_knowledge_lacks_are_forgotten(
    team: Path, shipped: KnowledgeBase
) -> None:
    base = shipped
    assert knows(base, Context(roles=("data-scientist",), stage="deployment"))
    assert not knows(base, Context(roles=("data-scientist", "astronaut")))
    assert not knows(base, Context(stage="launch"))
    assert not knows(base, Context(tool="abacus"))
    memory = ConversationMemory()
    memory.put(KEY, Context(roles=("astronaut",)))
    memory.put(ConversationKey("test", "C2"), Context(roles=("data-scientist",)))
    live = Bot(shipped, memory=memory)
    assert live.swap(compiled(team, "Version two.")) == 1
    assert len(memory) == 1


def test_every_answer_comes_from_one_knowledge_while_swapping(team: Path) -> None:
    """Threads answer while another thread swaps back and forth: each reply is whole."""
    versions = [compiled(team, f"Version {n}.") for n in range(2)]
    live = Bot(versions[0])
    wanted = {"Version 0.", "Version 1."}
    seen: set[str] = set()
    stop = threading.Event()
    failures: list[str] = []

    def answer() -> None:
        while not stop.is_set():
            reply = live.respond(Message(QUESTION, KEY)).reply
            seen.add(reply.body)
            if reply.body not in wanted or reply.provenance.entry != "coffee-machine":
                failures.append(reply.body)

    workers = [threading.Thread(target=answer) for _ in range(4)]
    for worker in workers:
        worker.start()
    for n in range(200):
        live.swap(versions[n % 2])
        time.sleep(0.001)  # let the answering threads run between swaps
    stop.set()
    for worker in workers:
        worker.join()
    assert failures == []
    assert seen == wanted
