"""Suggestion and feedback buttons: clicking one asks its query or records a vote, also after
rolebot restarts.

What a button does travels in its ``custom_id`` (``rolebot:ask:<query>``,
``rolebot:vote:<answer id>:<feedback code>``), so no state is kept per message and discord.py
stores no view for it: each kind of button is a ``DynamicItem`` that the client registers once.
Every rolebot ``custom_id`` is ``rolebot:<action>:<data>``, so later actions get their own
prefix. ``rolebot:move:<query>`` asks like ``ask``, for a suggestion the core marks in place
(the tour's Back, Next and Stop): its answer replaces the message the button is on. The curating
controls (``rolebot:teach|pick|ignore|open:...``, see `adapters.curating.requests`) go to the
desk through the client.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import discord

from adapters import feedback
from adapters.curating.requests import Act, Request, answer_subject, control_id, parse
from adapters.discord_bot.limits import BUTTON_LABEL_LIMIT, CUSTOM_ID_LIMIT, cut
from bot.core import is_answer_id
from bot.feedback import Feedback
from bot.reply import Suggestion

log = logging.getLogger(__name__)
NAMESPACE = "rolebot:"
ASK_PREFIX = f"{NAMESPACE}ask:"
MOVE_PREFIX = f"{NAMESPACE}move:"
VOTE_PREFIX = f"{NAMESPACE}vote:"


@runtime_checkable
class AnswersSuggestions(Protocol):
    """What the client offers so that a suggestion click gets answered."""

    async def answer_suggestion(
        self, interaction: discord.Interaction[Any], query: str, *, in_place: bool = False
    ) -> None:
        """Answer `query` as the user who clicked; `in_place` replaces the clicked message."""


def ask_custom_id(suggestion: Suggestion) -> str:
    """The custom_id that asks `suggestion`: its query, or its label when the query is too long.

    Labels are questions too (the core keeps them within 75 characters), so asking the label of a
    long query still gets the reply the user expects from the button they read.
    """
    prefix = MOVE_PREFIX if suggestion.in_place else ASK_PREFIX
    for text in (suggestion.query, suggestion.label):
        if len(prefix + text) <= CUSTOM_ID_LIMIT:
            return prefix + text
    return cut(prefix + suggestion.label, CUSTOM_ID_LIMIT)


def clicked_label(item: discord.ui.Item[Any], fallback: str) -> str:
    """The label of the clicked button discord.py hands back, or `fallback` when it has none."""
    return item.label if isinstance(item, discord.ui.Button) and item.label else fallback


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(re.escape(NAMESPACE) + r"(?P<action>ask|move):(?P<query>.+)", re.DOTALL),
):
    """A button that asks a suggestion's query when clicked."""

    def __init__(self, custom_id: str, label: str, style: discord.ButtonStyle) -> None:
        super().__init__(
            discord.ui.Button(
                label=cut(label, BUTTON_LABEL_LIMIT), custom_id=custom_id, style=style
            )
        )

    @classmethod
    def for_suggestion(cls, suggestion: Suggestion, style: discord.ButtonStyle) -> SuggestionButton:
        """The button for one of a reply's suggestions."""
        return cls(ask_custom_id(suggestion), suggestion.label or suggestion.query, style)

    @property
    def query(self) -> str:
        """What clicking the button asks."""
        return self.custom_id.removeprefix(MOVE_PREFIX if self.in_place else ASK_PREFIX)

    @property
    def in_place(self) -> bool:
        """Whether the answer replaces the message the button is on."""
        return self.custom_id.startswith(MOVE_PREFIX)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SuggestionButton:
        """Rebuild the clicked button from its custom_id (called by discord.py on a click)."""
        button = item if isinstance(item, discord.ui.Button) else None
        style = button.style if button is not None else discord.ButtonStyle.secondary
        return cls(match.group(0), clicked_label(item, match["query"]), style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Ask the query, through the client that received the click."""
        client = interaction.client
        if isinstance(client, AnswersSuggestions):
            await client.answer_suggestion(interaction, self.query, in_place=self.in_place)


@dataclass(frozen=True, slots=True)
class Vote:
    """What a feedback button says: which answer, and the choice clicked."""

    answer_id: str
    choice: Feedback


@runtime_checkable
class RecordsVotes(Protocol):
    """What the client offers so that a feedback click gets recorded."""

    async def record_vote(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        """Record the vote `custom_id` carries (see `parse_vote`) as the user who clicked."""


def vote_custom_id(vote: Vote) -> str:
    """The custom_id of a feedback button: ``rolebot:vote:<answer id>:<feedback code>``."""
    return f"{VOTE_PREFIX}{vote.answer_id}:{vote.choice.value}"


def parse_vote(custom_id: str) -> Vote | None:
    """The vote a feedback button's custom_id carries; None when it is not one rolebot made."""
    answer_id, _, code = custom_id.removeprefix(VOTE_PREFIX).rpartition(":")
    choice = Feedback.from_code(code)
    if choice is None or not is_answer_id(answer_id):
        return None
    return Vote(answer_id, choice)


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    # Any data after the prefix, so a forged custom_id reaches `record_vote` and is logged there
    # rather than silently matching nothing.
    template=re.compile(re.escape(VOTE_PREFIX) + r".*", re.DOTALL),
):
    """A "Helpful", "Not helpful" or "None of these" button under one reply."""

    def __init__(self, custom_id: str, label: str, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=cut(label, BUTTON_LABEL_LIMIT),
                custom_id=custom_id,
                style=discord.ButtonStyle.secondary,
                row=row,
            )
        )

    @classmethod
    def for_vote(cls, vote: Vote, row: int) -> VoteButton:
        """The button that casts `vote`, on action row `row`."""
        return cls(vote_custom_id(vote), feedback.label(vote.choice), row)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        """Rebuild the clicked button from its custom_id (called by discord.py on a click)."""
        return cls(match[0], clicked_label(item, "Vote"))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Record the vote, through the client that received the click."""
        client = interaction.client
        if isinstance(client, RecordsVotes):
            await client.record_vote(interaction, self.custom_id)


TEACH_LABEL = "Teach rolebot this"
CHOOSE = "Choose another entry"
_BUTTON_ACTS = "|".join(act.value for act in (Act.TEACH, Act.IGNORE, Act.OPEN))


@runtime_checkable
class Curates(Protocol):
    """What the client offers so that a curating click reaches the desk."""

    async def curate_click(self, interaction: discord.Interaction[Any], request: Request) -> None:
        """Carry out `request` for the user who clicked."""


async def _forward(interaction: discord.Interaction[Any], control: str, chosen: str | None) -> None:
    client = interaction.client
    request = parse(control, chosen)
    if isinstance(client, Curates) and request is not None:
        await client.curate_click(interaction, request)
    else:  # not one rolebot made (forged or mangled): logged, answered without a word
        log.warning("ignored a malformed curating click %s: %.100r", interaction.id, control)
        if not interaction.response.is_done():
            await interaction.response.defer()


class CurateButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(rf"rolebot:(?:{_BUTTON_ACTS}):.+", re.DOTALL),
):
    """Add to an entry, Ignore, or (under an "I don't know") Teach."""

    def __init__(
        self,
        custom_id: str,
        label: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=cut(label, BUTTON_LABEL_LIMIT), custom_id=custom_id, style=style, row=row
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CurateButton:
        """Rebuild the clicked button from its custom_id (called by discord.py on a click)."""
        return cls(match[0], clicked_label(item, "Curate"))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the click to the desk, through the client that received it."""
        await _forward(interaction, self.custom_id, None)


class CurateSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=re.compile(rf"rolebot:{Act.PICK.value}:.+", re.DOTALL),
):
    """A select of entries to add a question to."""

    def __init__(self, custom_id: str, options: Sequence[discord.SelectOption] = ()) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                placeholder=CHOOSE,
                options=list(options) or [discord.SelectOption(label=CHOOSE)],
                row=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CurateSelect:
        """Rebuild the select from its custom_id (discord.py then fills in what was chosen)."""
        options = item.options if isinstance(item, discord.ui.Select) else []
        return cls(match[0], options)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Hand the choice to the desk, through the client that received it."""
        chosen = self.item.values[0] if self.item.values else None
        await _forward(interaction, self.custom_id, chosen)


def teach_button(answer_id: str, row: int) -> CurateButton:
    """The Teach button under an "I don't know" a curator gets."""
    return CurateButton(control_id(Act.OPEN, answer_subject(answer_id)), TEACH_LABEL, row=row)
