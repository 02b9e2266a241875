"""Feedback buttons on Discord: rendered on answers and clarifications, clicked through gateway
INTERACTION_CREATE payloads and discord.py's dynamic items, recorded in the SQLite store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.discord_bot import DiscordSettings
from adapters.discord_bot.buttons import Vote, parse_vote, vote_custom_id
from adapters.discord_bot.limits import CUSTOM_ID_LIMIT
from adapters.discord_bot.render import render
from adapters.feedback import THANKS, offered
from bot import Bot as Core
from bot.core import new_answer_id
from bot.feedback import Feedback
from bot.kb.compiled import Compiled
from bot.reply import Label, Provenance, Reply, ReplyKind, Suggestion
from bot.store.recording import pseudonym
from tests.discord.conftest import Bot, running_bot
from tests.discord.fake_discord import (
    CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    Shown,
)
from tests.discord.limits_check import buttons_of
from tests.discord.payloads import BOT_USER, MASON_ID, click, message_create, slash
from tests.recording import Recording
from tests.store.conftest import CLARIFIED, CONFIDENT, DECLINED

VOTES = "SELECT answer_id, voter, platform, verdict FROM votes"
ANSWER_ID = "0123456789abcdef"


@pytest.fixture
async def bot(twins: Compiled, recording: Recording) -> AsyncIterator[Bot]:
    """rolebot answering from the small knowledge, recording as `rolebot discord` does."""
    async for running in running_bot(recording.attach(Core(twins)), DiscordSettings()):
        yield running


def votes_of(shown: Shown) -> list[dict[str, Any]]:
    """The feedback buttons of a message."""
    return [b for b in shown.buttons if b["custom_id"].startswith("rolebot:vote:")]


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
    suggestions = tuple(Suggestion(f"Question {n}", f"question {n}") for n in range(5))
    reply = Reply(kind, "Title", "Body.", Provenance(Label.FAQ), suggestions=suggestions)
    answer_id = new_answer_id()
    [piece] = render(reply, answer_id=answer_id)
    assert piece.view is not None
    rows = piece.view.to_components()
    votes = [b for b in buttons_of(piece) if b["custom_id"].startswith("rolebot:vote:")]
    assert [b["label"] for b in votes] == labels
    assert [parse_vote(b["custom_id"]) for b in votes] == [
        Vote(answer_id, choice) for choice in offered(kind)
    ]
    assert all(len(b["custom_id"]) <= CUSTOM_ID_LIMIT for b in votes)
    if votes:
        assert rows[-1]["components"] == votes, "the votes have the last row to themselves"


def test_without_an_answer_id_there_are_no_vote_buttons() -> None:
    reply = Reply(ReplyKind.ANSWER, "Title", "Body.", Provenance(Label.FAQ))
    assert [piece.view for piece in render(reply)] == [None]


@pytest.mark.parametrize(
    "custom_id",
    [
        f"rolebot:vote:{ANSWER_ID}",
        f"rolebot:vote:{ANSWER_ID}:maybe",
        f"rolebot:vote:{ANSWER_ID.upper()}:helpful",
        "rolebot:vote:'; DROP TABLE votes; --:helpful",
        "rolebot:vote::helpful",
    ],
    ids=["no-choice", "unknown-choice", "upper-case-id", "forged-id", "empty-id"],
)
def test_only_custom_ids_rolebot_makes_parse(custom_id: str) -> None:
    assert parse_vote(custom_id) is None


def test_a_vote_custom_id_round_trips() -> None:
    vote = Vote(ANSWER_ID, Feedback.NONE_OF_THESE)
    assert parse_vote(vote_custom_id(vote)) == vote


async def test_a_vote_is_recorded_once_and_a_second_click_changes_it(
    bot: Bot, recording: Recording
) -> None:
    await bot.push(slash("ask", question=CONFIDENT))
    helpful, not_helpful = votes_of(bot.discord.only())
    assert (helpful["label"], not_helpful["label"]) == ("Helpful", "Not helpful")
    answer_id = helpful["custom_id"].split(":")[2]
    assert recording.rows("SELECT answer_id, kind FROM answers") == [(answer_id, "answer")]

    await bot.push(click(helpful["custom_id"], "Helpful"))
    thanks = bot.discord.callbacks()[-1]
    assert thanks["type"] == CHANNEL_MESSAGE
    assert thanks["data"]["content"] == THANKS
    assert thanks["data"]["flags"] & EPHEMERAL, "only the clicker sees the thanks"
    voter = pseudonym("discord", MASON_ID, answer_id)  # no user id is stored
    assert recording.rows(VOTES) == [(answer_id, voter, "discord", "helpful")]

    await bot.push(click(not_helpful["custom_id"], "Not helpful"))
    assert recording.rows(VOTES) == [(answer_id, voter, "discord", "not_helpful")]


async def test_none_of_these_counts_as_a_miss_in_the_report(
    bot: Bot, recording: Recording, twins: Compiled
) -> None:
    await bot.push(slash("ask", question=CLARIFIED))
    clarification = bot.discord.only()
    assert clarification.embeds[0].title == "Which one did you mean?"
    [none_of_these] = votes_of(clarification)
    assert none_of_these["label"] == "None of these"

    await bot.push(click(none_of_these["custom_id"], "None of these"))
    report = recording.report(twins)
    assert report.none_of_these == 1
    [missed] = report.unanswered
    assert (missed.question, missed.clarified, missed.none_of_these) == (CLARIFIED, 1, 1)


@pytest.mark.parametrize("command", [{"question": DECLINED}, {}], ids=["decline", "help"])
async def test_declines_and_help_carry_no_vote_buttons(bot: Bot, command: dict[str, str]) -> None:
    await bot.push(slash("ask" if command else "help", **command))
    assert votes_of(bot.discord.only()) == []


async def test_a_mention_is_answered_with_vote_buttons(bot: Bot) -> None:
    await bot.push(message_create(f"<@{BOT_USER['id']}> {CONFIDENT}", mentions=(BOT_USER,)))
    assert [b["label"] for b in votes_of(bot.discord.only())] == ["Helpful", "Not helpful"]


@pytest.mark.parametrize(
    "custom_id",
    [f"rolebot:vote:{ANSWER_ID}:maybe", "rolebot:vote:'; DROP TABLE votes; --:helpful"],
    ids=["unknown-choice", "forged-id"],
)
async def test_a_malformed_vote_is_ignored_and_logged(
    bot: Bot, recording: Recording, caplog: pytest.LogCaptureFixture, custom_id: str
) -> None:
    with caplog.at_level(logging.WARNING):
        await bot.push(click(custom_id, "Helpful"))
    assert [c["type"] for c in bot.discord.callbacks()] == [DEFERRED_UPDATE_MESSAGE]
    assert bot.discord.shown() == [], "nothing shown for a vote that was not recorded"
    assert recording.rows(VOTES) == []
    assert "malformed feedback click" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
