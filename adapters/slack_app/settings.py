"""What the Slack adapter needs to run, checked once, with errors that name the variable."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from urllib.parse import urlsplit

from adapters.values import SettingsError as SettingsError  # the shared error, named here too

BOT_TOKEN = "SLACK_BOT_TOKEN"
APP_TOKEN = "SLACK_APP_TOKEN"
SIGNING_SECRET = "SLACK_SIGNING_SECRET"
API_URL = "ROLEBOT_SLACK_API_URL"
WELCOME_CHANNELS = "ROLEBOT_SLACK_WELCOME_CHANNELS"
WELCOME_WORKSPACE = "ROLEBOT_SLACK_WELCOME_WORKSPACE"
DEFAULT_API_URL = "https://slack.com/api/"  # slack_sdk's own default

# Shapes only: enough to catch an empty value, a token pasted into the wrong variable or quotes
# and spaces from a copy; Slack itself is the judge of whether a well-shaped value is valid.
_BOT_TOKEN = re.compile(r"xoxb-[A-Za-z0-9-]+")
_APP_TOKEN = re.compile(r"xapp-[A-Za-z0-9-]+")
_SIGNING_SECRET = re.compile(r"[A-Za-z0-9]{16,}")  # Slack issues 32 hex characters
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")  # public (C...) and private (G...) channels
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


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


def _required(env: Mapping[str, str], name: str, shape: re.Pattern[str], looks_like: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise SettingsError(f"{name} is not set: export {looks_like}")
    if shape.fullmatch(value) is None:
        raise SettingsError(f"{name} is malformed: expected {looks_like}")
    return value


def _api_url(env: Mapping[str, str]) -> str:
    value = env.get(API_URL, "").strip()
    if not value:
        return DEFAULT_API_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(
            f"{API_URL} is malformed: expected an http(s) URL such as {DEFAULT_API_URL}"
        )
    # slack_sdk appends method names to the base URL, so it must end with a slash.
    return value if value.endswith("/") else value + "/"


def _welcome_channels(env: Mapping[str, str]) -> frozenset[str]:
    ids = [part.strip() for part in env.get(WELCOME_CHANNELS, "").split(",") if part.strip()]
    malformed = [i for i in ids if _CHANNEL_ID.fullmatch(i) is None]
    if malformed:
        raise SettingsError(
            f"{WELCOME_CHANNELS} is malformed: expected channel ids such as C0123ABCD, "
            f"separated by commas, not {malformed[0]!r}"
        )
    return frozenset(ids)


def _welcome_workspace(env: Mapping[str, str]) -> bool:
    value = env.get(WELCOME_WORKSPACE, "").strip().casefold()
    if value not in _TRUE | _FALSE:
        raise SettingsError(f"{WELCOME_WORKSPACE} is malformed: expected true or false")
    return value in _TRUE


def from_environ(env: Mapping[str, str], mode: Mode) -> SlackSettings:
    """Settings for `mode` from an environment mapping; raises SettingsError naming the variable."""
    bot_token = _required(env, BOT_TOKEN, _BOT_TOKEN, "the Bot User OAuth Token (xoxb-...)")
    common = SlackSettings(
        bot_token,
        mode,
        api_url=_api_url(env),
        welcome_channels=_welcome_channels(env),
        welcome_workspace=_welcome_workspace(env),
    )
    if mode is Mode.SOCKET:
        app_token = _required(
            env, APP_TOKEN, _APP_TOKEN, "an app-level token with connections:write (xapp-...)"
        )
        return replace(common, app_token=app_token)
    secret = _required(
        env, SIGNING_SECRET, _SIGNING_SECRET, "the app's Signing Secret (32 letters and digits)"
    )
    return replace(common, signing_secret=secret)
