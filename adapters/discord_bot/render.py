"""A neutral reply as Discord messages: an embed, fields and buttons, within Discord's limits.

Rendering never sends: `render` returns the messages to send, in order, and the glue sends them.
A long reply becomes several embeds and, past 6000 characters, several messages; nothing is
dropped. Suggestion buttons go on the last message, under the end of the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

import discord

from adapters.chunks import split_text
from adapters.discord_bot.buttons import SuggestionButton, Vote, VoteButton, teach_button
from adapters.discord_bot.limits import (
    BUTTONS_PER_MESSAGE,
    BUTTONS_PER_ROW,
    CONTENT_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_NAME_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_FIELDS_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE,
    cut,
)
from adapters.discord_bot.markdown import escape, inert, to_discord
from adapters.feedback import offered
from bot.reply import Reply, ReplyKind, Table

BLANK = "\u200b"  # Discord rejects empty field names; a zero-width space shows nothing
# Feedback buttons keep the last action row to themselves, under the suggestions.
VOTE_ROW = BUTTONS_PER_MESSAGE // BUTTONS_PER_ROW - 1
SUGGESTION_BUTTONS = BUTTONS_PER_MESSAGE - BUTTONS_PER_ROW


@dataclass(frozen=True, slots=True)
class Piece:
    """One Discord message to send: content, embeds and buttons, each within Discord's limits."""

    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    view: discord.ui.View | None = None


def look(kind: ReplyKind) -> tuple[discord.Colour, discord.ButtonStyle]:
    """The embed colour and button style of a kind of reply."""
    match kind:
        case ReplyKind.ANSWER:
            return discord.Colour.blurple(), discord.ButtonStyle.secondary
        case ReplyKind.CLARIFY:
            # "Which one did you mean?": the buttons are the answer, so they stand out.
            return discord.Colour.gold(), discord.ButtonStyle.primary
        case ReplyKind.DECLINE:
            return discord.Colour.light_grey(), discord.ButtonStyle.secondary
        case ReplyKind.USAGE:
            return discord.Colour.orange(), discord.ButtonStyle.primary
        case ReplyKind.HELP | ReplyKind.TOUR:
            return discord.Colour.green(), discord.ButtonStyle.secondary
        case _:
            assert_never(kind)


def table_fields(table: Table) -> list[tuple[str, str]]:
    """A comparison as embed fields: one per row, each column's cell on its own line."""
    fields: list[tuple[str, str]] = []
    for label, *cells in table.rows:
        lines = [
            f"**{escape(head, line_start=False)}:** {escape(cell, line_start=False)}"
            for head, cell in zip(table.header[1:], cells, strict=True)
        ]
        name = cut(escape(label), EMBED_FIELD_NAME_LIMIT) or BLANK
        for number, value in enumerate(split_text("\n".join(lines), EMBED_FIELD_VALUE_LIMIT)):
            fields.append((name if number == 0 else BLANK, value))
    return fields


def embeds(reply: Reply) -> list[discord.Embed]:
    """The reply as embeds, each within a message's limits. Provenance is not shown: a person
    asks for it with `why?`."""
    colour, _ = look(reply.kind)
    budget = EMBED_TOTAL_LIMIT
    result = [discord.Embed(title=cut(escape(reply.title), EMBED_TITLE_LIMIT), colour=colour)]
    for number, text in enumerate(split_text(to_discord(reply.body), EMBED_DESCRIPTION_LIMIT)):
        if number:
            result.append(discord.Embed(colour=colour))
        result[-1].description = text
    for name, value in table_fields(reply.table) if reply.table is not None else []:
        last = result[-1]
        if len(last.fields) == EMBED_FIELDS_LIMIT or len(last) + len(name) + len(value) > budget:
            last = discord.Embed(colour=colour)
            result.append(last)
        last.add_field(name=name, value=value, inline=False)
    return result


def _messages(all_embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    groups: list[list[discord.Embed]] = [[]]
    total = 0
    for embed in all_embeds:
        size = len(embed)
        if groups[-1] and (
            len(groups[-1]) == EMBEDS_PER_MESSAGE or total + size > EMBED_TOTAL_LIMIT
        ):
            groups.append([])
            total = 0
        groups[-1].append(embed)
        total += size
    return groups


def view(
    reply: Reply, answer_id: str | None = None, *, teach: bool = False
) -> discord.ui.View | None:
    """The reply's suggestions as buttons that ask them and, with its `answer_id`, its feedback
    buttons (see `bot.feedback`) and, with `teach` (a curator's "I don't know"), a Teach button;
    None when there are no buttons."""
    votes = [Vote(answer_id, c) for c in offered(reply.kind)] if answer_id is not None else []
    teaching = teach and answer_id is not None
    if not reply.suggestions and not votes and not teaching:
        return None
    _, style = look(reply.kind)
    buttons = discord.ui.View(timeout=None)
    seen: set[str] = set()
    for suggestion in reply.suggestions:
        button = SuggestionButton.for_suggestion(suggestion, style)
        # Discord rejects a message whose custom_ids repeat.
        if button.custom_id not in seen and len(seen) < SUGGESTION_BUTTONS:
            seen.add(button.custom_id)
            buttons.add_item(button)
    for vote in votes:
        buttons.add_item(VoteButton.for_vote(vote, VOTE_ROW))
    if teaching and answer_id is not None:
        buttons.add_item(teach_button(answer_id, VOTE_ROW))
    return buttons


def render(
    reply: Reply, *, echo: str = "", answer_id: str | None = None, teach: bool = False
) -> list[Piece]:
    """The messages that show `reply`, in order (`teach`: see `view`).

    `echo` is what the user asked, quoted above the answer where Discord does not show it
    (an app command's options, the button that was clicked); nothing in it is active.
    With the reply's `answer_id`, answers and clarifications carry feedback buttons.
    """
    contents = split_text(f"> {inert(echo)}", CONTENT_LIMIT) if echo else []
    groups = _messages(embeds(reply))
    pieces = [Piece(content=content) for content in contents[:-1]]
    for number, group in enumerate(groups):
        last = number == len(groups) - 1
        pieces.append(
            Piece(
                content=contents[-1] if contents and number == 0 else None,
                embeds=tuple(group),
                view=view(reply, answer_id, teach=teach) if last else None,
            )
        )
    return pieces


def addressed(pieces: list[Piece], mention: str) -> list[Piece]:
    """`pieces` opened with a mention of whom they are for (a welcome in a server channel).

    The mention shows as the person's name; sending with no allowed mentions means it never
    pings them.
    """
    first, *rest = pieces
    content = f"{mention} {first.content}" if first.content else mention
    return [replace(first, content=content), *rest]
