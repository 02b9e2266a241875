"""Feedback buttons on Slack: rendered on answers and clarifications, clicked through signed
block_actions payloads against the real Bolt app, recorded in the SQLite store."""

from __future__ import annotations

import logging

import pytest

from adapters.feedback import THANKS
from adapters.slack_app.render import render
from bot import Bot
from bot.core import is_answer_id, new_answer_id
from bot.kb.compiled import Compiled
from bot.reply import Label, Provenance, Reply, ReplyKind, Suggestion
from bot.store.recording import pseudonym
from testkit.fake_slack import Call, FakeSlack
from testkit.slack_harness import (
    ASKER,
    SlackRequests,
    channel_message,
    direct_message,
    mention,
    vote_click,
)
from tests.recording import Recording
from tests.slack.conftest import Connect
from tests.store.conftest import CLARIFIED, CONFIDENT, DECLINED

VOTES = "SELECT answer_id, voter, platform, verdict FROM votes"


@pytest.fixture
def twins_bot(twins: Compiled) -> Bot:
    """A fresh bot on the small knowledge with near-twin entries."""
    return Bot(twins)


@pytest.fixture
async def slack(connect: Connect, twins_bot: Bot) -> SlackRequests:
    """Slack's side of a rolebot answering from the small knowledge, recording."""
    return await connect(twins_bot)


def _reply(kind: ReplyKind) -> Reply:
    return Reply(kind, "Title", "Body.", Provenance(Label.FAQ), suggestions=(Suggestion("A", "a"),))


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        (ReplyKind.ANSWER, ["Helpful", "Not helpful"]),
        (ReplyKind.CLARIFY, ["None of these"]),
        (ReplyKind.DECLINE, []),
        (ReplyKind.HELP, []),
        (ReplyKind.USAGE, []),
        (ReplyKind.TOUR, []),
    ],
    ids=lambda v: v.value if isinstance(v, ReplyKind) else None,
)
def test_answers_and_clarifications_carry_vote_buttons(kind: ReplyKind, labels: list[str]) -> None:
    answer_id = new_answer_id()
    [message] = render(_reply(kind), answer_id=answer_id)
    votes = Call("chat.postMessage", message.to_dict()).votes
    assert [b["text"]["text"] for b in votes] == labels
    assert all(b["value"] == answer_id for b in votes)
    assert all(b["action_id"].startswith("rolebot:vote:") for b in votes)


def test_without_an_answer_id_there_are_no_vote_buttons() -> None:
    [message] = render(_reply(ReplyKind.ANSWER))
    call = Call("chat.postMessage", message.to_dict())
    assert call.votes == [] and len(call.suggestions) == 1


async def _answer(slack: SlackRequests, fake_slack: FakeSlack, question: str) -> Call:
    before = len(fake_slack.posts)
    await slack.event(mention(question))
    return (await fake_slack.wait_for_posts(before + 1))[before]


async def test_a_vote_is_recorded_once_and_a_second_click_changes_it(
    slack: SlackRequests, fake_slack: FakeSlack, recording: Recording
) -> None:
    answer = await _answer(slack, fake_slack, CONFIDENT)
    helpful, not_helpful = answer.votes
    answer_id = helpful["value"]
    assert is_answer_id(answer_id) and not_helpful["value"] == answer_id
    assert recording.rows("SELECT answer_id, kind FROM answers") == [(answer_id, "answer")]

    status, _ = await slack.action(vote_click(helpful, fake_slack.response_url("vote")))
    assert status == 200
    thanks = (await fake_slack.wait_for_posts(2))[1]
    assert thanks.method == "response_url:vote"
    assert thanks.args["response_type"] == "ephemeral"
    assert thanks.args["replace_original"] is False
    assert thanks.visible_text().startswith(THANKS)
    voter = pseudonym("slack", ASKER, answer_id)  # no user id is stored
    assert recording.rows(VOTES) == [(answer_id, voter, "slack", "helpful")]

    await slack.action(vote_click(not_helpful, fake_slack.response_url("again")))
    await fake_slack.wait_for_posts(3)
    assert recording.rows(VOTES) == [(answer_id, voter, "slack", "not_helpful")]


