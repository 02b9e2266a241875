"""What an adapter hands the core: one incoming turn, already stripped of platform types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class MessageKind(Enum):
    """Whether the text is free chat or a command of the shared grammar."""

    QUESTION = "question"
    COMMAND = "command"


@dataclass(frozen=True, slots=True)
class ConversationKey:
    """Identifies one conversation, so follow-up questions keep their context.

    Adapters choose how fine-grained it is: Slack uses the thread, Discord the channel or thread
    plus the user, the console a single fixed key.
    """

    platform: str
    channel: str = ""
    thread: str = ""
    user: str = ""
    # The workspace the channel is in, where channel ids are unique only within one (a Slack
    # team id: with installs in many workspaces two of them may have the same channel id);
    # empty where channel ids are unique anyway.
    space: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """One turn from a user.

    `text` is what the user typed, without platform markup such as mentions (the adapter
    removes it; the core cleans up Unicode and punctuation). For a command,
    `text` is the command line without its prefix, e.g. ``compare ds mle``.
    """

    text: str
    conversation: ConversationKey
    kind: MessageKind = MessageKind.QUESTION

    @property
    def platform(self) -> str:
        """The platform name, for example ``slack``, ``discord`` or ``console``."""
        return self.conversation.platform
