"""The life of `rolebot serve`: start, serve until a signal, shut down without dropping answers.

Start: the HTTP server first (so probes see "not ready" rather than nothing), then each
adapter connects. A refused token stops everything with a one-line error.

Stop (SIGTERM or SIGINT): /healthz turns 503 and adapters stop taking new turns, then the HTTP
server closes, turns already taken get up to the grace period to be answered and delivered,
adapters disconnect, and the caller closes the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from aiohttp import web

from adapters.serving import http
from adapters.serving.health import KNOWLEDGE, Health
from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader, watch
from adapters.settings.errors import SettingsError
from adapters.settings.names import HOST_ENV, PORT_ENV
from adapters.settings.sections import ServingSettings
from bot.kb.taught import Taught

log = logging.getLogger(__name__)

# How long a failed delivery keeps /healthz "degraded": long enough for a probe or a person to
# see it, short enough to clear once Slack is back.
DEGRADED_SECONDS = 300.0


class AdapterError(Exception):
    """An adapter could not start (a refused token, an unreachable platform); one line."""


class Failures(Protocol):
    """Failures counted where they happen: how many, and the latest reason if recent."""

    @property
    def count(self) -> int:
        """How many since start."""
        ...

    def recent(self, within: float) -> str | None:
        """The latest reason, if one happened in the last `within` seconds."""
        ...


class Adapter(Protocol):
    """One platform, as `rolebot serve` drives it."""

    name: str

    def routes(self) -> Sequence[web.RouteDef]:
        """HTTP routes it serves on the shared server (Slack's HTTP mode), if any."""
        ...

    async def start(self) -> None:
        """Check credentials and connect; raises AdapterError with a one-line reason."""
        ...

    def connected(self) -> bool:
        """Whether it can receive and answer turns now."""
        ...

    def failure(self) -> asyncio.Future[None] | None:
        """After `start`: the task holding its connection (the same one each call), which
        ends if the connection fails for good; None when it has no such task."""
        ...

    def delivery_failures(self) -> Failures | None:
        """Answers it could not deliver, if it counts them."""
        ...

    async def stop_intake(self) -> None:
        """Stop receiving new turns; turns already received still get answered."""
        ...

    async def close(self) -> None:
        """Disconnect and release everything."""
        ...


@dataclass(slots=True)
class Server:
    """Everything `serve` runs: adapters, the knowledge reloader, health and metrics."""

    adapters: Sequence[Adapter]
    reloader: Reloader
    metrics: Metrics
    settings: ServingSettings
    knowledge_dirs: Sequence[Path] = ()
    loaded_fingerprint: str | None = None  # of the knowledge files, taken before loading them
    taught: Callable[[], Taught] | None = None  # what curators taught, read from the store
    health: Health = field(default_factory=Health)
    urls: list[str] = field(default_factory=list)  # where the HTTP server listens, once it does
    # Run last at shutdown, on the loop: what holds connections made on it (Redis's).
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: set[asyncio.Task[object]] = field(default_factory=set)

    def stop(self) -> None:
        """Shut down as on SIGTERM (for embedders and tests; the signals call this)."""
        self._stop.set()

    async def run(self) -> int:
        """Serve until SIGTERM or SIGINT (0), or until an adapter fails (1) or is refused (2)."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self.stop)
        loop.add_signal_handler(signal.SIGHUP, lambda: self._spawn(self.reloader.reload("SIGHUP")))
        self.health.add(KNOWLEDGE, lambda: True)  # loaded before serve starts; reloads keep it
        self.metrics.knowledge(self.reloader.bot.knowledge)
        for adapter in self.adapters:
            self.health.add(adapter.name, adapter.connected)
            self.metrics.platform(adapter.name)
            if (failures := adapter.delivery_failures()) is not None:
                self._watch_deliveries(adapter.name, failures)
        runner = web.AppRunner(
            http.application(
                self.health, self.metrics, [r for a in self.adapters for r in a.routes()]
            ),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=self.settings.shutdown_grace,
        )
        await runner.setup()
        code = 0
        try:
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            try:
                await site.start()
            except OSError as error:  # the port is taken, or the address is not this machine's
                reason = os.strerror(error.errno) if error.errno else str(error)
                where = f"{self.settings.host}:{self.settings.port}"
                raise SettingsError(
                    f"cannot listen on {where}: {reason} (set {HOST_ENV} or {PORT_ENV})"
                ) from None
            self._listening(runner)
            code = await self._serve(self._stop)
        finally:
            await self._shutdown(runner)
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.remove_signal_handler(signum)
        return code

    async def _serve(self, stop: asyncio.Event) -> int:
        stopping = asyncio.ensure_future(_until(stop))
        starting = asyncio.ensure_future(self._start_adapters())
        # A signal while an adapter is still connecting (a slow network) stops at once.
        await asyncio.wait([stopping, starting], return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            log.info("stopping before every adapter started")
            return 0
        if (error := starting.exception()) is not None:
            stopping.cancel()
            if isinstance(error, AdapterError):
                log.error("%s", error)
                return 2
            raise error
        if self.settings.watch:
            self._spawn(
                watch(
                    self.knowledge_dirs,
                    self.settings.watch_interval,
                    lambda: self.reloader.reload("knowledge files changed"),
                    self.loaded_fingerprint,
                    self.taught,
                )
            )
        failures = [f for a in self.adapters if (f := a.failure()) is not None]
        done, _ = await asyncio.wait([stopping, *failures], return_when=asyncio.FIRST_COMPLETED)
        if stopping in done:
            log.info("stopping: finishing the answers in flight")
            return 0
        stopping.cancel()
        for failed in done:
            reason = None if failed.cancelled() else failed.exception()
            log.error("an adapter stopped: %s", reason or "its connection closed")
        return 1

    async def _start_adapters(self) -> None:
        for adapter in self.adapters:
            await adapter.start()
            log.info("%s adapter started", adapter.name)

    def _listening(self, runner: web.AppRunner) -> None:
        for host, port, *_ in (a for a in runner.addresses if isinstance(a, tuple)):
            url = f"http://{host}:{port}"
            self.urls.append(url)
            log.info(
                "listening on %s (health %s, metrics %s)", url, http.HEALTH_PATH, http.METRICS_PATH
            )

    async def _shutdown(self, runner: web.AppRunner) -> None:
        self.health.stopping = True
        for task in self._tasks:
            task.cancel()  # the watcher and any reload: nothing to finish there
        for adapter in self.adapters:
            with _logged(f"stopping {adapter.name}"):
                await adapter.stop_intake()
        await runner.cleanup()  # stops listening; waits for requests being handled
        # An adapter's own connection task runs until it is closed: not a turn to wait for.
        connections = {f for a in self.adapters if (f := a.failure()) is not None}
        await drain(self.settings.shutdown_grace, connections)
        for adapter in self.adapters:
            with _logged(f"closing {adapter.name}"):
                await adapter.close()
        for close in self.closers:
            with _logged("closing connections"):
                await close()

    def _watch_deliveries(self, name: str, failures: Failures) -> None:
        self.metrics.failures.deliveries[name] = lambda: failures.count
        self.health.watch(f"{name} delivery", lambda: failures.recent(DEGRADED_SECONDS))

    def _spawn(self, work: Coroutine[object, None, object]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


async def drain(grace: float, keep: Set[asyncio.Future[None]] = frozenset()) -> None:
    """Wait up to `grace` seconds for every other task but `keep` (turns being answered and
    delivered: Bolt and discord.py run each in a task of its own) to finish."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    me = asyncio.current_task()
    while pending := [
        t for t in asyncio.all_tasks() if t is not me and t not in keep and not t.done()
    ]:
        left = deadline - loop.time()
        if left <= 0:
            log.warning("%d task(s) still running after the grace period", len(pending))
            return
        log.info("waiting for %d task(s) in flight", len(pending))
        await asyncio.wait(pending, timeout=left)


async def _until(event: asyncio.Event) -> None:
    await event.wait()


@contextlib.contextmanager
def _logged(what: str) -> Iterator[None]:
    try:
        yield
    except Exception:
        log.exception("error while %s", what)