async def test_a_vote_in_a_thread_is_thanked_there_privately(
    slack: SlackRequests, fake_slack: FakeSlack, recording: Recording
) -> None:
    asked = mention(CONFIDENT)
    await slack.event(asked)
    [answer] = await fake_slack.wait_for_posts(1)
    thread = asked["event"]["ts"]
    helpful = answer.votes[0]
    await slack.action(vote_click(helpful, fake_slack.response_url("unused"), thread_ts=thread))
    thanks = (await fake_slack.wait_for_posts(2))[1]
    assert thanks.method == "chat.postEphemeral"
    assert (thanks.args["thread_ts"], thanks.args["user"]) == (thread, ASKER)
    assert thanks.visible_text().startswith(THANKS)
    assert recording.rows("SELECT verdict FROM votes") == [("helpful",)]


async def test_none_of_these_counts_as_a_miss_in_the_report(
    slack: SlackRequests, fake_slack: FakeSlack, recording: Recording, twins: Compiled
) -> None:
    clarification = await _answer(slack, fake_slack, CLARIFIED)
    assert clarification.headers == ["Which one did you mean?"]
    [none_of_these] = clarification.votes
    assert none_of_these["text"]["text"] == "None of these"

    await slack.action(vote_click(none_of_these, fake_slack.response_url("none")))
    await fake_slack.wait_for_posts(2)
    report = recording.report(twins)
    assert report.none_of_these == 1
    [missed] = report.unanswered
    assert (missed.question, missed.clarified, missed.none_of_these) == (CLARIFIED, 1, 1)


@pytest.mark.parametrize("question", [DECLINED, "help"], ids=["decline", "help"])
async def test_declines_and_help_carry_no_vote_buttons(
    slack: SlackRequests, fake_slack: FakeSlack, question: str
) -> None:
    reply = await _answer(slack, fake_slack, question)
    assert reply.votes == []
    assert all(not b["action_id"].startswith("rolebot:vote:") for b in reply.buttons)


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("rolebot:vote:helpful", "'; DROP TABLE votes; --"),
        ("rolebot:vote:helpful", ""),
        ("rolebot:vote:helpful", "0123456789ABCDEF"),
        ("rolebot:vote:maybe", "0123456789abcdef"),
    ],
    ids=["forged-id", "empty-id", "upper-case-id", "unknown-choice"],
)
async def test_a_malformed_vote_is_ignored_and_logged(
    slack: SlackRequests,
    fake_slack: FakeSlack,
    recording: Recording,
    caplog: pytest.LogCaptureFixture,
    action_id: str,
    value: str,
) -> None:
    button = {"action_id": action_id, "value": value, "text": {"type": "plain_text", "text": "x"}}
    with caplog.at_level(logging.WARNING):
        status, _ = await slack.action(vote_click(button, fake_slack.response_url("forged")))
        assert status == 200
        await fake_slack.wait_until(lambda: "malformed feedback click" in caplog.text)
    assert recording.rows(VOTES) == []
    assert fake_slack.posts == [], "no thanks for a vote that was not recorded"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_chatter_rolebot_keeps_quiet_about_is_not_recorded(
    slack: SlackRequests, fake_slack: FakeSlack, recording: Recording
) -> None:
    asked = mention(CONFIDENT)
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    await slack.event(channel_message("see you at lunch", thread_ts=asked["event"]["ts"]))
    await slack.event(direct_message(DECLINED))  # asked: recorded, and its reply shows we waited
    await fake_slack.wait_for_posts(2)
    assert recording.rows("SELECT kind FROM answers ORDER BY kind") == [("answer",), ("decline",)]
    assert recording.rows("SELECT question FROM misses") == [(DECLINED,)]
