"""The ``/roles`` app commands: the shared command grammar, with autocomplete for names."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord_bot.respond import Responder
from adapters.discord_bot.translate import command_message
from bot.kb.records import EntityKind
from bot.understanding.text import MAX_QUESTION_CHARS

Interaction = discord.Interaction[Any]
Choices = list[app_commands.Choice[str]]


class RolesGroup(app_commands.Group):
    """``/roles ask|compare|role|stage|tour|onboard|help``, each a command message for the core,
    and ``/roles curate``, which goes to the curation desk."""

    def __init__(self, responder: Responder) -> None:
        super().__init__(name="roles", description="Answers about data and ML team roles")
        self.responder = responder

    @app_commands.command(description="Ask a question about data and ML roles")
    @app_commands.describe(question="For example: who owns deployment?")
    async def ask(
        self, interaction: Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        """``/roles ask question:...``"""
        message = command_message(interaction, "ask", question)
        await self.responder.on_command(interaction, message, echo=question)

    @app_commands.command(description="Compare two or three roles side by side")
    @app_commands.describe(first="A role", second="Another role", third="Optionally, a third")
    async def compare(
        self, interaction: Interaction, first: str, second: str, third: str | None = None
    ) -> None:
        """``/roles compare first:... second:... [third:...]``"""
        message = command_message(interaction, "compare", first, second, third)
        await self.responder.on_command(interaction, message)

    @app_commands.command(description="What a role does, owns and needs")
    @app_commands.describe(name="The role, for example: ML engineer")
    async def role(self, interaction: Interaction, name: str) -> None:
        """``/roles role name:...``"""
        await self.responder.on_command(interaction, command_message(interaction, "role", name))

    @app_commands.command(description="Who owns a stage of the ML lifecycle")
    @app_commands.describe(name="The stage, for example: deployment")
    async def stage(self, interaction: Interaction, name: str) -> None:
        """``/roles stage name:...``"""
        await self.responder.on_command(interaction, command_message(interaction, "stage", name))

    @app_commands.command(description="A short tour: the roles, who owns what, whom to ask")
    async def tour(self, interaction: Interaction) -> None:
        """``/roles tour``: start the tour, or carry on where it was left."""
        await self.responder.on_command(interaction, command_message(interaction, "tour"))

    @app_commands.command(description="A checklist for a new member of a role")
    @app_commands.describe(role="Your role, for example: ML engineer")
    async def onboard(self, interaction: Interaction, role: str) -> None:
        """``/roles onboard role:...``"""
        message = command_message(interaction, "onboard", role)
        await self.responder.on_command(interaction, message)

    @app_commands.command(description="How to use rolebot")
    async def help(self, interaction: Interaction) -> None:
        """``/roles help``"""
        await self.responder.on_command(interaction, command_message(interaction, "help"))

    @app_commands.command(description="Teach rolebot what it could not answer (curators only)")
    async def curate(self, interaction: Interaction) -> None:
        """``/roles curate``: the top unanswered questions, with buttons to teach or ignore."""
        await self.responder.on_curate(interaction)

    @compare.autocomplete("first")
    @compare.autocomplete("second")
    @compare.autocomplete("third")
    @role.autocomplete("name")
    @onboard.autocomplete("role")
    async def _roles(self, interaction: Interaction, current: str) -> Choices:
        return self.responder.choices(EntityKind.ROLE, current)

    @stage.autocomplete("name")
    async def _stages(self, interaction: Interaction, current: str) -> Choices:
        return self.responder.choices(EntityKind.STAGE, current)
