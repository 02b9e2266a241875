"""How the chat platforms answer: the core's synchronous work on a few worker threads.

The core is plain synchronous Python, and each platform's event loop must stay free: Slack
wants every request acknowledged within 3 s, Discord's gateway wants its heartbeats. So Slack
and Discord both answer through an `Answering`: `run` hands a turn's CPU work (answering, and
rendering the reply) to one of its few worker threads, taken in arrival order; what does not fit
waits its turn. Delivering the reply is network I/O on the event loop. An adapter that must
also bound its deliveries holds one of as many `slot`s from answering into delivering (Slack
does: see `adapters/slack_app/app.py`): a quick delivery keeps it, so answering cannot outpace
delivering and crowd the event loop; a delivery still waiting after a short grace is waiting
on the network, not the CPU, and gives its slot back (`deliver`), so a slow or hanging platform
API never holds up answering anyone else.

Each answering thread takes an equal share of the GIL with the event loop, so fewer threads
mean faster acknowledgements and later last answers (see `bench/slack_load.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Slot:
    """One held slot of an `Answering`, given back at the end of the turn or earlier."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self._slots = slots
        self._held = True

    def give_back(self) -> None:
        """Release the slot now (once; later calls do nothing)."""
        if self._held:
            self._held = False
            self._slots.release()


class Answering:
    """A fixed number of answering threads, and as many slots for turns."""

    def __init__(self, at_once: int, name: str) -> None:
        self.at_once = at_once
        self._executor = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix=name)
        self._slots = asyncio.Semaphore(at_once)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[Slot]:
        """Hold one of the `at_once` slots for a turn, until it ends or is given back."""
        await self._slots.acquire()
        held = Slot(self._slots)
        try:
            yield held
        finally:
            held.give_back()

    async def deliver(self, slot: Slot, sending: Awaitable[T], grace: float) -> T:
        """Await `sending`, holding `slot` for at most `grace` seconds of it."""
        task = asyncio.ensure_future(sending)
        try:
            return await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            slot.give_back()
            return await task  # cancelling this wait cancels the task too
        except asyncio.CancelledError:
            task.cancel()
            raise

    async def run(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work` on one of the threads, off the event loop, and return what it returns."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(work, *args, **kwargs))

    def close(self) -> None:
        """Stop the threads; work still waiting for one is cancelled."""
        self._executor.shutdown(wait=False, cancel_futures=True)
