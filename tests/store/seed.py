"""A seeded store: a month of use as the report tests (and the README sample) expect it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.feedback import Feedback
from bot.store.rows import AnswerRow, MissKind, MissRow, Row, VoteRow
from bot.store.sql import SqlStore
from tests.store.conftest import START

# (question as recorded, kind, times asked); similar wordings on purpose.
MISSED = [
    ("who approves the gpu budget", MissKind.DECLINED, 5),
    ("who approves gpu budget", MissKind.DECLINED, 2),
    ("who approves the gpu budgets", MissKind.DECLINED, 1),
    ("where are the team files", MissKind.CLARIFIED, 3),
    ("typical morning remote", MissKind.LOW_CONFIDENCE, 2),
    ("what is the weather", MissKind.DECLINED, 1),
]
ANSWERED = [("first-entry", 10, 3, 1), ("second-entry", 4, 1, 2), ("dashboards", 2, 0, 1)]
# entry, answers, "not helpful" votes, "helpful" votes


class Seeder:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.count = 0

    def answer(self, at: datetime, kind: str, intent: str, entry: str | None, score: float) -> str:
        self.count += 1
        answer_id = f"{self.count:016x}"
        self.rows.append(AnswerRow(answer_id, at, "slack", kind, intent, entry, score))
        return answer_id

    def vote(self, answer_id: str, at: datetime, verdict: Feedback, voter: int = 0) -> None:
        self.rows.append(VoteRow(answer_id, f"voter{voter}", "slack", verdict, at))


def seed_month(store: SqlStore, start: datetime = START) -> None:
    """Write the seed into `store` (then closed), one row a minute from `start`, plus one old
    row before it."""
    seeder = Seeder()
    at = start
    for question, kind, times in MISSED:
        reply_kind, intent, score = {
            MissKind.DECLINED: ("decline", "decline", 0.0),
            MissKind.CLARIFIED: ("clarify", "clarify", 0.59),
            MissKind.LOW_CONFIDENCE: ("answer", "faq", 0.61),
        }[kind]
        for time in range(times):
            at += timedelta(minutes=1)
            entry = "first-entry" if kind is MissKind.LOW_CONFIDENCE else None
            answer_id = seeder.answer(at, reply_kind, intent, entry, score)
            seeder.rows.append(MissRow(answer_id, at, "slack", kind, question, intent, "", score))
            if kind is MissKind.CLARIFIED and time == 0:
                seeder.vote(answer_id, at, Feedback.NONE_OF_THESE)
    for entry, answers, unhelpful, helpful in ANSWERED:
        for number in range(answers):
            at += timedelta(minutes=1)
            answer_id = seeder.answer(at, "answer", "faq", entry, 0.95)
            if number < unhelpful:
                seeder.vote(answer_id, at, Feedback.NOT_HELPFUL)
            elif number < unhelpful + helpful:
                seeder.vote(answer_id, at, Feedback.HELPFUL)
    for _ in range(3):
        at += timedelta(minutes=1)
        seeder.answer(at, "help", "help", None, 1.0)
    old = seeder.answer(start - timedelta(days=40), "decline", "decline", None, 0.0)
    seeder.rows.append(
        MissRow(
            old, start - timedelta(days=40), "slack", MissKind.DECLINED, "old", "decline", "", 0
        )
    )
    store.write(seeder.rows)
    store.close()
