"""What a user typed comes back inert on Slack and Discord: no link, no formatting, no mention.

The checkers (tests/inert_text.py) list everything active in rendered text. Usage replies
(`role`, `stage`, `onboard`, `compare` with a name rolebot does not know) quote the name, and
Discord quotes an app command's question above its answer; neither may carry anything active
that the user put there.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from adapters.discord_bot import render as discord_render
from adapters.slack_app import render as slack_render
from bot.answering.deciding import Engine
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import Reply, ReplyKind
from tests.inert_text import (
    ATTACKS,
    DISCORD_ESCAPED,
    ISSUE_INPUT,
    ZWSP,
    discord_active,
    slack_active,
)

KEY = ConversationKey("test", "C1", "", "U1")
echoed = st.lists(
    st.one_of(st.sampled_from(ATTACKS), st.text(max_size=12)), min_size=1, max_size=8
).map("".join)


def slack_texts(reply: Reply) -> list[str]:
    """Every mrkdwn text of the Slack messages for `reply` (plain_text fields are not parsed)."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("type") == "mrkdwn":
                texts.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for message in slack_render.render(reply):
        walk(message.blocks)
    return texts


def discord_texts(reply: Reply) -> list[str]:
    """Every markdown text of the Discord messages for `reply`."""
    texts: list[str] = []
    for piece in discord_render.render(reply):
        texts.extend([piece.content] if piece.content else [])
        for embed in piece.embeds:
            texts.extend(t for t in (embed.title, embed.description, embed.footer.text) if t)
            texts.extend(t for field in embed.fields for t in (field.name, field.value) if t)
    return texts


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=echoed, verb=st.sampled_from(["role", "stage", "onboard", "compare ds"]))
def test_a_usage_reply_quotes_the_name_inertly_on_both_platforms(
    engine: Engine, typed: str, verb: str
) -> None:
    reply = engine.handle(Message(f"{verb} {typed}", KEY, MessageKind.COMMAND))
    assume(reply.kind is ReplyKind.USAGE)
    for text in slack_texts(reply):
        assert slack_active(text) == [], text
    for text in discord_texts(reply):
        assert discord_active(text) == [], text


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=echoed)
@example(typed=">")  # found by this test: a lone ">" began the quoted line
@example(typed="#tag")
@example(typed="+ item")
def test_a_quoted_question_on_discord_is_inert_and_reads_as_typed(
    engine: Engine, typed: str
) -> None:
    assume(typed.strip())
    reply = engine.handle(Message("who owns deployment?", KEY))
    quote = discord_render.render(reply, echo=typed)[0].content or ""
    assert quote.startswith("> ")
    assert discord_active(quote[2:]) == [], quote
    shown = DISCORD_ESCAPED.sub(lambda m: m[0][1], quote[2:])
    defused = "@" + ZWSP  # how a mention is kept from pinging
    assert shown.replace(defused, "@") == " ".join(typed.split()).replace(defused, "@")


@pytest.mark.parametrize("verb", ["role", "stage", "onboard"])
def test_the_issues_link_is_quoted_not_linked(engine: Engine, verb: str) -> None:
    reply = engine.handle(Message(f"{verb} {ISSUE_INPUT}", KEY, MessageKind.COMMAND))
    assert reply.kind is ReplyKind.USAGE
    slack = "\n".join(slack_texts(reply))
    assert "<https://evil.example|" not in slack and "Urgent" in slack
    assert all(slack_active(text) == [] for text in slack_texts(reply))
    assert all(discord_active(text) == [] for text in discord_texts(reply))
