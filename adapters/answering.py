"""How the chat platforms answer: the core's synchronous work on a few worker threads.

The core is plain synchronous Python, and each platform's event loop must stay free: Slack
wants every request acknowledged within 3 s, Discord's gateway wants its heartbeats. So Slack
and Discord both answer through an `Answering`: `run` hands a turn's CPU work (answering, and
rendering the reply) to one of its few worker threads, taken in arrival order; what does not fit
waits its turn. Delivering the reply is network I/O on the event loop, outside the threads: a
slow or hanging platform API holds up only the turn it is delivering, never anyone's answering.

Each answering thread takes an equal share of the GIL with the event loop, so fewer threads
mean faster acknowledgements and later last answers (see `bench/slack_load.py`).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Answering:
    """A fixed number of answering threads."""

    def __init__(self, at_once: int, name: str) -> None:
        self.at_once = at_once
        self._executor = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix=name)

    async def run(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` on one of the threads, off the event loop, and return what it returns."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(work, *args, **kwargs))

    def close(self) -> None:
        """Stop the threads; work still waiting for one is cancelled."""
        self._executor.shutdown(wait=False, cancel_futures=True)
