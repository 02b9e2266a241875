"""Several adapters in one process: threads sharing one bot, or each with its own store."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot import Bot
from bot.feedback import Feedback
from bot.message import ConversationKey, Message
from bot.store.recorder import Recorder
from bot.store.recording import Recording
from bot.store.rows import AnswerRow
from tests.store.conftest import CONFIDENT, DECLINED, START, Backend, FakeClock, SqliteBackend

THREADS = 8


def in_threads(count: int, work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(count)

    def run(number: int) -> None:
        barrier.wait()  # start together, for the most contention
        work(number)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def test_threads_sharing_one_bot_lose_no_rows(
    bot: Bot, recorded: Recording, backend: Backend
) -> None:
    def adapter(number: int) -> None:
        key = ConversationKey("slack" if number % 2 else "discord", f"c{number}")
        for turn in range(50):
            answered = bot.respond(Message(CONFIDENT if turn % 2 else DECLINED, key))
            feedback = Feedback.HELPFUL if turn % 3 == 0 else Feedback.NOT_HELPFUL
            bot.record_feedback(answered.answer_id, f"user{number}", feedback, key.platform)

    in_threads(THREADS, adapter)
    recorded.close()
    assert backend.rows("SELECT COUNT(*) FROM answers") == [(THREADS * 50,)]
    assert backend.rows("SELECT COUNT(*) FROM misses") == [(THREADS * 25,)]
    assert backend.rows("SELECT COUNT(*) FROM votes") == [(THREADS * 50,)]


def test_one_user_clicking_from_many_threads_is_one_vote(
    bot: Bot, recorded: Recording, backend: Backend
) -> None:
    answer_id = bot.respond(Message(CONFIDENT, ConversationKey("slack"))).answer_id
    choices = (Feedback.HELPFUL, Feedback.NOT_HELPFUL)
    in_threads(THREADS, lambda n: bot.record_feedback(answer_id, "U1", choices[n % 2], "slack"))
    recorded.close()
    assert backend.rows("SELECT COUNT(*) FROM votes") == [(1,)]


def test_separate_recorders_on_one_store_lose_no_rows(backend: Backend, clock: FakeClock) -> None:
    recorders = [Recorder(backend.open, clock=clock) for _ in range(4)]

    def adapter(number: int) -> None:
        recorder = recorders[number % len(recorders)]
        tickets = [
            recorder.submit(
                AnswerRow(f"{number:04x}{n:012x}", START, "test", "answer", "faq", None, 1.0)
            )
            for n in range(250)
        ]
        acknowledged.extend(t.wait(timeout=60) for t in tickets)

    acknowledged: list[bool] = []  # list.extend is atomic: no lock needed
    in_threads(THREADS, adapter)
    assert acknowledged == [True] * THREADS * 250
    assert all(recorder.close() for recorder in recorders)
    assert backend.rows("SELECT COUNT(*) FROM answers") == [(THREADS * 250,)]
    if isinstance(backend, SqliteBackend):
        assert backend.rows("PRAGMA integrity_check") == [("ok",)]
