"""What the Slack app is built with; `adapters.settings` reads and checks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

DEFAULT_API_URL = "https://slack.com/api/"  # slack_sdk's own default


class Mode(Enum):
    """How Slack reaches rolebot."""

    SOCKET = "socket"  # rolebot dials out over a WebSocket: no public URL needed
    HTTP = "http"  # Slack posts signed requests to rolebot's public URL


@dataclass(frozen=True, slots=True)
class SlackSettings:
    """Tokens and endpoints. Secrets stay out of `repr`, so logging the settings leaks nothing."""

    bot_token: str = field(repr=False)
    mode: Mode = Mode.SOCKET
    app_token: str = field(default="", repr=False)
    signing_secret: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    # Welcomes are opt-in: people who join these channels, or the workspace, get a DM.
    welcome_channels: frozenset[str] = frozenset()
    welcome_workspace: bool = False
