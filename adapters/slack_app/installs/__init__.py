"""Where rolebot keeps the Slack workspaces it is installed in, for serving many of them.

Slack's OAuth flow (`/slack/install`, `/slack/oauth_redirect`) leaves a bot token per workspace;
Bolt finds it for each request and forgets it when the app is uninstalled. Bolt's installation
and OAuth state stores (`stores`) keep both in the configured database through one small seam,
`records.Installs`: SQLite (`sqlite`) today, beside the store of answers in ROLEBOT_DB. Another
database is one more class with the seam's six methods, and one more branch in `open_installs`.
"""

from __future__ import annotations

from adapters.slack_app.installs.records import BotInstall, Installs
from adapters.slack_app.installs.sqlite import SqliteInstalls
from bot.store.settings import RecordingSettings

__all__ = ["BotInstall", "Installs", "open_installs"]


def open_installs(settings: RecordingSettings) -> Installs:
    """The installations and OAuth states in the configured database (created on first use);
    raises StoreError when it cannot be opened."""
    return SqliteInstalls(settings.path, busy_timeout_ms=settings.busy_timeout_ms)
