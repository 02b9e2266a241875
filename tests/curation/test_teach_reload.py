"""Two running replicas sharing one store both answer with a taught phrasing after their
next reload, found by `watch` within the reload interval, without a restart."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Awaitable, Callable
from pathlib import Path

from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader, knowledge_fingerprint, watch
from adapters.store import read_taught
from adapters.teaching import teach_phrasing
from bot import Bot
from bot.kb.compiled import Compiled, load_compiled
from bot.kb.taught import Taught
from bot.message import ConversationKey, Message
from bot.store.settings import RecordingSettings

QUESTION = "who signs off gpu spend"
ENTRY = "who-to-ask"
INTERVAL = 0.05  # seconds between the watchers' looks at the files and the store


def entry_of(bot: Bot) -> str | None:
    return bot.respond(Message(QUESTION, ConversationKey("test"))).reply.provenance.entry


async def test_both_replicas_answer_with_what_was_taught_after_their_reload(
    tmp_path: Path,
) -> None:
    store = RecordingSettings(tmp_path / "shared.sqlite3")
    cache = tmp_path / "cache"

    def taught() -> Taught:
        return read_taught(store)

    def load() -> Compiled:
        return load_compiled([], cache, taught())

    replicas = [Reloader(Bot(load()), load, Metrics()) for _ in range(2)]
    assert [entry_of(r.bot) for r in replicas] == [None, None]
    reloaded = [asyncio.Event() for _ in replicas]

    def on_change(number: int, reloader: Reloader) -> Callable[[], Awaitable[None]]:
        async def changed() -> None:
            await reloader.reload("taught")
            reloaded[number].set()

        return changed

    loaded = knowledge_fingerprint([], taught)
    watchers = [
        asyncio.ensure_future(watch([], INTERVAL, on_change(n, r), loaded, taught))
        for n, r in enumerate(replicas)
    ]
    try:
        await asyncio.sleep(INTERVAL * 4)
        assert not any(event.is_set() for event in reloaded), "nothing changed yet"
        base = replicas[0].bot.knowledge
        out, err = io.StringIO(), io.StringIO()
        assert teach_phrasing(store, base, QUESTION, ENTRY, by="test", out=out, err=err) == 0
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in reloaded)), 120)
    finally:
        for watcher in watchers:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
    assert [entry_of(r.bot) for r in replicas] == [ENTRY, ENTRY]
