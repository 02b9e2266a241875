"""The store interface: what the recorder and the report need, whatever the database.

SQLite (`bot.store.sqlite`) is the default; PostgreSQL (`bot.store.postgres`) is shared by
replicas. Every write is one idempotent batch in one transaction, and the report reads
aggregates for a window rather than walking rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.store.rows import DayCount, EntryVotes, MissedQuestion, ReplyCount, Row


class StoreError(Exception):
    """The store could not be opened, read or written; the message says which store and why."""


class StoreUnavailable(StoreError):
    """The store cannot be reached for now (the server is down or restarting, the network cut,
    a lock held too long): nothing is wrong with what was being written, so it is worth
    keeping and trying again later rather than dropping."""


class Store(Protocol):
    """A place to keep what the bot learns from use, and where each newcomer is in the tour.

    Implementations raise StoreError only.
    """

    def write(self, rows: Sequence[Row]) -> None:
        """Commit all rows in one transaction, or none of them.

        Writing the same rows again changes nothing (answers and misses are keyed by answer id;
        a vote replaces the same voter's earlier vote on that answer), so a batch whose outcome
        was unclear can safely be retried.
        """
        ...

    def purge(self, before: datetime) -> int:
        """Delete every row recorded before `before`; return how many went."""
        ...

    def reply_counts(self, since: datetime, until: datetime) -> list[ReplyCount]:
        """Replies in the window, counted by intent and kind."""
        ...

    def entry_votes(self, since: datetime, until: datetime) -> list[EntryVotes]:
        """Votes cast (or last changed) in the window, tallied by the entry they judged."""
        ...

    def daily_counts(self, since: datetime, until: datetime) -> list[DayCount]:
        """Replies to questions (answers, clarifications, declines) per UTC day, oldest first,
        with the fallbacks among them."""
        ...

    def misses(self, since: datetime, until: datetime) -> list[MissedQuestion]:
        """Questions recorded as missed in the window, oldest first."""
        ...

    def tour_step(self, user_key: str) -> int | None:
        """The onboarding tour step last written for a user (a pseudonym), or None."""
        ...

    def welcomed(self, user_key: str) -> bool:
        """Whether a welcome for the user (a pseudonym) has been written."""
        ...

    def ping(self) -> None:
        """Raise StoreError when the store cannot be reached now; return when it can."""
        ...

    def close(self) -> None:
        """Release the connection; the store is not used afterwards."""
        ...
