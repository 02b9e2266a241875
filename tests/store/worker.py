"""A separate process writing to a store, for the kill, concurrency and full-disk tests.

Run from the repository root as ``python -m tests.store.worker MODE DB ...``, where DB is a
SQLite file or a ``postgresql://`` URL:

- ``stream DB PREFIX``: write rows until killed, printing ``ack TABLE ID`` once each commits.
- ``write DB PREFIX COUNT THREADS``: COUNT answers from THREADS threads through one recorder,
  an ack per committed row, then close and exit.
- ``full DB KNOWLEDGE COUNT LIMIT``: answer COUNT questions through the real engine, letting
  the writer catch up every few answers, while the process may not write files beyond LIMIT
  bytes (a full disk), then print ``answered N``.
"""

from __future__ import annotations

import logging
import queue
import resource
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.feedback import Feedback
from bot.store.base import Store
from bot.store.postgres import PostgresDatabase
from bot.store.recorder import Recorder, Ticket
from bot.store.rows import AnswerRow, MissKind, MissRow, Row, VoteRow
from bot.store.sqlite import SqliteStore

CHUNK = 20  # rows a thread submits before waiting for them: keeps both processes interleaving
PACE = 10  # answers between flushes in the full-disk mode
QUESTIONS = ("how do test analysts spend a morning", "who approves the gpu budget", "hello")


def rows_for(answer_id: str, number: int) -> list[tuple[str, Row]]:
    """An answer, and for some numbers a miss and a vote, all keyed by the answer id."""
    now = datetime.now(UTC)
    made: list[tuple[str, Row]] = [
        ("answers", AnswerRow(answer_id, now, "test", "decline", "decline", None, 0.0))
    ]
    if number % 3 == 0:
        miss = MissRow(answer_id, now, "test", MissKind.DECLINED, f"q {number}", "decline", "", 0)
        made.append(("misses", miss))
    if number % 2 == 0:
        made.append(("votes", VoteRow(answer_id, "voter", "test", Feedback.NOT_HELPFUL, now)))
    return made


def opener(db: str) -> Callable[[], Store]:
    """How this process opens the store: one pool for PostgreSQL, as `rolebot serve` has."""
    if db.startswith("postgresql://"):
        return PostgresDatabase(db).store
    return lambda: SqliteStore(Path(db))


def ack_in_order(tickets: queue.Queue[tuple[str, str, Ticket]]) -> None:
    """Print an ack per committed row; tickets settle in submission order."""
    while True:
        table, answer_id, ticket = tickets.get()
        if ticket.wait():
            sys.stdout.write(f"ack {table} {answer_id}\n")
            sys.stdout.flush()


def stream(db: str, prefix: str) -> None:
    recorder = Recorder(opener(db))
    # Bounded, so the writer is never far behind: a natural back-pressure, no dropped rows.
    tickets: queue.Queue[tuple[str, str, Ticket]] = queue.Queue(maxsize=2_000)
    threading.Thread(target=ack_in_order, args=(tickets,), daemon=True).start()
    number = 0
    while True:
        answer_id = f"{prefix}{number:012x}"
        for table, row in rows_for(answer_id, number):
            tickets.put((table, answer_id, recorder.submit(row)))
        number += 1


def write(db: str, prefix: str, count: int, threads: int) -> None:
    lock = threading.Lock()

    def run(recorder: Recorder, part: int) -> None:
        numbers = range(part, count, threads)
        for start in range(0, len(numbers), CHUNK):
            ids = [f"{prefix}{n:012x}" for n in numbers[start : start + CHUNK]]
            tickets = [recorder.submit(rows_for(answer_id, 1)[0][1]) for answer_id in ids]
            committed = [i for i, t in zip(ids, tickets, strict=True) if t.wait(timeout=60)]
            with lock:
                sys.stdout.writelines(f"ack answers {answer_id}\n" for answer_id in committed)

    recorder = Recorder(opener(db))
    workers = [threading.Thread(target=run, args=(recorder, part)) for part in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    recorder.close()
    sys.stdout.flush()


def full(db: Path, knowledge: Path, count: int, limit: int) -> None:
    # Imported here: the other modes start faster without the engine's libraries.
    from bot import Bot
    from bot.kb import loader
    from bot.message import ConversationKey, Message
    from bot.store.recording import Recording

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    bot = Bot(loader.load([knowledge], include_shipped=False))
    recorder = Recorder(lambda: SqliteStore(db), retry_delays=(0.0,))
    recording = Recording(recorder)
    bot.observe(recording)
    key = ConversationKey("test", "channel")
    answered = 0
    for number in range(count):
        reply = bot.respond(Message(QUESTIONS[number % len(QUESTIONS)], key)).reply
        answered += bool(reply.title)
        if number % PACE == PACE - 1:
            # Small batches, as live traffic makes: when the writer starts late, a few huge
            # batches would each be too big for the disk and nothing at all would fit.
            recorder.flush()
    print(f"answered {answered}", flush=True)
    recording.close(timeout=60)


def main(argv: list[str]) -> None:
    mode, db, *rest = argv
    match mode:
        case "stream":
            stream(db, rest[0])
        case "write":
            write(db, rest[0], int(rest[1]), int(rest[2]))
        case "full":
            full(Path(db), Path(rest[0]), int(rest[1]), int(rest[2]))
        case _:
            raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
