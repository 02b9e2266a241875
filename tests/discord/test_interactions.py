"""App commands and buttons, pushed as gateway payloads through discord.py and the command tree."""

from __future__ import annotations

import logging

import pytest

from adapters.discord_bot import DiscordSettings
from adapters.discord_bot.send import APOLOGY
from bot import Bot as Core
from tests.discord.conftest import Bot, running_bot
from tests.discord.fake_discord import CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE
from tests.discord.limits_check import assert_fits
from tests.discord.payloads import click, slash
from tests.inert_text import ISSUE_INPUT, discord_active

NO_MENTIONS: dict[str, list[str]] = {"parse": []}


async def test_ask_answers_under_the_quoted_question(bot: Bot) -> None:
    await bot.push(slash("ask", question="Who owns deployment?"))
    shown = bot.discord.only()
    assert shown.content == "> Who owns deployment?"
    (embed,) = shown.embeds
    assert embed.title == "Who owns deployment?"
    assert "**Owner:** ML engineer." in (embed.description or "")
    assert embed.footer.text is None, "provenance is shown only when asked with why?"
    assert "What does an ML engineer do?" in shown.labels
    kinds = [b["custom_id"].split(":")[1] for b in shown.buttons]
    assert kinds == ["ask"] * (len(kinds) - 2) + ["vote", "vote"]
    assert not shown.ephemeral
    assert shown.allowed_mentions == NO_MENTIONS


async def test_nobody_is_pinged_through_rolebot(bot: Bot) -> None:
    await bot.push(slash("role", name="@everyone <@&123456789012345678> @here"))
    shown = bot.discord.only()
    assert shown.allowed_mentions == NO_MENTIONS
    for mention in ("@everyone", "@here", "<@&123456789012345678>"):
        assert mention not in shown.text
    assert "@\u200beveryone" in shown.text, "the user still sees what they typed"


async def test_links_and_formatting_in_a_question_are_quoted_inert(bot: Bot) -> None:
    await bot.push(slash("ask", question=ISSUE_INPUT))
    await bot.push(slash("role", name=ISSUE_INPUT))
    asked, usage = bot.discord.shown()
    assert asked.content is not None and asked.content.startswith("> ")
    assert discord_active(asked.content[2:]) == []
    (embed,) = usage.embeds
    assert "`[.](https://a.example) Urgent [Reset your password](https://evil.example)`" in (
        embed.description or ""
    )
    assert discord_active(embed.description or "") == []


async def test_compare_shows_a_field_per_factor(bot: Bot) -> None:
    await bot.push(slash("compare", first="data-scientist", second="ml-engineer"))
    (embed,) = bot.discord.only().embeds
    assert embed.title == "Data scientist vs ML engineer"
    assert [f.name for f in embed.fields][:3] == ["Focus", "Main skills", "Tools"]


async def test_compare_takes_an_optional_third_role(bot: Bot) -> None:
    await bot.push(
        slash("compare", first="data-scientist", second="ml-engineer", third="mlops-engineer")
    )
    (embed,) = bot.discord.only().embeds
    assert embed.title == "Data scientist vs ML engineer vs MLOps engineer"
    assert "**MLOps engineer:**" in (embed.fields[0].value or "")


async def test_stage_names_the_owner(bot: Bot) -> None:
    await bot.push(slash("stage", name="monitoring"))
    (embed,) = bot.discord.only().embeds
    assert embed.title == "Who owns maintenance and monitoring?"


async def test_an_unknown_role_gets_a_private_did_you_mean(bot: Bot) -> None:
    await bot.push(slash("role", name="scientst"))
    shown = bot.discord.only()
    assert shown.ephemeral
    assert "I don't know the role `scientst`. Did you mean Data scientist?" in shown.text
    assert [(b["label"], b["custom_id"]) for b in shown.buttons] == [
        ("Data scientist", "rolebot:ask:role data-scientist")
    ]
    await bot.push(click("rolebot:ask:role data-scientist", "Data scientist"))
    assert bot.discord.shown()[-1].embeds[0].title == "Data scientist"


async def test_help_is_private(bot: Bot) -> None:
    await bot.push(slash("help"))
    shown = bot.discord.only()
    assert shown.ephemeral
    assert shown.embeds[0].title == "How to use rolebot"
    assert "`/roles compare <role> <role> [role]`" in shown.text
    assert shown.labels, "starter questions as buttons"


