"""What the Slack app is built with; `adapters.settings` reads and checks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from bot.store.settings import RecordingSettings

DEFAULT_API_URL = "https://slack.com/api/"  # slack_sdk's own default


class Mode(Enum):
    """How Slack reaches rolebot."""

    SOCKET = "socket"  # rolebot dials out over a WebSocket: no public URL needed
    HTTP = "http"  # Slack posts signed requests to rolebot's public URL


@dataclass(frozen=True, slots=True)
class InstallSettings:
    """Installs to many workspaces through Slack's OAuth flow, each answered with its own bot
    token (kept in the configured database, beside the store of answers)."""

    client_id: str
    client_secret: str = field(repr=False)
    store: RecordingSettings
    redirect_uri: str | None = None  # None: the one redirect URL the app lists


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """Tokens and endpoints. Secrets stay out of `repr`, so logging the settings leaks nothing.

    One workspace is answered with `bot_token`; with `installs` (HTTP mode only), `bot_token`
    is empty and each workspace that installed rolebot is answered with its own.
    """

    bot_token: str = field(repr=False)
    mode: Mode = Mode.SOCKET
    app_token: str = field(default="", repr=False)
    signing_secret: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    # Welcomes are opt-in: people who join these channels, or the workspace, get a DM.
    welcome_channels: frozenset[str] = frozenset()
    welcome_workspace: bool = False
    installs: InstallSettings | None = None
