"""Reloading the knowledge while serving: on SIGHUP, or when its files change (`--watch`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from adapters.serving.metrics import Metrics
from bot import Bot
from bot.kb.compiled import Compiled, fingerprint
from bot.kb.taught import Taught
from bot.store.base import StoreError

log = logging.getLogger(__name__)


class Reloader:
    """Loads knowledge off the event loop, one reload at a time, and swaps it in if sound."""

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
                result = await asyncio.to_thread(self.bot.reload, self.load)
            except Exception:
                log.exception("could not reload the knowledge; the old knowledge keeps serving")
                self.metrics.reloads.labels("failed").inc()
                return False
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
        now = await asyncio.to_thread(knowledge_fingerprint, directories, taught)
        if now != last or now is None:
            last, pending = now, True
        elif pending:
            pending = False
            await changed()
