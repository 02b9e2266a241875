"""Writes rows to a store on one background thread, so answering never waits for the disk.

`submit` only puts the row on a bounded queue and returns at once; when the queue is full the
row is dropped and counted rather than making an answer wait. The writer commits whatever has
queued up as one transaction and retries a failed batch a few times (a locked database frees
up, a full disk gets space). Then it depends on why it failed: a store that cannot be reached
for now (`StoreUnavailable`: a database server down or restarting, connections cut) has nothing
against the rows, so the writer keeps them, up to a bound, and tries again every few seconds
until the store is back; any other failure drops the batch. Every failure is logged and
counted, and the writer itself never dies. A row is acknowledged (its Ticket says so) only once
its transaction has committed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Final

from bot.store.base import Store, StoreError, StoreUnavailable
from bot.store.rows import Clock, Row, utc_now
from bot.store.settings import RETENTION

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000  # submissions waiting for the writer; beyond this, new ones are dropped
BATCH_SIZE = 500  # submissions per transaction at most
RETRY_DELAYS = (0.2, 1.0, 5.0)  # seconds before each retry of a failed batch
# While the store cannot be reached: how often the writer tries again, and how many rows it
# keeps meanwhile (more wait in the queue, and beyond that new ones are dropped).
HOLD_RETRY_SECONDS = 5.0
HOLD_ROWS = QUEUE_SIZE
# With no traffic the writer still wakes this often: to purge on time, and to ask whether the
# store can be reached, so health says so even when nothing is being written.
IDLE_WAKE_SECONDS = 15.0
PURGE_EVERY = timedelta(hours=1)


class Ticket:
    """Tells whether one submitted row (or a flush) got through."""

    __slots__ = ("_done", "_ok")

    def __init__(self) -> None:
        self._done = threading.Event()
        self._ok = False

    def settle(self, ok: bool) -> None:
        """Record the outcome; called once, by the recorder."""
        self._ok = ok
        self._done.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once committed; False if the row was dropped or `timeout` passed first."""
        return self._done.wait(timeout) and self._ok


@dataclass(frozen=True, slots=True)
class _Pending:
    rows: tuple[Row, ...]
    ticket: Ticket


@dataclass(frozen=True, slots=True)
class _Flush:
    ticket: Ticket


_STOP: Final = "stop"
_Item = _Pending | _Flush | str


