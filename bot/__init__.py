"""rolebot core: platform-agnostic answering over the curated knowledge base.

`Bot` is the one front door; adapters depend on its protocol, `bot.core.Core`. It is imported
on first use, so importing one part of the core (the knowledge models, the semantic table)
does not load all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.front import Bot

__all__ = ["Bot"]


def __getattr__(name: str) -> Any:
    if name == "Bot":
        from bot.front import Bot

        return Bot
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
