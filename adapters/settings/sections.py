"""Every setting rolebot reads, declared once: one typed model per section.

A field's `validation_alias` is its environment variable; its key in the config file is that
name in lower case without ``ROLEBOT_``. The README's table, `rolebot config check` and the
loader all read these declarations, so a setting is added here and nowhere else.
"""

from __future__ import annotations

import logging
import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, SecretStr, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from adapters.logs import LogFormat
from adapters.settings import parse
from adapters.settings.names import (
    CURATORS_ENV,
    DATABASE_URL_ENV,
    DB_ENV,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DISCORD_SHARD_COUNT_ENV,
    DISCORD_SHARD_IDS_ENV,
    DISCORD_SHARDED_ENV,
    DISCORD_TOKEN_ENV,
    DISCORD_WELCOME_CHANNELS_ENV,
    DISCORD_WELCOME_ENV,
    HISTORY_ENV,
    HOST_ENV,
    KNOWLEDGE_ENV,
    MAX_PORT,
    PORT_ENV,
    REDIS_URL_ENV,
    SLACK_APP_TOKEN_ENV,
    SLACK_BOT_TOKEN_ENV,
    SLACK_CLIENT_ID_ENV,
    SLACK_CLIENT_SECRET_ENV,
    SLACK_REDIRECT_URI_ENV,
    SLACK_SIGNING_SECRET_ENV,
    WATCH_ENV,
)
from adapters.slack_app.settings import DEFAULT_API_URL, Mode
from bot.store.settings import LOW_CONFIDENCE, RETENTION

DEFAULT_WATCH_INTERVAL = 2.0  # seconds: an edit is live within a few seconds, stat costs nothing
DEFAULT_SHUTDOWN_GRACE = 10.0  # seconds; well within Docker's and Kubernetes' stop timeouts
LOG_LEVELS = ("debug", "info", "warning", "error")
SLACK_MODES = ("auto", "socket", "http")  # auto: Socket Mode when an app-level token is set

# Shapes only: enough to catch a token pasted into the wrong variable or quotes and spaces from
# a copy; Slack itself is the judge of whether a well-shaped value is valid.
BOT_TOKEN_SHAPE = re.compile(r"xoxb-[A-Za-z0-9-]+")
APP_TOKEN_SHAPE = re.compile(r"xapp-[A-Za-z0-9-]+")
SIGNING_SECRET_SHAPE = re.compile(r"[A-Za-z0-9]{16,}")  # Slack issues 32 hex characters
SLACK_CHANNEL_SHAPE = re.compile(r"[CG][A-Z0-9]{2,}")  # public (C...) and private (G...)
CLIENT_ID_SHAPE = re.compile(r"[0-9]+\.[0-9]+")  # Slack's look like 1234567890.1234567890
# A curator: a Slack user id (U... or W... on Enterprise Grid) or a Discord user id (digits).
CURATOR_SHAPE = re.compile(r"slack:[UW][A-Z0-9]{2,}|discord:[0-9]{1,20}")
CURATOR_LOOKS_LIKE = (
    "platform-qualified user ids such as slack:U0123ABCD or discord:123456789012345678"
)
CLIENT_SECRET_SHAPE = SIGNING_SECRET_SHAPE  # both are 32 hex characters
BOT_TOKEN_LOOKS_LIKE = "the Bot User OAuth Token (xoxb-...)"
APP_TOKEN_LOOKS_LIKE = "an app-level token with connections:write (xapp-...)"
SIGNING_SECRET_LOOKS_LIKE = "the app's Signing Secret (32 letters and digits)"
CLIENT_ID_LOOKS_LIKE = "the app's Client ID (digits, a dot, digits)"
CLIENT_SECRET_LOOKS_LIKE = "the app's Client Secret (32 letters and digits)"


class Kind(Enum):
    """How a setting's value is read from the config file."""

    TEXT = "text"
    PATH = "path"  # relative paths in the file are relative to the file's folder
    PATHS = "paths"  # a list in the file, os.pathsep-separated in the environment


class WelcomeMode(Enum):
    """Whether and where a member who joins a Discord server is welcomed."""

    OFF = "off"
    DM = "dm"  # a direct message to the newcomer
    CHANNEL = "channel"  # a message in the server's welcome channel


Flag = Annotated[bool, BeforeValidator(parse.flag)]
Text = Annotated[str, BeforeValidator(parse.text)]


def setting(
    variable: str, default: object, meaning: str, *, documented: str = "", kind: Kind = Kind.TEXT
) -> Any:
    """A field read from `variable`; `documented` is the default as the README states it
    (derived from `default` when not given)."""
    return Field(
        default,
        validation_alias=variable,
        description=meaning,
        json_schema_extra={"documented": documented or _documented(default), "kind": kind.value},
    )


