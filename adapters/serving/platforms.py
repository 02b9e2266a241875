"""Which adapters `rolebot serve` starts: every one whose settings are present."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from adapters import config
from adapters.slack_app import settings as slack
from adapters.values import Reader, choice

if TYPE_CHECKING:
    from adapters.discord_bot import DiscordSettings

SLACK_VARIABLES = (slack.BOT_TOKEN, slack.APP_TOKEN, slack.SIGNING_SECRET)
AUTO = "auto"
NO_ADAPTER = (
    f"no adapter is configured: set {slack.BOT_TOKEN} with {slack.APP_TOKEN} (Slack Socket Mode) "
    f"or {slack.SIGNING_SECRET} (Slack HTTP mode), or {config.DISCORD_TOKEN_ENV} (Discord)"
)


@dataclass(frozen=True, slots=True)
class DiscordPlan:
    """Discord's settings, and the token that goes straight to the login call."""

    settings: DiscordSettings
    token: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The adapters to start, each with its settings already checked."""

    slack: slack.SlackSettings | None = None
    discord: DiscordPlan | None = None

    def describe(self) -> str:
        """For people: ``slack (socket mode), discord``, or ``none``."""
        names = [f"slack ({self.slack.mode.value} mode)"] if self.slack else []
        names += ["discord"] if self.discord else []
        return ", ".join(names) or "none"

    def __bool__(self) -> bool:
        return self.slack is not None or self.discord is not None


def slack_mode(environ: Mapping[str, str]) -> slack.Mode:
    """ROLEBOT_SLACK_MODE; `auto` is Socket Mode when an app-level token is set, else HTTP."""
    modes = [AUTO, *(m.value for m in slack.Mode)]
    chosen = choice(environ, config.SLACK_MODE_ENV, modes, AUTO)
    if chosen != AUTO:
        return slack.Mode(chosen)
    return slack.Mode.SOCKET if environ.get(slack.APP_TOKEN, "").strip() else slack.Mode.HTTP


def plan(environ: Mapping[str, str]) -> Plan:
    """The adapters whose settings are present; raises SettingsError (one line, naming the
    variable) when one is present but incomplete or malformed."""
    return Plan(_slack(environ), _discord(environ))


def _slack(environ: Mapping[str, str]) -> slack.SlackSettings | None:
    if not any(environ.get(name, "").strip() for name in SLACK_VARIABLES):
        return None
    return slack.from_environ(environ, slack_mode(environ))


def _discord(environ: Mapping[str, str]) -> DiscordPlan | None:
    if not environ.get(config.DISCORD_TOKEN_ENV, "").strip():
        return None
    from adapters.discord_bot import settings as discord_settings  # imports discord.py

    return DiscordPlan(discord_settings.from_environ(environ), discord_settings.token(environ))


# Each platform on its own, for `rolebot config check` to report both platforms' problems.
READERS: tuple[Reader, ...] = (_slack, _discord)