async def test_a_clicked_suggestion_is_asked(bot: Bot) -> None:
    await bot.push(click("rolebot:ask:compare data-scientist ml-engineer", "DS vs MLE"))
    shown = bot.discord.only()
    assert shown.content == "> compare data-scientist ml-engineer"
    assert shown.embeds[0].title == "Data scientist vs ML engineer"
    assert shown.allowed_mentions == NO_MENTIONS


async def test_a_question_button_is_asked_as_a_question(bot: Bot) -> None:
    await bot.push(click("rolebot:ask:What does an ML engineer do?"))
    assert bot.discord.only().embeds[0].title == "ML engineer"


async def test_buttons_that_are_not_rolebots_are_left_alone(bot: Bot) -> None:
    await bot.push(click("click_one"))
    assert bot.discord.calls == []


async def test_context_is_per_user(bot: Bot) -> None:
    await bot.push(slash("ask", question="which tools does a data scientist use?"))
    await bot.push(slash("ask", question="and an ml engineer?"))
    await bot.push(slash("ask", question="and an ml engineer?", user_id="80351110224678912"))
    titles = [s.embeds[0].title for s in bot.discord.shown()]
    assert titles == ["Tools data scientists use", "Tools ML engineers use", "ML engineer"]


async def test_context_is_per_channel(bot: Bot) -> None:
    await bot.push(slash("ask", question="which tools does a data scientist use?"))
    await bot.push(slash("ask", question="and an ml engineer?", channel_id="645027906669510999"))
    titles = [s.embeds[0].title for s in bot.discord.shown()]
    assert titles == ["Tools data scientists use", "ML engineer"]


async def test_a_thread_has_its_own_context(bot: Bot) -> None:
    channel = "645027906669510667"
    await bot.push(slash("ask", question="which tools does a data scientist use?"))
    await bot.push(slash("ask", question="and an ml engineer?", thread_of=channel, channel_id="1"))
    titles = [s.embeds[0].title for s in bot.discord.shown()]
    assert titles == ["Tools data scientists use", "ML engineer"]


async def test_slow_answers_are_deferred_then_followed_up(core: Core) -> None:
    async for slow in running_bot(core, DiscordSettings(defer_after=0)):
        await slow.push(slash("ask", question="who owns deployment?"))
        assert [c["type"] for c in slow.discord.callbacks()] == [DEFERRED_CHANNEL_MESSAGE]
        assert slow.discord.calls[-1].path == "/webhooks/{webhook_id}/{webhook_token}"
        assert slow.discord.only().embeds[0].title == "Who owns deployment?"


async def test_a_long_answer_is_sent_in_parts(wordy_bot: Bot) -> None:
    await wordy_bot.push(slash("compare", first="storyteller", second="data-scientist"))
    shown = wordy_bot.discord.shown()
    assert len(shown) > 1
    assert wordy_bot.discord.callbacks()[0]["type"] == CHANNEL_MESSAGE
    assert [s.labels != [] for s in shown] == [False] * (len(shown) - 1) + [True]
    for part in shown:
        assert_fits(part.content, part.embeds, part.buttons)
        assert part.allowed_mentions == NO_MENTIONS


async def test_long_comparison_cells_are_split_into_fields(wordy_bot: Bot) -> None:
    await wordy_bot.push(slash("compare", first="storyteller", second="data-analyst"))
    for part in wordy_bot.discord.shown():
        assert_fits(part.content, part.embeds, part.buttons)
    fields = [f for s in wordy_bot.discord.shown() for e in s.embeds for f in e.fields]
    assert fields[0].name == "Focus" and len(fields) > 7


async def test_a_failure_gets_a_private_apology_and_the_bot_carries_on(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.discord.fail_next.append(500)  # Discord refuses the answer
    with caplog.at_level(logging.ERROR):
        await bot.push(slash("ask", question="who owns deployment?"))
    apology = bot.discord.only()
    assert (apology.content, apology.ephemeral) == (APOLOGY, True)
    assert "answering interaction" in caplog.text
    await bot.push(slash("stage", name="deployment"))
    assert bot.discord.shown()[-1].embeds[0].title == "Who owns deployment?"