class Recorder:
    """Owns one store, opened lazily on the writer thread, and everything written to it."""

    def __init__(
        self,
        open_store: Callable[[], Store],
        *,
        retention: timedelta = RETENTION,
        clock: Clock = utc_now,
        queue_size: int = QUEUE_SIZE,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        idle_wake_seconds: float = IDLE_WAKE_SECONDS,
        purge_every: timedelta = PURGE_EVERY,
        hold_retry_seconds: float = HOLD_RETRY_SECONDS,
        hold_rows: int = HOLD_ROWS,
    ) -> None:
        """Start the writer thread; it opens the store and purges old rows straight away."""
        self._open_store = open_store
        self._retention = retention
        self._clock = clock
        self._retry_delays = tuple(retry_delays)
        self._idle_wake = idle_wake_seconds
        self._purge_every = purge_every
        self._hold_retry = hold_retry_seconds
        self._hold_rows = hold_rows
        self._queue: queue.Queue[_Item] = queue.Queue(maxsize=queue_size)
        self._closed = threading.Event()
        self._stop_queued = False
        self._lock = threading.Lock()
        self._dropped = 0  # rows refused because the queue was full, not yet logged
        # Touched by the writer thread only:
        self._store: Store | None = None
        self._next_purge: datetime | None = None
        self._failing = False
        self._held: list[_Pending] = []  # taken from the queue, not committed yet, in order
        self._flushes: list[_Flush] = []  # settled once nothing is held
        self._retry_at: float | None = None  # while holding: when to try the store again
        # Read by health checks and metrics from other threads (plain reads, no lock needed):
        self.failures = 0  # failed attempts to write, counted since start
        self.written = 0  # rows committed since start: each of them is in the store for good
        self._reason: str | None = None  # why the store fails now; None once it works again
        self._waiting = 0  # rows held for a store that cannot be reached
        self._thread = threading.Thread(target=self._run, name="rolebot-recorder", daemon=True)
        self._thread.start()

    @property
    def failing(self) -> str | None:
        """Why the store cannot be written (or reached) now, and how many rows wait for it;
        None while it works."""
        reason, waiting = self._reason, self._waiting
        if reason is None or not waiting:
            return reason
        return f"{reason} ({waiting} rows waiting)"

    def submit(self, *rows: Row) -> Ticket:
        """Queue rows for writing, never blocking; they commit together, as the ticket tells."""
        ticket = Ticket()
        if self._closed.is_set():
            log.warning("recorder is closed: %d rows were not recorded", len(rows))
            ticket.settle(False)
            return ticket
        try:
            self._queue.put_nowait(_Pending(rows, ticket))
        except queue.Full:
            ticket.settle(False)
            with self._lock:
                first = self._dropped == 0
                self._dropped += len(rows)
            if first:
                log.warning("recording queue is full: dropping rows until the store catches up")
        return ticket

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until the writer has dealt with every row submitted before this call.

        True when it did within `timeout`. Rows it had to drop are logged, not raised; rows
        kept for a store that cannot be reached are not dealt with until it can be.
        """
        ticket = Ticket()
        start = time.monotonic()
        try:
            self._queue.put(_Flush(ticket), timeout=timeout)
        except queue.Full:
            return False
        left = None if timeout is None else max(0.0, timeout - (time.monotonic() - start))
        return ticket.wait(left)

    def close(self, timeout: float | None = 10.0) -> bool:
        """Write what is queued, close the store and stop the writer; True if it finished.

        Rows kept for a store that still cannot be reached get one last try, then are dropped
        (and logged).
        """
        self._closed.set()
        if not self._stop_queued:
            try:
                self._queue.put(_STOP, timeout=timeout)
            except queue.Full:
                return False  # a later close() tries again
            self._stop_queued = True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # The writer thread.

    def _run(self) -> None:
        try:
            self._connect()
        except Exception as error:  # logged; the next batch tries again
            self._failed(error)
        self._maintain()
        while True:
            items = self._take()
            stopping = _STOP in items
            self._held.extend(item for item in items if isinstance(item, _Pending))
            if self._retry_at is not None:
                self._waiting = self._held_rows()
            self._flushes.extend(item for item in items if isinstance(item, _Flush))
            if not items and not self._held:
                self._idle()
                continue
            if self._held and (stopping or self._retry_due()):
                self._commit(final=stopping)
            self._log_drops()
            self._maintain()
            if not self._held:
                for flush in self._flushes:
                    flush.ticket.settle(True)
                self._flushes.clear()
            if stopping:
                break
        self._disconnect()
        self._refuse_leftovers()

    def _take(self) -> list[_Item]:
        """What has queued up, waiting for the first item until the idle wake (or, while rows
        are held, the next try). While the held rows are at their bound nothing more is taken,
        so the queue fills up and then refuses new rows, as when the store is slow."""
        if self._held and self._held_rows() >= self._hold_rows and not self._closed.is_set():
            self._closed.wait(self._until_retry())
            return []
        timeout = self._until_retry() if self._held else self._idle_wake
        try:
            items = [self._queue.get(timeout=timeout)]
        except queue.Empty:
            return []
        while len(items) < BATCH_SIZE:
            try:
                items.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return items

    def _held_rows(self) -> int:
        return sum(len(item.rows) for item in self._held)

    def _until_retry(self) -> float:
        if self._retry_at is None:
            return 0.0
        return max(0.0, self._retry_at - time.monotonic())

    def _retry_due(self) -> bool:
        return self._retry_at is None or time.monotonic() >= self._retry_at

    def _connect(self) -> Store:
        if self._store is None:
            self._store = self._open_store()
            self._next_purge = self._clock()  # purge on every open
        return self._store

    def _disconnect(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # closing a broken connection may fail too; nothing to save
                log.debug("closing the store failed", exc_info=True)

    def _commit(self, *, final: bool) -> None:
        """Write the held rows in one transaction. A first failure is retried after each of
        the retry delays; while the store is unreachable one try is made each time a retry is
        due. Rows are kept when the store cannot be reached, and dropped otherwise (or when
        shutting down)."""
        rows = [row for item in self._held for row in item.rows]
        holding = self._retry_at is not None
        delays = () if holding or final else self._retry_delays
        last: Exception | None = None
        for attempt, delay in enumerate((0.0, *delays)):
            if attempt:
                self._closed.wait(delay)  # shutting down shortens the wait, not the attempts
            try:
                self._connect().write(rows)
            except Exception as error:
                self._disconnect()  # reopen next time: the file may have been fixed or replaced
                self._failed(error)
                last = error
                continue
            self.written += len(rows)
            self._works()
            self._settle(True)
            return
        if isinstance(last, StoreUnavailable) and not final:
            if not holding:
                log.warning("keeping %d rows until the store can be reached", len(rows))
            self._retry_at = time.monotonic() + self._hold_retry
            self._waiting = len(rows)
            return
        log.error("dropped %d rows after %d failed attempts: %s", len(rows), attempt + 1, last)
        self._settle(False)

    def _settle(self, ok: bool) -> None:
        """The held rows are dealt with: committed (`ok`) or dropped."""
        for item in self._held:
            item.ticket.settle(ok)
        self._held.clear()
        self._retry_at = None
        self._waiting = 0

    def _works(self) -> None:
        if self._failing:
            self._failing, self._reason = False, None
            log.info("recording works again")

    def _failed(self, error: Exception, *, attempt: bool = True) -> None:
        """Log a failure: a store error by its message, anything else with its traceback.
        `attempt`: it was an attempt to write, counted in `failures`.

        The state is set before the line is logged: whoever reads the log and then asks for
        health (an operator, a test) must find it degraded already."""
        already = self._failing
        self._failing = True
        self.failures += attempt
        self._reason = f"{type(error).__name__}: {error}"[:200]
        if isinstance(error, StoreError):
            if not already:
                log.warning("recording failed, will retry: %s", error)
        else:
            log.error("recording failed unexpectedly, will retry", exc_info=error)

    def _idle(self) -> None:
        """Nothing to write for a while: purge when due, and ask whether the store can be
        reached, so a database that went away (or came back) shows in health meanwhile."""
        try:
            self._connect().ping()
        except Exception as error:
            self._disconnect()
            self._failed(error, attempt=False)
            return
        self._works()
        self._maintain()

    def _maintain(self) -> None:
        """Purge rows older than the retention when due (on open, then every PURGE_EVERY)."""
        now = self._clock()
        if self._store is None or self._next_purge is None or now < self._next_purge:
            return
        self._next_purge = now + self._purge_every
        try:
            purged = self._store.purge(now - self._retention)
        except Exception as error:
            self._disconnect()
            self._failed(error)
            return
        if purged:
            log.info("purged %d rows older than %d days", purged, self._retention.days)

    def _log_drops(self) -> None:
        with self._lock:
            dropped, self._dropped = self._dropped, 0
        if dropped:
            log.warning("dropped %d rows while the recording queue was full", dropped)

    def _refuse_leftovers(self) -> None:
        """Settle rows that raced past close(), so nobody waits on them forever."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Pending | _Flush):
                item.ticket.settle(False)
