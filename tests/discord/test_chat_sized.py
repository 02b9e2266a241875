"""Issue 12 on Discord: follow-ups that point back, off-topic turns declined after on-topic
ones, newcomer openers, a chat-sized first answer with its More button, and provenance shown
only when asked with `why?`. discord.py parses real-shaped gateway payloads; what the bot
sends is recorded by the fake HTTP layer."""

from __future__ import annotations

import pytest

from tests.discord.conftest import Bot
from tests.discord.payloads import click, message_create, slash


async def _titles(bot: Bot, *questions: str) -> list[str | None]:
    for question in questions:
        await bot.push(slash("ask", question=question))
    return [s.embeds[0].title for s in bot.discord.shown()]


@pytest.mark.parametrize(
    ("questions", "last_title"),
    [
        (("what does a data analyst do", "which tools do they use?"), "Tools data analysts use"),
        (("who owns monitoring", "who do they work with?"), "Who ML engineers work with"),
        (("compare ds and data engineer", "what's a good movie?"), "I don't know that one"),
        (("tell me about data scientists", "what's RAG?"), "I don't know that one"),
    ],
    ids=["follow-up-they", "follow-up-stage-owners", "movie-declined", "rag-declined"],
)
async def test_the_conversation_is_followed_and_off_topic_stays_declined(
    bot: Bot, questions: tuple[str, ...], last_title: str
) -> None:
    titles = await _titles(bot, *questions)
    assert titles[-1] == last_title


async def test_an_overview_fits_a_screen_and_the_more_button_continues_it(bot: Bot) -> None:
    button_channel = "345626669114982999"  # where the recorded click payload comes from
    await bot.push(slash("role", name="data scientist", channel_id=button_channel))
    overview = bot.discord.only()
    description = overview.embeds[0].description or ""
    assert len(description.split("\n")) <= 8 and "Responsibilities" not in description
    assert overview.labels[0] == "More"
    assert overview.buttons[0]["custom_id"] == "rolebot:ask:more"

    await bot.push(click("rolebot:ask:more", "More"))
    _, continued = bot.discord.shown()
    assert continued.embeds[0].title == "Data scientist (continued)"
    assert "**Responsibilities:**" in (continued.embeds[0].description or "")


async def test_why_shows_the_provenance_no_answer_shows(bot: Bot) -> None:
    await _titles(bot, "compare ds and data engineer", "why?")
    answer, why = bot.discord.shown()
    assert (
        "compare command" not in answer.text and "data-engineer+data-scientist" not in answer.text
    )
    assert why.embeds[0].title == "Why I answered that"
    assert "`data-engineer+data-scientist`" in why.text and "compare command" in why.text


async def test_comparison_cells_are_whole_in_their_fields(bot: Bot) -> None:
    await bot.push(slash("compare", first="ds", second="data engineer"))
    fields = [f for e in bot.discord.only().embeds for f in e.fields]
    owns = next(f for f in fields if f.name == "Owns")
    value = owns.value or ""
    assert "Data collection and preparation" in value and "…" not in value


@pytest.mark.parametrize(
    ("opener", "title"),
    [
        ("it's my first week on the data team", "Welcome!"),
        ("I just joined the data team", "Welcome!"),
        ("just joined as a data analyst", "Onboarding checklist: Data analyst"),
    ],
)
async def test_a_newcomer_opener_in_a_dm_gets_the_welcome_or_their_checklist(
    bot: Bot, opener: str, title: str
) -> None:
    await bot.push(message_create(opener, in_guild=False))
    shown = bot.discord.only()
    assert shown.embeds[0].title == title
    if title == "Welcome!":
        assert "rolebot:ask:tour" in [b["custom_id"] for b in shown.buttons]
