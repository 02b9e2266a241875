"""Which adapters `rolebot serve` starts (every one whose settings are present), each with
the settings its factory takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from adapters.settings.errors import SettingsError
from adapters.settings.load import Configuration
from adapters.settings.sections import (
    APP_TOKEN_LOOKS_LIKE,
    BOT_TOKEN_LOOKS_LIKE,
    DISCORD_TOKEN_ENV,
    SIGNING_SECRET_LOOKS_LIKE,
    SLACK_APP_TOKEN_ENV,
    SLACK_BOT_TOKEN_ENV,
    SLACK_SIGNING_SECRET_ENV,
    DiscordSection,
    SlackSection,
    WelcomeSettings,
)
from adapters.slack_app.settings import Mode, SlackSettings

if TYPE_CHECKING:
    from adapters.discord_bot import DiscordSettings

NO_ADAPTER = (
    f"no adapter is configured: set {SLACK_BOT_TOKEN_ENV} with {SLACK_APP_TOKEN_ENV} (Slack "
    f"Socket Mode) or {SLACK_SIGNING_SECRET_ENV} (Slack HTTP mode), or {DISCORD_TOKEN_ENV} "
    "(Discord)"
)


@dataclass(frozen=True, slots=True)
class DiscordPlan:
    """Discord's settings, and the token that goes straight to the login call."""

    settings: DiscordSettings
    token: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The adapters to start, each with its settings already checked."""

    slack: SlackSettings | None = None
    discord: DiscordPlan | None = None

    def describe(self) -> str:
        """For people: ``slack (socket mode), discord``, or ``none``."""
        names = [f"slack ({self.slack.mode.value} mode)"] if self.slack else []
        names += ["discord"] if self.discord else []
        return ", ".join(names) or "none"

    def __bool__(self) -> bool:
        return self.slack is not None or self.discord is not None


def plan_adapters(cfg: Configuration) -> Plan:
    """The adapters whose settings are present; raises SettingsError with every problem of
    the platforms' settings (malformed, or present but incomplete)."""
    problems = [
        *cfg.problems_of(SlackSection),
        *cfg.problems_of(DiscordSection),
        *cfg.problems_of(WelcomeSettings),
    ]
    if problems:
        raise SettingsError(*problems)
    slack: SlackSettings | None = None
    discord: DiscordPlan | None = None
    if cfg.section(SlackSection).configured:
        try:
            slack = slack_settings(cfg)
        except SettingsError as error:
            problems += error.problems
    if cfg.section(DiscordSection).token is not None:
        discord = discord_plan(cfg)
    if problems:
        raise SettingsError(*problems)
    return Plan(slack, discord)


def slack_settings(cfg: Configuration, mode: Mode | None = None) -> SlackSettings:
    """What the Slack app needs in `mode` (default: ROLEBOT_SLACK_MODE); raises SettingsError
    naming a missing token."""
    slack = cfg.section(SlackSection)
    welcome = cfg.section(WelcomeSettings)
    mode = mode or slack.resolved_mode()
    needed = (
        (slack.app_token, SLACK_APP_TOKEN_ENV, APP_TOKEN_LOOKS_LIKE)
        if mode is Mode.SOCKET
        else (slack.signing_secret, SLACK_SIGNING_SECRET_ENV, SIGNING_SECRET_LOOKS_LIKE)
    )
    for value, name, looks_like in (
        (slack.bot_token, SLACK_BOT_TOKEN_ENV, BOT_TOKEN_LOOKS_LIKE),
        needed,
    ):
        if value is None:
            raise SettingsError(f"{name} is not set: export {looks_like}")
    assert slack.bot_token is not None
    return SlackSettings(
        slack.bot_token.get_secret_value(),
        mode,
        app_token=slack.app_token.get_secret_value() if slack.app_token else "",
        signing_secret=slack.signing_secret.get_secret_value() if slack.signing_secret else "",
        api_url=slack.api_url,
        welcome_channels=welcome.slack_channels,
        welcome_workspace=welcome.slack_workspace,
    )


def discord_plan(cfg: Configuration) -> DiscordPlan:
    """Discord's settings and token; raises SettingsError when DISCORD_TOKEN is not set."""
    from adapters.discord_bot import DiscordSettings  # imports discord.py

    discord = cfg.section(DiscordSection)
    welcome = cfg.section(WelcomeSettings)
    if discord.token is None:
        raise SettingsError(f"{DISCORD_TOKEN_ENV} is not set (the bot's token)")
    settings = DiscordSettings(
        sharded=discord.sharded, welcome=welcome.discord, welcome_channels=welcome.discord_channels
    )
    return DiscordPlan(settings, discord.token.get_secret_value())
