"""Asking the engine one question on its own, as the evaluation labels its reply."""

from __future__ import annotations

from bot.answering.deciding import Engine
from bot.curation.evaluation import label
from bot.message import ConversationKey, Message


def label_of(engine: Engine, question: str) -> str:
    """The evaluation label of the reply to `question`, asked in a conversation of its own."""
    return label(engine.handle(Message(question, ConversationKey("test", question))))
