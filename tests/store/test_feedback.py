"""The feedback buttons the core offers, what each records, and turns nobody put to rolebot."""

from __future__ import annotations

import pytest

from adapters.feedback import offered
from bot import Bot
from bot.feedback import Feedback
from bot.message import ConversationKey, Message
from bot.reply import ReplyKind
from bot.store.recording import Recording
from tests.store.conftest import CLARIFIED, CONFIDENT, DECLINED, Backend

KEY = ConversationKey("slack", "C1", "1700000000.000100")


@pytest.mark.parametrize(
    ("kind", "choices"),
    [
        (ReplyKind.ANSWER, (Feedback.HELPFUL, Feedback.NOT_HELPFUL)),
        (ReplyKind.CLARIFY, (Feedback.NONE_OF_THESE,)),
        (ReplyKind.DECLINE, ()),
        (ReplyKind.HELP, ()),
        (ReplyKind.USAGE, ()),
        (ReplyKind.TOUR, ()),
    ],
    ids=lambda v: v.value if isinstance(v, ReplyKind) else None,
)
def test_only_answers_and_clarifications_invite_feedback(
    kind: ReplyKind, choices: tuple[Feedback, ...]
) -> None:
    assert offered(kind) == choices


@pytest.mark.parametrize("choice", list(Feedback), ids=lambda f: f.value)
def test_each_choice_records_the_verdict_of_its_code(
    bot: Bot, recorded: Recording, backend: Backend, choice: Feedback
) -> None:
    answer_id = bot.respond(Message(CONFIDENT, KEY)).answer_id
    bot.record_feedback(answer_id, "U1", choice, "slack")
    assert recorded.recorder.flush(timeout=10)
    assert backend.rows("SELECT verdict FROM votes") == [(choice.value,)]
    assert Feedback.from_code(choice.value) is choice


def test_a_code_rolebot_never_made_is_no_choice() -> None:
    assert Feedback.from_code("maybe") is None
    assert Feedback.from_code("") is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [(CONFIDENT, [("answer",)]), (DECLINED, []), (CLARIFIED, [])],
    ids=["answer", "decline", "clarify"],
)
def test_an_unaddressed_turn_is_recorded_only_when_answered(
    bot: Bot, recorded: Recording, backend: Backend, text: str, kept: list[tuple[str]]
) -> None:
    bot.respond(Message(text, KEY), addressed=False)
    assert recorded.recorder.flush(timeout=10)
    assert backend.rows("SELECT kind FROM answers") == kept
    assert backend.rows("SELECT COUNT(*) FROM misses") == [(0,)]
