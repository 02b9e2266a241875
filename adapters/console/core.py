"""What the console uses of the core, imported here and nowhere else in the console.

The console answers through the front door like every adapter (`bot.core.Core`, which
`bot.Bot` implements), and takes completion names from it as Discord's autocomplete does. A
move inside `bot/` is then one edit in this file.
"""

from __future__ import annotations

from bot.answering.wording.answers import in_sentence
from bot.commands import USAGE, Verb, typed
from bot.core import Core
from bot.kb.records import EntityKind
from bot.message import ConversationKey, Message, MessageKind
from bot.reply import Provenance, Reply, Table, table_lines

__all__ = [
    "USAGE",
    "ConversationKey",
    "Core",
    "EntityKind",
    "Message",
    "MessageKind",
    "Provenance",
    "Reply",
    "Table",
    "Verb",
    "in_sentence",
    "table_lines",
    "typed",
]
