"""A sample store of two weeks of use, for the HTML report's browser test and its screenshot.

`python -m testkit.sample_store PATH` writes one (deterministic: the same rows every time,
ending at the moment it runs).
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.feedback import Feedback
from bot.store.rows import AnswerRow, MissKind, MissRow, Row, VoteRow
from bot.store.sqlite import SqliteStore

DAYS = 14
ANSWERED = [
    ("stage_owner", "deployment"),
    ("role_overview", "data-scientist"),
    ("faq", "who-to-ask"),
    ("compare", "data-scientist+ml-engineer"),
    ("faq", "team-structure"),
    ("role_tools", "ml-engineer"),
]
MISSED = [
    ("who signs off gpu spend", MissKind.DECLINED),
    ("who signs off on gpu spend", MissKind.DECLINED),
    ("how do i get access to the feature store", MissKind.DECLINED),
    ("where is the team org chart", MissKind.LOW_CONFIDENCE),
    ("should data scientists write tests", MissKind.LOW_CONFIDENCE),
    ("which one of the ml people do i ask", MissKind.CLARIFIED),
]


def sample_rows(now: datetime, seed: int = 16) -> list[Row]:
    """Answers, misses and votes spread over the last DAYS days, fewer fallbacks each week."""
    chance = random.Random(seed)
    rows: list[Row] = []
    for day in range(DAYS):
        start = now - timedelta(days=DAYS - day)
        for number in range(chance.randint(8, 20)):
            at = start + timedelta(minutes=chance.randint(0, 24 * 60 - 1))
            answer_id = f"d{day}-{number}"
            if chance.random() < 0.45 - day * 0.02:
                question, kind = chance.choice(MISSED)
                reply = {MissKind.DECLINED: "decline", MissKind.CLARIFIED: "clarify"}.get(
                    kind, "answer"
                )
                intent = reply if reply != "answer" else "faq"
                rows.append(AnswerRow(answer_id, at, "slack", reply, intent, None, 0.3))
                rows.append(MissRow(answer_id, at, "slack", kind, question, intent, "", 0.3))
                continue
            intent, entry = chance.choice(ANSWERED)
            rows.append(AnswerRow(answer_id, at, "slack", "answer", intent, entry, 0.9))
            if chance.random() < 0.3:
                verdict = Feedback.NOT_HELPFUL if chance.random() < 0.4 else Feedback.HELPFUL
                rows.append(VoteRow(answer_id, f"voter-{number}", "slack", verdict, at))
    return rows


def write_sample(path: Path, now: datetime | None = None) -> Path:
    """Write the sample rows into a (new) store at `path`."""
    store = SqliteStore(path)
    try:
        store.write(sample_rows(now or datetime.now(UTC)))
    finally:
        store.close()
    return path


if __name__ == "__main__":
    print(write_sample(Path(sys.argv[1])))
