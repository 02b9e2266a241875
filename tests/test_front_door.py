"""The front door: one `Bot` answers, tells its observers, and never lets an observer break it."""

from __future__ import annotations

import logging

import pytest

from bot import Bot
from bot.core import Event, FeedbackGiven, TurnAnswered
from bot.feedback import Feedback
from bot.kb.compiled import Compiled
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message
from bot.reply import Label, ReplyKind

KEY = ConversationKey("test", "C1", "", "U1")


def test_each_turn_is_one_event_with_the_reply_and_its_answer_id(core: Bot) -> None:
    heard: list[Event] = []
    core.observe(heard.append)
    answered = core.respond(Message("who owns deployment?", KEY))
    unshown = core.respond(Message("what's the weather on mars?", KEY), addressed=False)
    assert [type(e) for e in heard] == [TurnAnswered, TurnAnswered]
    first, second = heard
    assert isinstance(first, TurnAnswered) and isinstance(second, TurnAnswered)
    assert (first.reply, first.answer_id, first.shown) == (answered.reply, answered.answer_id, True)
    assert first.reply.provenance.intent is Label.STAGE_OWNER
    assert (second.reply.kind, second.shown) == (ReplyKind.DECLINE, False)
    assert second.answer_id == unshown.answer_id != answered.answer_id
    assert core.in_flight == 0


def test_a_failing_observer_costs_nothing_but_a_log_line(
    core: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_: Event) -> None:
        raise RuntimeError("the store is on fire")

    heard: list[Event] = []
    core.observe(broken)
    core.observe(heard.append)
    with caplog.at_level(logging.ERROR, logger="bot.front"):
        answered = core.respond(Message("who owns deployment?", KEY))
    assert answered.reply.kind is ReplyKind.ANSWER
    assert len(heard) == 1  # the observers after the broken one still hear the turn
    assert "an observer failed on TurnAnswered" in caplog.text


def test_feedback_reaches_the_observers_only_with_an_answer_id_rolebot_made(core: Bot) -> None:
    heard: list[Event] = []
    core.observe(heard.append)
    answer_id = core.respond(Message("who owns deployment?", KEY)).answer_id
    core.record_feedback(answer_id, "U1", Feedback.HELPFUL, "test")
    core.record_feedback("not-an-id", "U1", Feedback.HELPFUL, "test")
    assert heard[1:] == [FeedbackGiven(answer_id, "U1", Feedback.HELPFUL, "test")]


def test_a_newcomer_is_welcomed_once(core: Bot) -> None:
    first = core.welcome("slack", "U0NEW")
    assert first is not None and first.provenance.intent is Label.WELCOME
    assert core.welcome("slack", "U0NEW") is None
    assert core.welcome("discord", "U0NEW") is not None  # another platform, another person


def test_names_come_from_the_knowledge_serving_now(core: Bot, twins: Compiled) -> None:
    found = core.recognise("mle", EntityKind.ROLE)
    assert found is not None and found.id == "ml-engineer"
    core.swap(twins)
    assert core.recognise("mle", EntityKind.ROLE) is None
    assert {ref.id for ref in core.names(EntityKind.ROLE)} == set(twins.base.roles)
