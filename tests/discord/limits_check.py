"""One check of everything Discord limits in a message, used on rendered and on sent messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from adapters.discord_bot import limits
from adapters.discord_bot.render import Piece


def assert_fits(content: str | None, embeds: Sequence[discord.Embed], buttons: list[Any]) -> None:
    """Fail unless Discord would accept this message."""
    assert content or embeds, "Discord rejects an empty message"
    assert len(content or "") <= limits.CONTENT_LIMIT
    assert len(embeds) <= limits.EMBEDS_PER_MESSAGE
    assert sum(len(e) for e in embeds) <= limits.EMBED_TOTAL_LIMIT
    for embed in embeds:
        assert len(embed.title or "") <= limits.EMBED_TITLE_LIMIT
        assert len(embed.description or "") <= limits.EMBED_DESCRIPTION_LIMIT
        assert len(embed.fields) <= limits.EMBED_FIELDS_LIMIT
        for field in embed.fields:
            assert field.name and len(field.name) <= limits.EMBED_FIELD_NAME_LIMIT
            assert field.value and len(field.value) <= limits.EMBED_FIELD_VALUE_LIMIT
        assert len(embed.footer.text or "") <= limits.EMBED_FOOTER_LIMIT
    assert len(buttons) <= limits.BUTTONS_PER_MESSAGE
    custom_ids = [b["custom_id"] for b in buttons]
    assert len(set(custom_ids)) == len(custom_ids), "Discord rejects repeated custom_ids"
    for button in buttons:
        assert 0 < len(button["label"]) <= limits.BUTTON_LABEL_LIMIT
        assert 0 < len(button["custom_id"]) <= limits.CUSTOM_ID_LIMIT


def buttons_of(piece: Piece) -> list[Any]:
    """A piece's buttons as Discord receives them."""
    rows = piece.view.to_components() if piece.view is not None else []
    return [button for row in rows for button in row["components"]]


def assert_pieces_fit(pieces: Sequence[Piece]) -> None:
    """Fail unless Discord would accept every message of a rendered reply."""
    assert pieces
    for piece in pieces:
        assert_fits(piece.content, piece.embeds, buttons_of(piece))
