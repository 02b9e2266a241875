"""Rendering: what a reply looks like on Discord, and that it always fits Discord's limits."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord_bot import limits
from adapters.discord_bot.buttons import ASK_PREFIX
from adapters.discord_bot.render import BLANK, look, render
from bot.answering.deciding import Engine
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import (
    BODY_LIMIT,
    TITLE_LIMIT,
    Label,
    Provenance,
    Reply,
    ReplyKind,
    Suggestion,
    Table,
)
from tests.discord.limits_check import assert_pieces_fit, buttons_of
from tests.discord.payloads import FIXTURES

KEY = ConversationKey("discord", "1", "", "2")
ROWS = 20  # a table far longer than any comparison


def reply(body: str = "An answer.", **changes: Any) -> Reply:
    """A reply as the core builds them; tests change only what they are about."""
    provenance = Provenance(intent=Label.FAQ, entry="an-entry", matched="a phrasing", score=0.87)
    return replace(Reply(ReplyKind.ANSWER, "A title", body, provenance), **changes)


def test_limits_match_the_recorded_platform_limits() -> None:
    recorded = json.loads((FIXTURES / "limits.json").read_text(encoding="utf-8"))["discord"]
    embed = recorded["embed"]
    assert recorded["message_content_max_chars"]["value"] == limits.CONTENT_LIMIT
    assert embed["title"] == limits.EMBED_TITLE_LIMIT
    assert embed["description"] == limits.EMBED_DESCRIPTION_LIMIT
    assert embed["fields"] == limits.EMBED_FIELDS_LIMIT
    assert embed["field_name"] == limits.EMBED_FIELD_NAME_LIMIT
    assert embed["field_value"] == limits.EMBED_FIELD_VALUE_LIMIT
    assert embed["footer_text"] == limits.EMBED_FOOTER_LIMIT
    assert embed["total_chars_all_embeds_in_message"] == limits.EMBED_TOTAL_LIMIT
    assert recorded["button_label_max_chars"]["value"] == limits.BUTTON_LABEL_LIMIT
    assert recorded["custom_id_chars"]["max"] == limits.CUSTOM_ID_LIMIT
    assert recorded["autocomplete_choices_max"]["value"] == limits.AUTOCOMPLETE_CHOICES_LIMIT
    deadline = recorded["interaction_initial_response_deadline_seconds"]["value"]
    assert deadline == limits.RESPONSE_DEADLINE_SECONDS


def test_an_answer_is_one_embed_with_no_provenance_shown() -> None:
    (piece,) = render(reply("**Owner:** ML engineer.\n- Ships models"))
    (embed,) = piece.embeds
    assert embed.title == "A title"
    assert embed.description == "**Owner:** ML engineer.\n- Ships models"
    assert embed.footer.text is None, "provenance is shown only when asked with why?"
    assert "an-entry" not in str(embed.to_dict()) and "a phrasing" not in str(embed.to_dict())
    assert piece.content is None and piece.view is None


def test_suggestions_are_buttons_that_ask_them() -> None:
    suggestions = (Suggestion("ML engineer vs data scientist", "compare mle ds"),)
    (piece,) = render(reply(suggestions=suggestions))
    assert buttons_of(piece) == [
        {
            "type": 2,
            "style": discord.ButtonStyle.secondary.value,
            "disabled": False,
            "label": "ML engineer vs data scientist",
            "custom_id": "rolebot:ask:compare mle ds",
        }
    ]


@pytest.mark.parametrize("kind", list(ReplyKind), ids=lambda k: k.value)
def test_every_kind_of_reply_renders(kind: ReplyKind) -> None:
    pieces = render(reply(kind=kind, suggestions=(Suggestion("Who owns deployment?", "x"),)))
    colour, style = look(kind)
    assert pieces[0].embeds[0].colour == colour
    assert buttons_of(pieces[-1])[0]["style"] == style.value


def test_did_you_mean_buttons_stand_out() -> None:
    assert look(ReplyKind.CLARIFY)[1] is discord.ButtonStyle.primary
    assert look(ReplyKind.ANSWER)[1] is discord.ButtonStyle.secondary


def test_a_comparison_is_one_field_per_factor(engine: Engine) -> None:
    compared = engine.handle(Message("compare ds mle", KEY, MessageKind.COMMAND))
    assert compared.table is not None
    (piece,) = render(compared)
    (embed,) = piece.embeds
    assert embed.title == "Data scientist vs ML engineer"
    assert [f.name for f in embed.fields] == [row[0] for row in compared.table.rows]
    focus = embed.fields[0].value or ""
    assert focus.startswith("**Data scientist:** ")
    assert "\n**ML engineer:** " in focus
    assert not any(f.inline for f in embed.fields)


def test_a_long_answer_is_split_never_cut() -> None:
    sentence = "Data scientists explore data and build the first models. "
    body = (sentence * (BODY_LIMIT // len(sentence)))[:BODY_LIMIT].strip()
    suggestions = (Suggestion("Next", "next"),)
    pieces = render(reply(body, suggestions=suggestions))
    # Three descriptions of about 4000 characters; two would pass 6000 in one message.
    assert len(pieces) == 3
    assert_pieces_fit(pieces)
    embeds = [e for p in pieces for e in p.embeds]
    assert embeds[0].title == "A title" and all(e.title is None for e in embeds[1:])
    assert " ".join(e.description or "" for e in embeds).split() == body.split()
    assert [p.view is not None for p in pieces] == [False, False, True], "buttons at the end"
    assert all(e.footer.text is None for e in embeds)


def test_a_full_title_and_a_long_description_fit_their_messages() -> None:
    provenance = Provenance(Label.FAQ, "an-entry", "matched words " * 300, 0.5)
    pieces = render(reply("word " * 2400, title="_" * TITLE_LIMIT, provenance=provenance))
    assert_pieces_fit(pieces)


def test_a_wide_table_is_split_into_fields_and_embeds() -> None:
    cell = "word " * 150  # 750 characters: two of them overflow a field
    header = ("", "First role", "Second role", "Third role")
    rows = tuple((f"Factor {n}", cell, cell, cell) for n in range(ROWS))
    pieces = render(reply(table=Table(header, rows)))
    assert_pieces_fit(pieces)
    fields = [f for p in pieces for e in p.embeds for f in e.fields]
    assert [f.name for f in fields if f.name != BLANK] == [row[0] for row in rows]
    assert sum((f.value or "").count("**First role:**") for f in fields) == ROWS


def test_the_echoed_question_is_quoted_escaped_and_split() -> None:
    (piece,) = render(reply(), echo="who pings @everyone?")
    assert piece.content == "> who pings @\u200beveryone?"
    pieces = render(reply(), echo="why? " * 1000)
    assert_pieces_fit(pieces)
    assert [p.embeds == () for p in pieces] == [True, True, False]


def test_button_labels_and_custom_ids_fit() -> None:
    long_query = "what does a data scientist do all day " * 5
    suggestions = (
        Suggestion("x" * 120, "short query"),
        Suggestion("Long one", long_query),
        Suggestion("Same query", "short query"),
    )
    (piece,) = render(reply(suggestions=suggestions))
    buttons = buttons_of(piece)
    assert_pieces_fit([piece])
    assert [b["custom_id"] for b in buttons] == [
        ASK_PREFIX + "short query",
        ASK_PREFIX + "Long one",
    ]
    assert buttons[0]["label"] == "x" * 79 + "…"


TEXT = st.text(st.characters(codec="utf-8"), min_size=1)  # what Discord's JSON can carry


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=1, max_size=TITLE_LIMIT),
    body=st.text(min_size=1, max_size=BODY_LIMIT),
    cells=st.lists(st.lists(TEXT.map(lambda s: s[:1500]), min_size=3, max_size=3), max_size=20),
    labels=st.lists(st.text(min_size=1, max_size=120), max_size=6),
    echo=st.text(max_size=3000),
    matched=st.text(max_size=3000),
)
def test_any_reply_fits_discord(
    title: str, body: str, cells: list[list[str]], labels: list[str], echo: str, matched: str
) -> None:
    table = Table(("", "A", "B"), tuple((c[0], c[1], c[2]) for c in cells)) if cells else None
    suggestions = tuple(Suggestion(label, label * 3) for label in labels)
    provenance = Provenance(Label.FAQ, "an-entry", matched, 0.5)
    changes = {"title": title, "table": table, "suggestions": suggestions, "provenance": provenance}
    pieces = render(reply(body, **changes), echo=echo)
    assert_pieces_fit(pieces)
