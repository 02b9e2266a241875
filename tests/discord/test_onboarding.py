"""Onboarding on Discord through gateway payloads: the welcome, the tour's buttons, resuming."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from adapters.discord_bot import DiscordSettings, build_client
from adapters.discord_bot.settings import WelcomeMode
from adapters.settings.errors import SettingsError
from adapters.settings.load import load
from adapters.settings.sections import WelcomeSettings
from adapters.store import Storage
from bot import Bot as Core
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled
from bot.onboarding.progress import user_key
from bot.store.settings import RecordingSettings
from tests.discord.conftest import Bot, running_bot
from tests.discord.fake_discord import DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, Shown
from tests.discord.payloads import (
    BOT_ID,
    WELCOME_CHANNEL_ID,
    click,
    guild_create,
    member_join,
    message_create,
    slash,
)
from tests.store.conftest import rows

NEWCOMER = "744658428487794819"  # the user of the captured join
NO_MENTIONS: dict[str, list[str]] = {"parse": []}
DM = DiscordSettings(welcome=WelcomeMode.DM)
IN_CHANNEL = DiscordSettings(
    welcome=WelcomeMode.CHANNEL, welcome_channels=frozenset({int(WELCOME_CHANNEL_ID)})
)


@pytest.fixture
async def welcoming(core: Core) -> AsyncIterator[Bot]:
    """rolebot welcoming newcomers by DM, in a server it has just connected to."""
    async for running in running_bot(core, DM):
        await running.push(guild_create())
        yield running


def title(shown: Shown) -> str:
    """The title of a message's first embed."""
    return shown.embeds[0].title or "" if shown.embeds else ""


def welcomes(bot: Bot) -> list[Shown]:
    return [s for s in bot.discord.shown() if s.embeds and s.embeds[0].title == "Welcome!"]


async def test_a_newcomer_is_welcomed_by_dm_with_a_tour_button(welcoming: Bot) -> None:
    await welcoming.push(member_join(NEWCOMER))
    opened, sent = welcoming.discord.calls
    assert (opened.method, opened.path) == ("POST", "/users/@me/channels")
    assert opened.json == {"recipient_id": int(NEWCOMER)}
    assert sent.path == "/channels/{channel_id}/messages"
    welcome = welcoming.discord.only()
    assert "I'm rolebot" in welcome.text and "`/roles onboard ds`" in welcome.text
    assert [(b["label"], b["custom_id"]) for b in welcome.buttons] == [
        ("Start the tour", "rolebot:ask:tour")
    ]
    assert welcome.allowed_mentions == NO_MENTIONS


async def test_nobody_is_welcomed_twice(welcoming: Bot) -> None:
    await welcoming.push(member_join(NEWCOMER))
    await welcoming.push(member_join(NEWCOMER))  # left and came back, or a replayed event
    assert len(welcomes(welcoming)) == 1


@pytest.mark.parametrize("user", [BOT_ID, "111111111111111111"], ids=["rolebot", "another-bot"])
async def test_bots_are_never_welcomed(welcoming: Bot, user: str) -> None:
    await welcoming.push(member_join(user, bot=True))
    assert welcoming.discord.calls == []


async def test_welcomes_are_off_unless_switched_on(core: Core) -> None:
    async for quiet in running_bot(core, DiscordSettings()):
        await quiet.push(guild_create())
        await quiet.push(member_join(NEWCOMER))
        assert quiet.discord.calls == []
    assert not build_client(core, DiscordSettings()).intents.members
    assert build_client(core, DM).intents.members  # the one privileged intent, when asked


async def test_a_welcome_in_the_servers_channel_names_the_newcomer(core: Core) -> None:
    async for bot in running_bot(core, IN_CHANNEL):
        await bot.push(guild_create())
        await bot.push(member_join(NEWCOMER))
        (call,) = bot.discord.calls
        assert call.channel_id == WELCOME_CHANNEL_ID
        welcome = bot.discord.only()
        assert welcome.content == f"<@{NEWCOMER}>"  # shown as their name, never a ping
        assert welcome.allowed_mentions == NO_MENTIONS
        assert welcome.labels == ["Start the tour"]


