"""Reloading the knowledge while serving: on SIGHUP, or when its files change (`--watch`)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from adapters.serving.metrics import Metrics
from bot import Bot
from bot.front import Reloaded
from bot.kb.compiled import Compiled, fingerprint, keep_loaded
from bot.kb.problems import KnowledgeError
from bot.kb.taught import Taught
from bot.store.base import StoreError

T = TypeVar("T")

log = logging.getLogger(__name__)


class Reloader:
    """Loads knowledge off the event loop, one reload at a time, and swaps it in if sound.

    Cancelling a reload (shutdown does) stops waiting for the load at once: the load runs on a
    daemon thread, which the process does not wait for when it exits, and its result is dropped.
    """

    def __init__(self, bot: Bot, load: Callable[[], Compiled], metrics: Metrics) -> None:
        self.bot = bot
        self.load = load
        self.metrics = metrics
        self._one_at_a_time = asyncio.Lock()

    async def reload(self, reason: str) -> bool:
        """Reload now; True if the new knowledge serves. A broken edit keeps the old knowledge,
        and each of its problems is logged as ``file:line: message``."""
        async with self._one_at_a_time:
            log.info("reloading the knowledge (%s)", reason)
            try:
                compiled = await in_daemon_thread(self.load)
            except KnowledgeError as error:
                result = Reloaded(problems=tuple(error.problems))
            except StoreError as error:  # the database is down or locked: say why, in one line
                log.error(
                    "could not reload the knowledge: %s; the old knowledge keeps serving", error
                )
                self.metrics.reloads.labels("failed").inc()
                return False
            except Exception:
                log.exception("could not reload the knowledge; the old knowledge keeps serving")
                self.metrics.reloads.labels("failed").inc()
                return False
            else:
                # Swapped in here, on the loop: a reload cancelled while loading changes nothing.
                result = Reloaded(forgotten=self.bot.swap(compiled))
                if gc.get_freeze_count():  # serving froze the old knowledge: free it, freeze this
                    keep_loaded()
            if not result.ok:
                for problem in result.problems:
                    log.error("%s", problem)
                log.error(
                    "knowledge not reloaded: %d problem(s); the old knowledge keeps serving",
                    len(result.problems),
                )
                self.metrics.reloads.labels("failed").inc()
                return False
            base = self.bot.knowledge
            self.metrics.knowledge(base)
            self.metrics.reloads.labels("ok").inc()
            log.info(
                "knowledge reloaded: %d entries, %d roles, %d stages, %d tools%s",
                len(base.faq),
                len(base.roles),
                len(base.stages),
                len(base.tools),
                f"; {result.forgotten} conversation(s) forgotten" if result.forgotten else "",
            )
            return True


async def in_daemon_thread(work: Callable[[], T]) -> T:
    """`work()` on a thread of its own, awaited without blocking the loop.

    Unlike `asyncio.to_thread`, whose executor threads the interpreter joins at exit, a
    cancelled wait here leaves nothing that can hold up shutdown.
    """
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[T] = loop.create_future()

    def settle(set_outcome: Callable[[], None]) -> None:
        if not outcome.done():  # done already: the waiter was cancelled
            set_outcome()

    def run() -> None:
        action: Callable[[], None]
        try:
            result = work()
        except BaseException as error:  # handed to the waiter, which raises it
            action = functools.partial(outcome.set_exception, error)
        else:
            action = functools.partial(outcome.set_result, result)
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            loop.call_soon_threadsafe(settle, action)

    threading.Thread(target=run, name="rolebot-reload", daemon=True).start()
    return await outcome


def knowledge_fingerprint(
    directories: Sequence[Path], taught: Callable[[], Taught] | None = None
) -> str | None:
    """What `watch` compares: the files and, with `taught`, what curators taught in the store
    (so replicas sharing it reload after a teach). None while a file is vanishing mid-edit or
    the store cannot be read."""
    try:
        return fingerprint(directories, taught() if taught is not None else None)
    except OSError:  # a file vanished between listing and stat: an edit in progress
        return None
    except StoreError as error:
        log.warning("cannot read what was taught: %s", error)
        return None


async def watch(
    directories: Sequence[Path],
    interval: float,
    changed: Callable[[], Awaitable[object]],
    loaded: str | None,
    taught: Callable[[], Taught] | None = None,
) -> None:
    """Call `changed` after the knowledge files change from `loaded`, until cancelled.

    `loaded` is the fingerprint taken before the serving knowledge was loaded, so an edit made
    while rolebot starts is not missed. Polls file sizes and modification times every
    `interval` seconds, and waits for one quiet interval after a change, so an editor saving
    several files triggers one reload.
    """
    last, pending = loaded, False
    while True:
        await asyncio.sleep(interval)
        # Reading the store may wait on its busy timeout: on a daemon thread, so exit never does.
        now = await in_daemon_thread(lambda: knowledge_fingerprint(directories, taught))
        if now != last or now is None:
            last, pending = now, True
        elif pending:
            pending = False
            await changed()
