"""Curating from Discord, through gateway INTERACTION_CREATE payloads to discord.py's command
tree and dynamic items: a curator's click teaches rolebot and the next ask is answered with the
entry; anyone else's is refused and changes nothing."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.curating.desk import REFUSAL, CurationDesk
from adapters.discord_bot import DiscordSettings
from adapters.discord_bot.buttons import TEACH_LABEL
from adapters.discord_bot.markdown import escape
from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader
from adapters.store import Storage, read_taught
from bot import Bot as Core
from bot.kb.compiled import Compiled, load_compiled
from bot.store.settings import RecordingSettings
from tests.discord.conftest import Bot, running_bot
from tests.discord.fake_discord import (
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    EPHEMERAL,
    Shown,
)
from tests.discord.payloads import MASON_ID, click, select, slash
from tests.recording import Recording

QUESTION = "who signs off gpu spend"  # the shipped knowledge declines it
OTHER_ENTRY = "who-to-ask"  # not the report's suggestion for it
CURATOR = MASON_ID  # the docs' user
SOMEONE = "80351110224678912"
DONT_KNOW = "I don't know that one"


@pytest.fixture
async def curating(
    recording: Recording, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Bot]:
    """rolebot on the shipped knowledge and what its store taught, recording, with the docs'
    user as its one curator, reloading after each change as `rolebot serve` does."""
    settings = RecordingSettings(recording.path)
    cache = tmp_path_factory.getbasetemp() / "rolebot-cache"

    def load() -> Compiled:
        return load_compiled([], cache, read_taught(settings))

    core = recording.attach(Core(load()))
    reloader = Reloader(core, load, Metrics())
    curators = frozenset({f"discord:{CURATOR}"})
    desk = CurationDesk(curators, core, Storage(settings).open, reloader.reload)
    async for running in running_bot(core, DiscordSettings(), desk):
        yield running


def served(bot: Bot) -> Core:
    """The bot the client answers from (reloaded in place by a curator's change)."""
    core = bot.client.responder.core
    assert isinstance(core, Core)
    return core


def new_messages(bot: Bot, before: int) -> list[Shown]:
    return bot.discord.shown()[before:]


async def shown_after(bot: Bot, event: dict[str, Any]) -> list[Shown]:
    """What rolebot showed for one event."""
    before = len(bot.discord.shown())
    await bot.push(event)
    return new_messages(bot, before)


def controls(shown: Shown) -> dict[str, dict[str, Any]]:
    """A curating message's controls by what they do: teach (Add to), ignore, pick (select)."""
    found = {}
    for component in shown.buttons:
        act = str(component.get("custom_id", "")).split(":")[1]
        if act in ("teach", "ignore", "pick"):
            found[act] = component
    return found


async def asked(bot: Bot, user: str = SOMEONE) -> Shown:
    [answer] = await shown_after(bot, slash("ask", question=QUESTION, user_id=user))
    return answer


def taught(recording: Recording) -> list[tuple[object, ...]]:
    return recording.rows("SELECT entry, text, by FROM taught")


async def listed(bot: Bot, recording: Recording, user: str = CURATOR) -> list[Shown]:
    recording.flush()
    return await shown_after(bot, slash("curate", user_id=user))


async def test_a_curators_click_teaches_and_the_next_ask_is_answered_with_the_entry(
    curating: Bot, recording: Recording
) -> None:
    for _ in range(2):
        assert (await asked(curating)).embeds[0].title == DONT_KNOW

    [group] = await listed(curating, recording)
    assert curating.discord.callbacks()[-1]["type"] == DEFERRED_CHANNEL_MESSAGE
    assert curating.discord.callbacks()[-1]["data"]["flags"] & EPHEMERAL
    assert group.ephemeral and group.content is not None
    assert group.content.startswith("**Unanswered questions**")
    assert group.embeds[0].title == QUESTION
    add = controls(group)["teach"]
    entry = add["custom_id"].rsplit(":", 1)[1]  # the suggested entry
    assert f"(`{entry}`, score " in str(group.embeds[0].description)
    assert entry in [option["value"] for option in controls(group)["pick"]["options"]]

    [done] = await shown_after(curating, click(add["custom_id"], add["label"], user_id=CURATOR))

    assert done.ephemeral
    assert f"goes to {entry}" in done.text
    assert "answered with that entry (confidence " in done.text
    assert taught(recording) == [(entry, QUESTION, f"discord:{CURATOR}")]
    answer = await asked(curating)
    core = served(curating)
    assert answer.embeds[0].title == core.knowledge.faq[entry].title


async def test_a_curator_can_choose_another_entry_from_the_select(
    curating: Bot, recording: Recording
) -> None:
    await asked(curating)
    [group] = await listed(curating, recording)
    pick = controls(group)["pick"]
    assert OTHER_ENTRY in [option["value"] for option in pick["options"]]

    chosen = select(pick["custom_id"], OTHER_ENTRY, pick, user_id=CURATOR)
    [done] = await shown_after(curating, chosen)

    assert f"goes to {OTHER_ENTRY}" in done.text
    assert taught(recording) == [(OTHER_ENTRY, QUESTION, f"discord:{CURATOR}")]
    core = served(curating)
    assert (await asked(curating)).embeds[0].title == core.knowledge.faq[OTHER_ENTRY].title


async def test_someone_else_is_refused_and_nothing_changes(
    curating: Bot, recording: Recording
) -> None:
    await asked(curating)
    [group] = await listed(curating, recording)
    mine = controls(group)
    core = served(curating)
    knowledge = core.knowledge

    [refused] = await listed(curating, recording, user=SOMEONE)
    assert refused.ephemeral and refused.content == escape(REFUSAL)
    assert refused.embeds == [] and refused.buttons == []
    for event in (
        click(mine["teach"]["custom_id"], mine["teach"]["label"], user_id=SOMEONE),
        click(mine["ignore"]["custom_id"], "Ignore", user_id=SOMEONE),
        select(mine["pick"]["custom_id"], OTHER_ENTRY, mine["pick"], user_id=SOMEONE),
    ):
        [said] = await shown_after(curating, event)
        assert said.ephemeral and said.content == refused.content

    assert taught(recording) == []
    assert recording.rows("SELECT question FROM ignored_questions") == []
    assert core.knowledge is knowledge, "nothing was reloaded"
    assert (await asked(curating)).embeds[0].title == DONT_KNOW


async def test_teach_on_a_curators_i_dont_know_attaches_that_question(
    curating: Bot, recording: Recording
) -> None:
    mine = await asked(curating, user=CURATOR)
    [teach] = [b for b in mine.buttons if b.get("label") == TEACH_LABEL]
    theirs = await asked(curating, user=SOMEONE)
    assert theirs.embeds[0].title == DONT_KNOW
    assert TEACH_LABEL not in theirs.labels
    recording.flush()

    [opened] = await shown_after(curating, click(teach["custom_id"], TEACH_LABEL, user_id=CURATOR))
    assert opened.ephemeral and opened.content == "**Teach rolebot this question**"
    assert opened.embeds[0].title == QUESTION
    add = controls(opened)["teach"]
    entry = add["custom_id"].rsplit(":", 1)[1]
    [done] = await shown_after(curating, click(add["custom_id"], add["label"], user_id=CURATOR))

    assert f"goes to {entry}" in done.text
    assert taught(recording) == [(entry, QUESTION, f"discord:{CURATOR}")]
    core = served(curating)
    assert (await asked(curating)).embeds[0].title == core.knowledge.faq[entry].title


async def test_a_forged_curating_click_is_logged_and_changes_nothing(
    curating: Bot, recording: Recording, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        await curating.push(click("rolebot:teach:g.not-a-digest:who-to-ask", user_id=CURATOR))
    assert [c["type"] for c in curating.discord.callbacks()] == [DEFERRED_UPDATE_MESSAGE]
    assert curating.discord.shown() == []
    assert "malformed curating click" in caplog.text
    assert taught(recording) == []