async def test_a_server_without_a_welcome_channel_gets_no_welcome(core: Core) -> None:
    async for bot in running_bot(core, IN_CHANNEL):
        other = "390926798626357999"
        await bot.push(guild_create(other, ("123456789012345678",)))
        await bot.push(member_join(NEWCOMER, guild_id=other))
        assert bot.discord.calls == []


async def test_a_newcomer_who_takes_no_dms_is_logged_and_not_retried(
    welcoming: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    welcoming.discord.fail_next.append(403)  # "Cannot send messages to this user"
    with caplog.at_level(logging.WARNING):
        await welcoming.push(member_join(NEWCOMER))
    assert f"could not welcome member {NEWCOMER}" in caplog.text
    await welcoming.push(member_join(NEWCOMER))
    assert welcoming.discord.shown() == []


async def test_the_tour_runs_in_one_message_through_its_buttons(
    welcoming: Bot, shipped: KnowledgeBase
) -> None:
    total = len(shipped.tour)
    await welcoming.push(click("rolebot:ask:tour", "Start the tour", user_id=NEWCOMER))
    first = welcoming.discord.shown()[-1]
    assert first.embeds[0].title == f"Tour 1/{total}: Who's who"
    assert first.ephemeral  # a tour is the clicker's own
    assert [b["custom_id"] for b in first.buttons] == [
        "rolebot:move:tour next",
        "rolebot:move:tour stop",
    ]
    step = first
    titles = [title(first)]
    while "Next" in step.labels:
        await welcoming.push(click("rolebot:move:tour next", "Next", user_id=NEWCOMER))
        step = welcoming.discord.updates()[-1]
        titles.append(title(step))
    assert titles == [
        f"Tour {n}/{total}: {s.title}" for n, s in enumerate(shipped.tour.values(), 1)
    ]
    assert step.labels == ["Back", "Finish"]
    assert len(welcoming.discord.shown()) == 1, "every step replaced the first one"
    assert {c["type"] for c in welcoming.discord.callbacks()[1:]} == {UPDATE_MESSAGE}
    await welcoming.push(click("rolebot:move:tour back", "Back", user_id=NEWCOMER))
    assert title(welcoming.discord.updates()[-1]).startswith(f"Tour {total - 1}/")
    await welcoming.push(click("rolebot:move:tour next", "Next", user_id=NEWCOMER))
    await welcoming.push(click("rolebot:move:tour stop", "Finish", user_id=NEWCOMER))
    done = welcoming.discord.updates()[-1]
    assert done.embeds[0].title == "That's the tour"
    assert done.labels[0] == "Checklist: Data scientist"
    await welcoming.push(click("rolebot:ask:onboard data-scientist", "Checklist: Data scientist"))
    assert welcoming.discord.shown()[-1].embeds[0].title == "Onboarding checklist: Data scientist"


async def test_an_example_on_the_asking_step_answers_below(welcoming: Bot) -> None:
    await welcoming.push(slash("tour"))
    for _ in range(3):
        await welcoming.push(click("rolebot:move:tour next", "Next"))
    asking = welcoming.discord.updates()[-1]
    assert title(asking).endswith("How to ask me")
    example = next(b for b in asking.buttons if b["custom_id"].startswith("rolebot:ask:"))
    await welcoming.push(click(example["custom_id"], example["label"]))
    assert welcoming.discord.shown()[-1].embeds[0].title == "Who owns deployment?"


async def test_tour_and_onboard_app_commands(welcoming: Bot) -> None:
    await welcoming.push(slash("tour"))
    await welcoming.push(slash("onboard", role="mle"))
    tour, checklist = welcoming.discord.shown()
    assert title(tour).startswith("Tour 1/") and tour.ephemeral
    assert checklist.embeds[0].title == "Onboarding checklist: ML engineer"
    assert not checklist.ephemeral
    assert checklist.labels[0] == "Start the tour"


async def test_a_tour_started_anywhere_moves_with_a_typed_next_in_a_dm(welcoming: Bot) -> None:
    newcomer = {"id": NEWCOMER, "username": "gpnvg", "discriminator": "0", "avatar": None}
    await welcoming.push(slash("tour", user_id=NEWCOMER))  # in a server channel
    await welcoming.push(message_create("next", in_guild=False, author=newcomer))
    assert title(welcoming.discord.shown()[-1]).startswith("Tour 2/")


async def test_the_tour_and_the_welcome_survive_a_restart(
    compiled: Compiled, tmp_path: Path, recorded: Callable[[Core], Core]
) -> None:
    settings = RecordingSettings(path=tmp_path / "rolebot.sqlite3")

    async def process() -> AsyncIterator[Bot]:
        onboarding = Storage(settings).onboarding()
        core = Core(compiled, progress=onboarding.progress, welcomes=onboarding.welcomes)
        async for bot in running_bot(recorded(core), DM):
            await bot.push(guild_create())
            yield bot
        assert onboarding.close()

    async for first in process():
        await first.push(member_join(NEWCOMER))
        await first.push(click("rolebot:ask:tour", "Start the tour", user_id=NEWCOMER))
        await first.push(click("rolebot:move:tour next", "Next", user_id=NEWCOMER))
        assert title(first.discord.updates()[-1]).startswith("Tour 2/")
    async for second in process():
        await second.push(member_join(NEWCOMER))  # rejoined after the restart
        await second.push(click("rolebot:move:tour next", "Next", user_id=NEWCOMER))
        assert welcomes(second) == []
        assert title(second.discord.updates()[-1]).startswith("Tour 3/")
    stored = rows(settings.path, "SELECT user_key FROM welcomed")
    assert stored == [(user_key("discord", NEWCOMER),)]
    assert NEWCOMER not in str(rows(settings.path, "SELECT * FROM tour_progress"))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, (WelcomeMode.OFF, frozenset())),
        ({"ROLEBOT_DISCORD_WELCOME": "DM"}, (WelcomeMode.DM, frozenset())),
        (
            {"ROLEBOT_DISCORD_WELCOME": "channel", "ROLEBOT_DISCORD_WELCOME_CHANNELS": "1, 2"},
            (WelcomeMode.CHANNEL, frozenset({1, 2})),
        ),
    ],
    ids=["off", "dm", "channels"],
)
def test_welcome_settings(environ: dict[str, str], expected: object) -> None:
    welcome = load(environ).section(WelcomeSettings)
    assert (welcome.discord, welcome.discord_channels) == expected


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"ROLEBOT_DISCORD_WELCOME": "yes"},
            "ROLEBOT_DISCORD_WELCOME must be one of channel, dm, off, not 'yes'",
        ),
        ({"ROLEBOT_DISCORD_WELCOME": "channel"}, "needs ROLEBOT_DISCORD_WELCOME_CHANNELS"),
        (
            {"ROLEBOT_DISCORD_WELCOME": "channel", "ROLEBOT_DISCORD_WELCOME_CHANNELS": "#intro"},
            "must be channel ids",
        ),
    ],
    ids=["unknown-mode", "no-channels", "not-ids"],
)
def test_bad_welcome_settings_are_named(environ: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load(environ).section(WelcomeSettings)


async def test_a_tour_started_in_a_dm_stays_there(welcoming: Bot) -> None:
    await welcoming.push(member_join(NEWCOMER))
    await welcoming.push(click("rolebot:ask:tour", "Start the tour", user_id=NEWCOMER, in_dm=True))
    step = welcoming.discord.shown()[-1]
    assert title(step).startswith("Tour 1/")
    assert not step.ephemeral  # an ephemeral message would vanish from the DM on reload


async def test_a_slow_tour_step_is_deferred_then_edited_in_place(core: Core) -> None:
    async for slow in running_bot(core, DiscordSettings(defer_after=0)):
        await slow.push(click("rolebot:move:tour next", "Next"))
        assert [c["type"] for c in slow.discord.callbacks()] == [DEFERRED_UPDATE_MESSAGE]
        assert slow.discord.calls[-1].path.endswith("/messages/@original")
        (step,) = slow.discord.updates()
        assert title(step).startswith("Tour 1/")  # no tour yet: Next starts one
        assert slow.discord.shown() == []
