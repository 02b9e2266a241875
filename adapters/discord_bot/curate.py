"""Curating in Discord: what the desk returns as embeds and components, and the curating
buttons and select as discord.py dynamic items.

`/roles curate` shows each waiting question as an ephemeral message of its own: an embed, a
row with "Add to <suggested entry>" and "Ignore", and a select of other entries. The Teach
button under an "I don't know" a curator gets opens the same message for that question. What
each control does travels in its custom_id (see `adapters.curating.requests`), so clicks work
after a restart and on any shard; the desk decides and words everything.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from adapters.curating.desk import Outcome, Pending
from adapters.curating.requests import Act, control_id
from adapters.discord_bot.buttons import CurateButton, CurateSelect
from adapters.discord_bot.limits import (
    CONTENT_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_TITLE_LIMIT,
    SELECT_OPTION_LABEL_LIMIT,
    SELECT_OPTIONS_LIMIT,
    cut,
)
from adapters.discord_bot.markdown import escape
from adapters.discord_bot.render import Piece

QUEUE_INTRO = (
    "**Unanswered questions**: the most asked in the last 30 days. Add each to the entry that "
    "answers it, choose another entry, or ignore it; rolebot answers with it at once."
)
PROMPT_INTRO = "**Teach rolebot this question**"


def _embed(pending: Pending) -> discord.Embed:
    lines = [f"Asked {pending.asked}x"]
    if pending.wordings:
        lines.append(f"Also asked as: {escape(' | '.join(pending.wordings))}")
    if pending.suggested is not None:
        score = f", score {pending.score:.2f}" if pending.score is not None else ""
        lines.append(
            f"Suggested: **{escape(pending.suggested.title)}** (`{pending.suggested.entry}`{score})"
        )
    else:
        lines.append("No entry is close: choose one, or write one with `rolebot teach --new`.")
    return discord.Embed(
        title=cut(escape(pending.question), EMBED_TITLE_LIMIT),
        description=cut("\n".join(lines), EMBED_DESCRIPTION_LIMIT),
        colour=discord.Colour.gold(),
    )


def _view(pending: Pending) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    subject = pending.subject
    if pending.suggested is not None:
        entry = pending.suggested.entry
        add = f"Add to {pending.suggested.title}"
        view.add_item(
            CurateButton(
                control_id(Act.TEACH, subject, entry), add, discord.ButtonStyle.primary, row=0
            )
        )
    view.add_item(CurateButton(control_id(Act.IGNORE, subject), "Ignore", row=0))
    if pending.choices:
        options = [
            discord.SelectOption(label=cut(c.title, SELECT_OPTION_LABEL_LIMIT), value=c.entry)
            for c in pending.choices[:SELECT_OPTIONS_LIMIT]
        ]
        view.add_item(CurateSelect(control_id(Act.PICK, subject), options))
    return view


def _piece(pending: Pending, content: str | None = None) -> Piece:
    return Piece(content=content, embeds=(_embed(pending),), view=_view(pending))


def shown(result: Sequence[Pending] | Pending | Outcome) -> list[Piece]:
    """Whatever the desk returned, as the messages to show the clicker (ephemeral)."""
    if isinstance(result, Outcome):
        return [Piece(content=cut(escape(result.text), CONTENT_LIMIT))]
    if isinstance(result, Pending):
        return [_piece(result, PROMPT_INTRO)]
    return [_piece(p, QUEUE_INTRO if n == 0 else None) for n, p in enumerate(result)]
