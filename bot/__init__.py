"""rolebot core: platform-agnostic answering over the curated knowledge base.

`Bot` is the one front door; adapters depend on its protocol, `bot.core.Core`. It is imported
on first use, so importing one part of the core (the knowledge models, the semantic table)
does not load all of it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# One BLAS thread, set before anything imports numpy. The products here are one query vector
# against at most a few hundred thousand rows, too small to gain from threads; with a core
# per thread busy elsewhere (other replicas, a busy host) the threads wait for each other and
# a 2 ms product takes 5. An operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if TYPE_CHECKING:
    from bot.front import Bot

__all__ = ["Bot"]


def __getattr__(name: str) -> Any:
    if name == "Bot":
        from bot.front import Bot

        return Bot
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
