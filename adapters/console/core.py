"""What the console uses of the core, imported here and nowhere else in the console.

A move inside `bot/` is then one edit in this file.
"""

from __future__ import annotations

from typing import Protocol

from bot.answers import in_sentence
from bot.commands import USAGE, Verb, typed
from bot.lexicon import EntityRef, Lexicon
from bot.message import ConversationKey, Message, MessageKind
from bot.plaintext import strip_markup, table_lines, to_json
from bot.reply import Provenance, Reply, Table

__all__ = [
    "USAGE",
    "ConversationKey",
    "Core",
    "EntityRef",
    "Lexicon",
    "Message",
    "MessageKind",
    "Provenance",
    "Reply",
    "Table",
    "Verb",
    "in_sentence",
    "strip_markup",
    "table_lines",
    "to_json",
    "typed",
]


class Core(Protocol):
    """What the console needs of the core: answers, and the names it knows for completion."""

    def handle(self, message: Message) -> Reply:
        """Answer one turn."""
        ...

    @property
    def lexicon(self) -> Lexicon:
        """The role, stage and tool names and aliases the knowledge knows."""
        ...