def _documented(default: object) -> str:
    if isinstance(default, bool):
        return str(default).lower()
    if isinstance(default, Enum):
        return str(default.value)
    if isinstance(default, float):
        return f"{default:g}"
    return "" if default is None or default == () or default == frozenset() else str(default)


def variable(field: FieldInfo) -> str:
    """The environment variable a field is read from."""
    assert isinstance(field.validation_alias, str), "every setting names its variable"
    return field.validation_alias


class Section(BaseSettings):
    """A group of settings. The loader hands each section its values from the environment and
    the config file (see `load`), so a section never reads `os.environ` on its own."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",
        case_sensitive=True,
        validate_by_name=True,
        validate_default=False,  # defaults are typed values already, not text to parse
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Built directly (tests, embedders): only the values passed in."""
        return (init_settings,)


def _discord_channel_ids(value: object) -> frozenset[int]:
    parts = [part.strip() for part in str(value).split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValueError("must be channel ids separated by commas")
    return frozenset(int(part) for part in parts)


def _shard_ids(value: object) -> tuple[int, ...]:
    parts = [part.strip() for part in str(value).split(",") if part.strip()]
    if not all(part.isascii() and part.isdigit() for part in parts):
        raise ValueError("must be shard numbers separated by commas, such as 0,1")
    numbers = sorted(int(part) for part in parts)
    if len(set(numbers)) < len(numbers):
        raise ValueError("names a shard twice")
    return tuple(numbers)


def _log_level(value: object) -> int:
    return logging.getLevelNamesMapping()[parse.choice(LOG_LEVELS)(value).upper()]


class KnowledgeSettings(Section):
    """The team's knowledge and where built knowledge is cached."""

    knowledge: Annotated[tuple[Path, ...], BeforeValidator(parse.paths)] = setting(
        KNOWLEDGE_ENV,
        (),
        "team knowledge folders on top of the shipped one, `:`-separated (a list in the file)",
        kind=Kind.PATHS,
    )
    # None: the default location.
    cache_dir: Annotated[Path | Literal["off"] | None, BeforeValidator(parse.path_or_off)] = (
        setting(
            "ROLEBOT_CACHE_DIR",
            None,
            "where built knowledge is cached; `off` for nowhere",
            documented="`$XDG_CACHE_HOME/rolebot`, else `~/.cache/rolebot`",
            kind=Kind.PATH,
        )
    )


class StoreSettings(Section):
    """The store of answers, misses, votes, tour positions and welcomes: a SQLite file, or a
    PostgreSQL database that replicas share."""

    db: Annotated[Path | None, BeforeValidator(parse.db_file)] = setting(
        DB_ENV,
        None,
        "the SQLite store, in a folder that exists (the default one is created on first use)",
        documented="`$XDG_STATE_HOME/rolebot/rolebot.sqlite3`, else "
        "`~/.local/state/rolebot/rolebot.sqlite3`",
        kind=Kind.PATH,
    )
    retention_days: Annotated[int, BeforeValidator(parse.number(int, 1, unit=" (days)"))] = setting(
        "ROLEBOT_RETENTION_DAYS",
        RETENTION.days,
        "recorded rows older than this are deleted (at start-up, then hourly)",
    )
    low_confidence: Annotated[float, BeforeValidator(parse.number(float, 0.0, 1.0))] = setting(
        "ROLEBOT_LOW_CONFIDENCE",
        LOW_CONFIDENCE,
        "answers scoring below this are recorded as misses",
    )
    keep_user_ids: Flag = setting("ROLEBOT_KEEP_USER_IDS", False, "store raw user and channel ids")
    database_url: Annotated[SecretStr | None, BeforeValidator(parse.postgres_url)] = setting(
        DATABASE_URL_ENV,
        None,
        "the store in PostgreSQL instead (`postgresql://user@host:5432/db`), shared by replicas; "
        f"not with `{DB_ENV}`",
    )

    @model_validator(mode="after")
    def _one_store(self) -> Self:
        if self.db is not None and self.database_url is not None:
            raise ValueError(
                f"{DB_ENV} and {DATABASE_URL_ENV} are both set: keep one "
                "(SQLite or PostgreSQL), not both"
            )
        return self


class SharedStateSettings(Section):
    """Where replicas share short-lived state; unset, each process keeps its own."""

    redis_url: Annotated[SecretStr | None, BeforeValidator(parse.redis_url)] = setting(
        REDIS_URL_ENV,
        None,
        "share event de-duplication, conversation context and welcome claims between replicas "
        "in this Redis (`redis://host:6379/0`; `rediss://` for TLS)",
    )


class SlackSection(Section):
    """How rolebot reaches Slack. Tokens are checked for shape here; which ones are needed
    depends on the mode (see `adapters.settings.plan`)."""

    bot_token: Annotated[
        SecretStr | None, BeforeValidator(parse.shaped(BOT_TOKEN_SHAPE, BOT_TOKEN_LOOKS_LIKE))
    ] = setting(SLACK_BOT_TOKEN_ENV, None, "Slack Bot User OAuth Token (`xoxb-...`)")
    app_token: Annotated[
        SecretStr | None, BeforeValidator(parse.shaped(APP_TOKEN_SHAPE, APP_TOKEN_LOOKS_LIKE))
    ] = setting(SLACK_APP_TOKEN_ENV, None, "Slack app-level token for Socket Mode (`xapp-...`)")
    signing_secret: Annotated[
        SecretStr | None,
        BeforeValidator(parse.shaped(SIGNING_SECRET_SHAPE, SIGNING_SECRET_LOOKS_LIKE)),
    ] = setting(SLACK_SIGNING_SECRET_ENV, None, "Slack Signing Secret, for HTTP mode")
    mode: Annotated[str, BeforeValidator(parse.choice(SLACK_MODES))] = setting(
        "ROLEBOT_SLACK_MODE",
        "auto",
        f"`socket`, `http`, or `auto`: Socket Mode when `{SLACK_APP_TOKEN_ENV}` is set, else HTTP",
    )
    api_url: Annotated[str, BeforeValidator(parse.http_url)] = setting(
        "ROLEBOT_SLACK_API_URL", DEFAULT_API_URL, "Slack's Web API base URL"
    )
    client_id: Annotated[
        str | None, BeforeValidator(parse.shaped(CLIENT_ID_SHAPE, CLIENT_ID_LOOKS_LIKE))
    ] = setting(
        SLACK_CLIENT_ID_ENV,
        None,
        f"with `{SLACK_CLIENT_SECRET_ENV}` instead of `{SLACK_BOT_TOKEN_ENV}`: serve installs "
        "to many workspaces (HTTP mode, `/slack/install`)",
    )
    client_secret: Annotated[
        SecretStr | None,
        BeforeValidator(parse.shaped(CLIENT_SECRET_SHAPE, CLIENT_SECRET_LOOKS_LIKE)),
    ] = setting(SLACK_CLIENT_SECRET_ENV, None, "the Slack app's Client Secret, for installs")
    redirect_uri: Annotated[str | None, BeforeValidator(parse.https_url)] = setting(
        SLACK_REDIRECT_URI_ENV,
        None,
        "installs: the OAuth redirect URL to send, when the app lists more than one",
    )

    @property
    def configured(self) -> bool:
        """Whether any Slack token is set: then `rolebot serve` runs the Slack adapter."""
        return any(
            (
                self.bot_token,
                self.app_token,
                self.signing_secret,
                self.client_id,
                self.client_secret,
            )
        )

    @property
    def installs(self) -> bool:
        """Whether installs to many workspaces are asked for (either OAuth credential is set)."""
        return self.client_id is not None or self.client_secret is not None

    def resolved_mode(self) -> Mode:
        """ROLEBOT_SLACK_MODE; `auto` is Socket Mode when an app-level token is set, else HTTP."""
        if self.mode != "auto":
            return Mode(self.mode)
        return Mode.SOCKET if self.app_token is not None else Mode.HTTP


class DiscordSection(Section):
    """How rolebot reaches Discord."""

    token: Annotated[SecretStr | None, BeforeValidator(parse.text)] = setting(
        DISCORD_TOKEN_ENV, None, "the Discord bot token"
    )
    sharded: Flag = setting(
        DISCORD_SHARDED_ENV,
        False,
        "shard the Discord connection in this one process, as many shards as Discord advises",
    )
    shard_count: Annotated[int | None, BeforeValidator(parse.number(int, 1))] = setting(
        DISCORD_SHARD_COUNT_ENV,
        None,
        f"how many shards the bot has across all its processes (each runs "
        f"`{DISCORD_SHARD_IDS_ENV}`)",
    )
    shard_ids: Annotated[tuple[int, ...], BeforeValidator(_shard_ids)] = setting(
        DISCORD_SHARD_IDS_ENV,
        (),
        f"the shards this process runs, comma-separated (`0,1`); default: every shard of "
        f"`{DISCORD_SHARD_COUNT_ENV}`",
    )

    @model_validator(mode="after")
    def _ids_within_count(self) -> Self:
        if not self.shard_ids:
            return self
        if self.shard_count is None:
            raise ValueError(f"{DISCORD_SHARD_IDS_ENV} needs {DISCORD_SHARD_COUNT_ENV}")
        beyond = [shard for shard in self.shard_ids if shard >= self.shard_count]
        if beyond:
            raise ValueError(
                f"{DISCORD_SHARD_IDS_ENV} names shard {beyond[0]}, but with "
                f"{DISCORD_SHARD_COUNT_ENV}={self.shard_count} shards go from 0 to "
                f"{self.shard_count - 1}"
            )
        return self


class WelcomeSettings(Section):
    """Who gets welcomed, on each platform; opt-in everywhere."""

    slack_channels: Annotated[
        frozenset[str],
        BeforeValidator(parse.ids(SLACK_CHANNEL_SHAPE, "channel ids such as C0123ABCD")),
    ] = setting(
        "ROLEBOT_SLACK_WELCOME_CHANNELS",
        frozenset(),
        "Slack channel ids, comma-separated, whose newcomers rolebot welcomes",
    )
    slack_workspace: Flag = setting(
        "ROLEBOT_SLACK_WELCOME_WORKSPACE", False, "welcome everyone who joins the Slack workspace"
    )
    discord: Annotated[WelcomeMode, BeforeValidator(parse.member(WelcomeMode))] = setting(
        DISCORD_WELCOME_ENV,
        WelcomeMode.OFF,
        "welcome Discord newcomers: `off`, `dm` or `channel` (needs the members intent)",
    )
    discord_channels: Annotated[frozenset[int], BeforeValidator(_discord_channel_ids)] = setting(
        DISCORD_WELCOME_CHANNELS_ENV,
        frozenset(),
        "for `channel`: Discord channel ids, comma-separated, one per server",
    )

    @model_validator(mode="after")
    def _channel_needs_channels(self) -> Self:
        if self.discord is WelcomeMode.CHANNEL and not self.discord_channels:
            raise ValueError(f"{DISCORD_WELCOME_ENV}=channel needs {DISCORD_WELCOME_CHANNELS_ENV}")
        return self


class CurationSettings(Section):
    """Who may teach rolebot from chat (`/roles curate`, and Teach on an "I don't know")."""

    curators: Annotated[
        frozenset[str], BeforeValidator(parse.ids(CURATOR_SHAPE, CURATOR_LOOKS_LIKE))
    ] = setting(
        CURATORS_ENV,
        frozenset(),
        "who may teach rolebot from chat: `slack:U...` and `discord:...` user ids, "
        "comma-separated; nobody when unset",
    )


class ServingSettings(Section):
    """The HTTP server of `rolebot serve`, reloading and shutdown."""

    host: Text = setting(
        HOST_ENV,
        DEFAULT_HOST,
        "address of the HTTP server (`/healthz`, `/metrics`, Slack HTTP mode)",
    )
    port: Annotated[int, BeforeValidator(parse.number(int, 0, MAX_PORT))] = setting(
        PORT_ENV, DEFAULT_PORT, "port of the HTTP server; `0` picks a free one"
    )
    watch: Flag = setting(
        WATCH_ENV, False, "reload the knowledge when its files change (also `--watch`)"
    )
    watch_interval: Annotated[float, BeforeValidator(parse.number(float, 0.0, above=True))] = (
        setting(
            "ROLEBOT_WATCH_INTERVAL",
            DEFAULT_WATCH_INTERVAL,
            "seconds between checks for changed knowledge files",
        )
    )
    shutdown_grace: Annotated[float, BeforeValidator(parse.number(float, 0.0))] = setting(
        "ROLEBOT_SHUTDOWN_GRACE",
        DEFAULT_SHUTDOWN_GRACE,
        "seconds in-flight answers get to finish after SIGTERM or SIGINT",
    )


class LoggingSettings(Section):
    """How log lines look and how many there are."""

    log_format: Annotated[LogFormat, BeforeValidator(parse.member(LogFormat))] = setting(
        "ROLEBOT_LOG_FORMAT", LogFormat.TEXT, "`text` for people, `json` for log collectors"
    )
    log_level: Annotated[int, BeforeValidator(_log_level)] = setting(
        "ROLEBOT_LOG_LEVEL",
        logging.INFO,
        "`debug`, `info`, `warning` or `error`",
        documented="info",
    )


class ConsoleSection(Section):
    """The interactive console (`rolebot chat` at a terminal)."""

    # None: the default location.
    history: Annotated[Path | Literal["off"] | None, BeforeValidator(parse.path_or_off)] = setting(
        HISTORY_ENV,
        None,
        "the lines typed into `rolebot chat` at a terminal, kept for Up (private to the user); "
        "`off` for none",
        documented="`$XDG_STATE_HOME/rolebot/history`, else `~/.local/state/rolebot/history`",
        kind=Kind.PATH,
    )


# In the order `rolebot config check` lists them and the README's table shows them.
SECTIONS: tuple[type[Section], ...] = (
    KnowledgeSettings,
    StoreSettings,
    SharedStateSettings,
    ServingSettings,
    LoggingSettings,
    ConsoleSection,
    SlackSection,
    DiscordSection,
    WelcomeSettings,
    CurationSettings,
)
