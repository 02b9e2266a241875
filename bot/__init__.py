"""rolebot core: platform-agnostic answering over the curated knowledge base.

`Bot` is the one front door; adapters depend on its protocol, `bot.core.Core`.
"""

from bot.front import Bot

__all__ = ["Bot"]
