"""Everything the peers bench takes from rolebot, in one place, so a move inside `bot/` is one
edit here."""

from bot import Bot
from bot.answering.policy import default_policy
from bot.curation.evaluation import (
    DECLINE,
    QUESTION_SET,
    Outcome,
    QuestionSet,
    Report,
    Turn,
    label,
    load_question_set,
)
from bot.kb.base import KnowledgeBase
from bot.kb.loader import load as load_knowledge
from bot.kb.problems import KnowledgeError
from bot.message import ConversationKey, Message
from bot.understanding.targets import targets

__all__ = [
    "DECLINE",
    "QUESTION_SET",
    "Bot",
    "ConversationKey",
    "KnowledgeBase",
    "KnowledgeError",
    "Message",
    "Outcome",
    "QuestionSet",
    "Report",
    "Turn",
    "default_policy",
    "label",
    "load_knowledge",
    "load_question_set",
    "targets",
]
