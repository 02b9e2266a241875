"""Where rolebot keeps the Slack workspaces it is installed in, for serving many of them.

Slack's OAuth flow (`/slack/install`, `/slack/oauth_redirect`) leaves a bot token per workspace;
Bolt finds it for each request and forgets it when the app is uninstalled. Bolt's installation
and OAuth state stores (`stores`) keep both in the configured database through one small seam,
`records.Installs`, beside the store of answers: SQLite (`sqlite`, in ROLEBOT_DB) or PostgreSQL
(`postgres`, ROLEBOT_DATABASE_URL). Another database is one more class with the seam's six
methods, and one more branch in `open_installs`. psycopg is imported only for PostgreSQL.
"""

from __future__ import annotations

from adapters.slack_app.installs.records import BotInstall, Installs
from adapters.slack_app.installs.sqlite import SqliteInstalls
from bot.store.settings import RecordingSettings

__all__ = ["BotInstall", "Installs", "open_installs"]


def open_installs(settings: RecordingSettings) -> Installs:
    """The installations and OAuth states in the configured database (created on first use);
    raises StoreError when it cannot be opened (a PostgreSQL server that cannot be reached yet
    is tried again at each call)."""
    if settings.database_url is not None:
        from adapters.slack_app.installs.postgres import PostgresInstalls

        return PostgresInstalls(settings.database_url, busy_timeout_ms=settings.busy_timeout_ms)
    return SqliteInstalls(settings.path, busy_timeout_ms=settings.busy_timeout_ms)
