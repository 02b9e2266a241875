"""Which adapters `rolebot serve` starts (every one whose settings are present), each with
the settings its factory takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import SecretStr

from adapters.settings.errors import SettingsError
from adapters.settings.load import Configuration
from adapters.settings.names import (
    DISCORD_TOKEN_ENV,
    SLACK_APP_TOKEN_ENV,
    SLACK_BOT_TOKEN_ENV,
    SLACK_CLIENT_ID_ENV,
    SLACK_CLIENT_SECRET_ENV,
    SLACK_SIGNING_SECRET_ENV,
)
from adapters.settings.sections import (
    APP_TOKEN_LOOKS_LIKE,
    BOT_TOKEN_LOOKS_LIKE,
    CLIENT_ID_LOOKS_LIKE,
    CLIENT_SECRET_LOOKS_LIKE,
    SIGNING_SECRET_LOOKS_LIKE,
    DiscordSection,
    Section,
    SlackSection,
    StoreSettings,
    WelcomeSettings,
)
from adapters.slack_app.settings import InstallSettings, Mode, SlackSettings

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
        """For people: ``slack (socket mode), discord (shards 0,1 of 4)``, or ``none``."""
        names = (
            [f"slack ({self.slack.mode.value} mode{_installs_note(self.slack)})"]
            if self.slack
            else []
        )
        if self.discord is not None:
            names.append(f"discord{_shards(self.discord.settings)}")
        return ", ".join(names) or "none"

    def __bool__(self) -> bool:
        return self.slack is not None or self.discord is not None


def plan_adapters(cfg: Configuration) -> Plan:
    """The adapters whose settings are present; raises SettingsError with every problem of
    the platforms' settings (malformed, or present but incomplete)."""
    _require(cfg, SlackSection, DiscordSection, WelcomeSettings)
    problems: list[str] = []
    slack: SlackSettings | None = None
    discord: DiscordPlan | None = None
    if cfg.section(SlackSection).configured:
        try:
            slack = slack_settings(cfg)
        except SettingsError as error:
            problems += error.problems
    if cfg.section(DiscordSection).token is not None:
        discord = discord_plan(cfg)  # the token is all Discord needs
    if problems:
        raise SettingsError(*problems)
    return Plan(slack, discord)


def slack_settings(cfg: Configuration, mode: Mode | None = None) -> SlackSettings:
    """What the Slack app needs in `mode` (default: ROLEBOT_SLACK_MODE); raises SettingsError
    naming a missing token."""
    _require(cfg, SlackSection, WelcomeSettings)
    slack, welcome = cfg.section(SlackSection), cfg.section(WelcomeSettings)
    mode = mode or slack.resolved_mode()
    installs = _installs(cfg, slack, mode)
    bot_token = (
        ""
        if installs is not None
        else _secret(slack.bot_token, SLACK_BOT_TOKEN_ENV, BOT_TOKEN_LOOKS_LIKE)
    )
    if mode is Mode.SOCKET:
        app_token = _secret(slack.app_token, SLACK_APP_TOKEN_ENV, APP_TOKEN_LOOKS_LIKE)
        signing_secret = ""
    else:
        app_token = ""
        signing_secret = _secret(
            slack.signing_secret, SLACK_SIGNING_SECRET_ENV, SIGNING_SECRET_LOOKS_LIKE
        )
    return SlackSettings(
        bot_token,
        mode,
        app_token=app_token,
        signing_secret=signing_secret,
        api_url=slack.api_url,
        welcome_channels=welcome.slack_channels,
        welcome_workspace=welcome.slack_workspace,
        installs=installs,
    )


def _installs(cfg: Configuration, slack: SlackSection, mode: Mode) -> InstallSettings | None:
    """Installs to many workspaces, when SLACK_CLIENT_ID or SLACK_CLIENT_SECRET is set; raises
    SettingsError when they cannot be served as set."""
    if not slack.installs:
        return None
    if slack.bot_token is not None:
        raise SettingsError(
            f"set {SLACK_BOT_TOKEN_ENV} (one workspace) or {SLACK_CLIENT_ID_ENV} and "
            f"{SLACK_CLIENT_SECRET_ENV} (installs to many), not both"
        )
    if mode is not Mode.HTTP:
        raise SettingsError(
            f"{SLACK_CLIENT_ID_ENV} and {SLACK_CLIENT_SECRET_ENV} serve installs over HTTP: use "
            "HTTP mode ('rolebot slack --http', or ROLEBOT_SLACK_MODE=http)"
        )
    if slack.client_id is None:
        raise SettingsError(f"{SLACK_CLIENT_ID_ENV} is not set: export {CLIENT_ID_LOOKS_LIKE}")
    secret = _secret(slack.client_secret, SLACK_CLIENT_SECRET_ENV, CLIENT_SECRET_LOOKS_LIKE)
    _require(cfg, StoreSettings)
    return InstallSettings(slack.client_id, secret, cfg.recording(), slack.redirect_uri)


def discord_plan(cfg: Configuration) -> DiscordPlan:
    """Discord's settings and token; raises SettingsError when DISCORD_TOKEN is not set."""
    from adapters.discord_bot import DiscordSettings  # imports discord.py

    _require(cfg, DiscordSection, WelcomeSettings)
    discord, welcome = cfg.section(DiscordSection), cfg.section(WelcomeSettings)
    token = _secret(discord.token, DISCORD_TOKEN_ENV, "the bot's token")
    settings = DiscordSettings(
        sharded=discord.sharded,
        shard_count=discord.shard_count,
        shard_ids=discord.shard_ids,
        welcome=welcome.discord,
        welcome_channels=welcome.discord_channels,
    )
    return DiscordPlan(settings, token)


def _installs_note(settings: SlackSettings) -> str:
    return ", installs to many workspaces" if settings.installs is not None else ""


def _shards(settings: DiscordSettings) -> str:
    """`` (shards 0,2 of 3)`` when this process runs some shards of a count, else nothing."""
    if settings.shard_count is None:
        return " (sharded)" if settings.sharded else ""
    ids = settings.shard_ids or range(settings.shard_count)
    return f" (shards {','.join(map(str, ids))} of {settings.shard_count})"


def _require(cfg: Configuration, *sections: type[Section]) -> None:
    problems = [problem for section in sections for problem in cfg.problems_of(section)]
    if problems:
        raise SettingsError(*problems)


def _secret(value: SecretStr | None, name: str, looks_like: str) -> str:
    if value is None:
        raise SettingsError(f"{name} is not set: export {looks_like}")
    return value.get_secret_value()
