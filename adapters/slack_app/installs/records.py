"""The seam between Bolt's stores and a database: what is kept, and the six things done with it.

Nothing here knows Bolt or a particular database: `stores` turns Bolt's objects into these
records, and each database implements `Installs`, keeping a record as one row of `COLUMNS`
(`to_row`, `from_row`). Times are Unix seconds, as Slack and slack_sdk give them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.store.migrations import Both, Migration

VERSION_TABLE = "slack_schema"  # versioned apart from the store's tables, in the same database
TABLES = "the Slack install tables"


def _tables(flag: str, whole: str, real: str, table_end: str = "") -> tuple[str, str]:
    """The installation and OAuth state tables, one row per workspace (see COLUMNS for the
    empty strings in its key), in one database's words for a boolean, an integer and a float."""
    return (
        f"""CREATE TABLE slack_bots (
        enterprise_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        is_enterprise_install {flag} NOT NULL,
        app_id TEXT,
        enterprise_name TEXT,
        team_name TEXT,
        bot_token TEXT NOT NULL,
        bot_id TEXT NOT NULL,
        bot_user_id TEXT NOT NULL,
        bot_scopes TEXT NOT NULL,
        bot_refresh_token TEXT,
        bot_token_expires_at {whole},
        installed_at {real} NOT NULL,
        PRIMARY KEY (enterprise_id, team_id)
    ){table_end}""",
        f"""CREATE TABLE slack_oauth_states (
        state TEXT PRIMARY KEY,
        expires_at {real} NOT NULL
    ){table_end}""",
    )


V1_INSTALLS: Migration = tuple(
    Both(sqlite, postgres)
    for sqlite, postgres in zip(
        _tables("INTEGER", "INTEGER", "REAL", " WITHOUT ROWID"),
        _tables("BOOLEAN", "BIGINT", "DOUBLE PRECISION"),
        strict=True,
    )
)
MIGRATIONS: tuple[Migration, ...] = (V1_INSTALLS,)


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


# A record as a row of the `slack_bots` table. Outside Enterprise Grid enterprise_id is '', and
# an org-wide install's team_id is '' (NULL would make every such row distinct in the key).
COLUMNS = (
    "enterprise_id, team_id, is_enterprise_install, app_id, enterprise_name, team_name, "
    "bot_token, bot_id, bot_user_id, bot_scopes, bot_refresh_token, bot_token_expires_at, "
    "installed_at"
)


def to_row(bot: BotInstall) -> tuple[Any, ...]:
    """`bot` as the values of `COLUMNS`, in order."""
    return (
        bot.enterprise_id or "",
        bot.team_id or "",
        bot.is_enterprise_install,
        bot.app_id,
        bot.enterprise_name,
        bot.team_name,
        bot.bot_token,
        bot.bot_id,
        bot.bot_user_id,
        ",".join(bot.bot_scopes),
        bot.bot_refresh_token,
        bot.bot_token_expires_at,
        bot.installed_at,
    )


def from_row(row: tuple[Any, ...]) -> BotInstall:
    """The record a row of `COLUMNS` keeps."""
    (enterprise, team, org_wide, app, enterprise_name, team_name) = row[:6]
    (token, bot_id, user_id, scopes, refresh, expires_at, installed_at) = row[6:]
    return BotInstall(
        enterprise_id=enterprise or None,
        team_id=team or None,
        bot_token=token,
        bot_id=bot_id,
        bot_user_id=user_id,
        bot_scopes=tuple(scope for scope in scopes.split(",") if scope),
        installed_at=installed_at,
        is_enterprise_install=bool(org_wide),
        app_id=app,
        enterprise_name=enterprise_name,
        team_name=team_name,
        bot_refresh_token=refresh,
        bot_token_expires_at=expires_at,
    )
