"""Discord fixtures: the real client, fed gateway payloads, its HTTP layer recorded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import discord
import pytest
from discord.types.user import User as UserPayload
from discord.webhook.async_ import async_context

from adapters.curating.desk import CurationDesk
from adapters.discord_bot import DiscordSettings, RolebotClient, build_client
from bot import Bot as Core
from bot.kb import loader
from bot.kb.compiled import Compiled, compile_knowledge
from tests.discord.fake_discord import FakeDiscord
from tests.discord.payloads import BOT_USER, Json
from tests.recording import Recording

# Names of the tasks discord.py starts for an event: listeners, the command tree, buttons.
EVENT_TASKS = ("discord.py:", "CommandTree", "discord-ui")


async def settle() -> None:
    """Wait until discord.py has finished handling every event pushed so far."""
    while True:
        pending = [
            task
            for task in asyncio.all_tasks()
            if task is not asyncio.current_task()
            and not task.done()
            and task.get_name().startswith(EVENT_TASKS)
        ]
        if not pending:
            return
        await asyncio.wait(pending)


@dataclass
class Bot:
    """The client under test and the fake Discord it talks to."""

    client: RolebotClient
    discord: FakeDiscord

    async def push(self, event: Json) -> None:
        """Hand a gateway dispatch to discord.py's parser, as the gateway does, and settle."""
        self.client._connection.parsers[event["t"]](event["d"])
        await settle()


@pytest.fixture
def recorded(recording: Recording) -> Callable[[Core], Core]:
    """Records what a bot answers, as `rolebot discord` runs it."""
    return recording.attach


@pytest.fixture
def core(compiled: Compiled, recorded: Callable[[Core], Core]) -> Core:
    """A fresh bot on the shipped knowledge, recording."""
    return recorded(Core(compiled))


async def running_bot(
    core: Core, settings: DiscordSettings, desk: CurationDesk | None = None
) -> AsyncIterator[Bot]:
    """A logged-in-looking client whose requests go to a fresh fake Discord (with `desk`,
    curating as `rolebot serve` has it)."""
    client = build_client(core, settings, desk)
    fake = FakeDiscord()
    token = async_context.set(fake.webhooks)
    client.http.request = fake.request  # type: ignore[method-assign]
    async with client:
        state = client._connection
        # What login would set: interactions in a server need the bot's own user.
        state.user = discord.ClientUser(state=state, data=cast(UserPayload, BOT_USER))
        yield Bot(client, fake)
        await settle()
    async_context.reset(token)


@pytest.fixture
async def bot(core: Core) -> AsyncIterator[Bot]:
    """rolebot on the shipped knowledge, answering at once."""
    async for running in running_bot(core, DiscordSettings()):
        yield running


LONG_ROLE = """\
roles:
  - id: storyteller
    name: Data storyteller
    plural: data storytellers
    aliases: [storyteller]
    summary: Explains what the numbers say.
    description: {description}
    responsibilities: [Narratives, Slides]
    skills: [Writing]
    tools: []
    outputs: [Stories]
    collaborates_with: [data-analyst]
    career:
      entry_level: true
      entry_note: Often a first job.
    factors:
      focus: {focus}
      skills: Writing
      tools: Slides
      goal: Understanding
      output: Stories
      collaboration: Everyone
"""
SHIPPED_ROLES = ("data-analyst", "data-engineer", "data-scientist", "ml-engineer", "mlops-engineer")


@pytest.fixture(scope="session")
def wordy(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """Shipped knowledge plus a team's role whose texts are far longer than Discord allows."""
    team = Path(tmp_path_factory.mktemp("team"))
    sentence = "Tells the story of the data in plain words, for people who decide."

    def difference(role: str) -> str:
        # A comparison is not paged: the data scientist one is long enough to need parts.
        return " ".join([sentence] * 150) if role == "data-scientist" else f"Stories versus {role}."

    (team / "roles.yaml").write_text(
        LONG_ROLE.format(description=" ".join([sentence] * 150), focus=" ".join([sentence] * 30)),
        encoding="utf-8",
    )
    (team / "pairs.yaml").write_text(
        "pairs:\n"
        + "".join(
            f"  - roles: [storyteller, {role}]\n    difference: {difference(role)}\n"
            for role in SHIPPED_ROLES
        ),
        encoding="utf-8",
    )
    return compile_knowledge(loader.load([team]))


@pytest.fixture
async def wordy_bot(wordy: Compiled, recorded: Callable[[Core], Core]) -> AsyncIterator[Bot]:
    """rolebot with the wordy team knowledge."""
    async for running in running_bot(recorded(Core(wordy)), DiscordSettings()):
        yield running
