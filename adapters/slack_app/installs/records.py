"""The seam between Bolt's stores and a database: what is kept, and the six things done with it.

Nothing here knows Bolt or a database: `stores` turns Bolt's objects into these records, and
each database implements `Installs`. Times are Unix seconds, as Slack and slack_sdk give them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class BotInstall:
    """rolebot installed in one workspace (or, org-wide, one Enterprise Grid organisation):
    its bot token and who it is there. One per workspace; a new install replaces the old."""

    enterprise_id: str | None  # None outside Enterprise Grid
    team_id: str | None  # None for an org-wide install
    bot_token: str = field(repr=False)
    bot_id: str
    bot_user_id: str
    bot_scopes: tuple[str, ...]
    installed_at: float
    is_enterprise_install: bool = False
    app_id: str | None = None
    enterprise_name: str | None = None
    team_name: str | None = None
    # Only with token rotation, which the shipped manifest leaves off.
    bot_refresh_token: str | None = field(default=None, repr=False)
    bot_token_expires_at: int | None = None


class Installs(Protocol):
    """Installations and OAuth states in one database. Safe to call from any thread; every
    method raises StoreError (bot.store.base) only."""

    def save_bot(self, bot: BotInstall) -> None:
        """Keep `bot`, replacing what its workspace had."""
        ...

    def find_bot(self, enterprise_id: str | None, team_id: str | None) -> BotInstall | None:
        """The install of one workspace (`team_id` None: the org-wide one), if any."""
        ...

    def delete_bot(self, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the install of one workspace (its token is revoked, or the app removed)."""
        ...

    def issue_state(self, state: str, now: float, expires_at: float) -> None:
        """Keep an OAuth state handed to a browser at /slack/install until `expires_at`, and
        forget states that expired unused by `now`."""
        ...

    def consume_state(self, state: str, now: float) -> bool:
        """Whether `state` was issued and has not expired; it can be consumed once only."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
