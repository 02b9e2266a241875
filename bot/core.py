"""What every caller of the core relies on: one turn in, one reply out."""

from __future__ import annotations

from typing import Protocol

from bot.message import Message
from bot.reply import Reply


class Core(Protocol):
    """`Engine`, or anything wrapping one (recording, reloading) with the same replies."""

    def handle(self, message: Message) -> Reply:
        """Answer one turn; never raises on any input."""
        ...

    def welcome(self, platform: str) -> Reply:
        """The welcome a newcomer gets."""
        ...

    def home(self, platform: str) -> Reply:
        """The start page (Slack's App Home)."""
        ...
