"""Bad input always gets a short, friendly reply: never an exception, always within limits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.markup import strip_markup
from bot.answering.deciding import Engine
from bot.kb.base import KnowledgeBase
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import (
    BODY_LIMIT,
    SUGGESTION_LABEL_LIMIT,
    SUGGESTION_LIMIT,
    TITLE_LIMIT,
    Reply,
    ReplyKind,
)

KEY = ConversationKey("test", "channel", "", "user")


def within_limits(reply: Reply) -> None:
    assert reply.title and len(reply.title) <= TITLE_LIMIT
    assert reply.body and len(reply.body) <= BODY_LIMIT
    assert len(reply.suggestions) <= SUGGESTION_LIMIT
    assert all(0 < len(s.label) <= SUGGESTION_LABEL_LIMIT and s.query for s in reply.suggestions)
    assert 0.0 <= reply.provenance.score <= 1.0
    if reply.table is not None:
        assert all(len(row) == len(reply.table.header) for row in reply.table.rows)


BAD_INPUTS = {
    "empty": "",
    "whitespace": " \t\n  ",
    "only-a-mention": "<@U0LAN0Z89>",
    "only-a-discord-mention": "<@!123456789012345678>",
    "emoji-only": "🙂🚀 :tada: :+1:",
    "100kb": "data scientist " * 7000,
    "control-chars": "who\x00 owns\x07 deploy\x1bment?",
    "zero-width": "who\u200b owns\u200d deployment\ufeff?",
    "right-to-left": "\u202eمن يملك النشر؟",
    "binary-junk": bytes(range(256)).decode("latin-1"),
    "markup-only": "*_~`>|",
    "lone-surrogate": "who owns \ud800 deployment",
}


@pytest.mark.parametrize("text", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
@pytest.mark.parametrize("kind", list(MessageKind), ids=lambda k: k.value)
def test_bad_input_gets_a_friendly_reply(engine: Engine, text: str, kind: MessageKind) -> None:
    reply = engine.handle(Message(text, KEY, kind))
    within_limits(reply)
    assert "Traceback" not in reply.body


@pytest.mark.parametrize(
    "text", ["", "   ", "<@U0LAN0Z89>", "🙂🚀"], ids=["empty", "space", "mention", "emoji"]
)
def test_nothing_to_answer_is_a_gentle_nudge(engine: Engine, text: str) -> None:
    reply = engine.handle(Message(strip_markup(text), KEY))  # as the adapters hand it over
    assert reply.kind is ReplyKind.DECLINE
    assert reply.suggestions, "a nudge should offer something to ask"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=2000), kind=st.sampled_from(list(MessageKind)))
def test_handle_never_raises_and_stays_within_limits(
    engine: Engine, text: str, kind: MessageKind
) -> None:
    within_limits(engine.handle(Message(text, KEY, kind)))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.sampled_from(
            "who owns deployment ds mle mlops vs compare tools skills and what about k8s docker "
            "data scientist engineer analyst entry level role stage help tour ask".split()
        ),
        max_size=12,
    ),
    kind=st.sampled_from(list(MessageKind)),
)
def test_domain_word_salad_never_raises(
    engine: Engine, words: list[str], kind: MessageKind
) -> None:
    key = ConversationKey("test", "salad")
    within_limits(engine.handle(Message(" ".join(words), key, kind)))


def test_long_team_text_is_cut_to_the_neutral_limits(shipped: KnowledgeBase) -> None:
    role = shipped.roles["data-scientist"]
    long_role = role._replace(description="word " * 5000)
    base = replace(shipped, roles={**shipped.roles, "data-scientist": long_role})
    within_limits(Engine(base).handle(Message("what does a data scientist do?", KEY)))
