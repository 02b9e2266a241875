"""Every setting rolebot reads, in one table, and the effective values from environment and file.

Settings come from environment variables and, optionally, a TOML file (`--config PATH` or
ROLEBOT_CONFIG) whose keys are the variable names in lower case without the ``ROLEBOT_``
prefix (``port = 8080``, ``slack_bot_token = "xoxb-..."``). The environment wins over the file.
The result is one effective mapping of variable names to strings, so the readers each part
already has (`recording_settings`, the Slack settings, `cache_dir`) read it unchanged.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from adapters import store_settings
from adapters.slack_app import settings as slack
from bot.store.settings import LOW_CONFIDENCE, RETENTION

CONFIG_ENV = "ROLEBOT_CONFIG"
KNOWLEDGE_ENV = "ROLEBOT_KNOWLEDGE"
CACHE_ENV = "ROLEBOT_CACHE_DIR"
SLACK_MODE_ENV = "ROLEBOT_SLACK_MODE"
DISCORD_TOKEN_ENV = "DISCORD_TOKEN"
DISCORD_SHARDED_ENV = "ROLEBOT_DISCORD_SHARDED"
DISCORD_WELCOME_ENV = "ROLEBOT_DISCORD_WELCOME"
DISCORD_WELCOME_CHANNELS_ENV = "ROLEBOT_DISCORD_WELCOME_CHANNELS"
HOST_ENV = "ROLEBOT_HOST"
PORT_ENV = "ROLEBOT_PORT"
LOG_FORMAT_ENV = "ROLEBOT_LOG_FORMAT"
LOG_LEVEL_ENV = "ROLEBOT_LOG_LEVEL"
WATCH_ENV = "ROLEBOT_WATCH"
WATCH_INTERVAL_ENV = "ROLEBOT_WATCH_INTERVAL"
SHUTDOWN_GRACE_ENV = "ROLEBOT_SHUTDOWN_GRACE"

DEFAULT_HOST = "0.0.0.0"  # in a container, the published port must reach the server
DEFAULT_PORT = 3000  # Bolt's and `rolebot slack --http`'s customary port
MAX_PORT = 65_535
DEFAULT_WATCH_INTERVAL = 2.0  # seconds: an edit is live within a few seconds, stat costs nothing
DEFAULT_SHUTDOWN_GRACE = 10.0  # seconds; well within Docker's and Kubernetes' stop timeouts
ENVIRONMENT = "environment"
MASK = "********"


class Kind(Enum):
    """How a setting's value is read from the config file."""

    TEXT = "text"
    PATH = "path"  # relative paths in the file are relative to the file's folder
    PATHS = "paths"  # a list in the file, os.pathsep-separated in the environment


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its variable, its default as documented, and what it means."""

    name: str
    default: str
    meaning: str
    secret: bool = False
    kind: Kind = Kind.TEXT
    in_file: bool = True

    @property
    def key(self) -> str:
        """Its key in the config file."""
        return self.name.lower().removeprefix("rolebot_")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        CONFIG_ENV,
        "",
        "a TOML file of settings (also `--config PATH`); the environment wins over it",
        kind=Kind.PATH,
        in_file=False,
    ),
    Setting(
        KNOWLEDGE_ENV,
        "",
        "team knowledge folders on top of the shipped one, `:`-separated (a list in the file)",
        kind=Kind.PATHS,
    ),
    Setting(
        CACHE_ENV,
        "`$XDG_CACHE_HOME/rolebot`, else `~/.cache/rolebot`",
        "where built knowledge is cached; `off` for nowhere",
        kind=Kind.PATH,
    ),
    Setting(
        store_settings.DB_ENV,
        "`$XDG_STATE_HOME/rolebot/rolebot.sqlite3`, else `~/.local/state/rolebot/rolebot.sqlite3`",
        "the SQLite store, created with its folder on first use",
        kind=Kind.PATH,
    ),
    Setting(
        store_settings.RETENTION_ENV,
        str(RETENTION.days),
        "recorded rows older than this are deleted (at start-up, then hourly)",
    ),
    Setting(
        store_settings.LOW_CONFIDENCE_ENV,
        str(LOW_CONFIDENCE),
        "answers scoring below this are recorded as misses",
    ),
    Setting(store_settings.KEEP_USER_IDS_ENV, "false", "store raw user and channel ids"),
    Setting(slack.BOT_TOKEN, "", "Slack Bot User OAuth Token (`xoxb-...`)", secret=True),
    Setting(
        slack.APP_TOKEN,
        "",
        "Slack app-level token for Socket Mode (`xapp-...`)",
        secret=True,
    ),
    Setting(slack.SIGNING_SECRET, "", "Slack Signing Secret, for HTTP mode", secret=True),
    Setting(
        SLACK_MODE_ENV,
        "auto",
        f"`socket`, `http`, or `auto`: Socket Mode when `{slack.APP_TOKEN}` is set, else HTTP",
    ),
    Setting(slack.API_URL, slack.DEFAULT_API_URL, "Slack's Web API base URL"),
    Setting(
        slack.WELCOME_CHANNELS,
        "",
        "Slack channel ids, comma-separated, whose newcomers rolebot welcomes",
    ),
    Setting(
        slack.WELCOME_WORKSPACE,
        "false",
        "welcome everyone who joins the Slack workspace",
    ),
    Setting(DISCORD_TOKEN_ENV, "", "the Discord bot token", secret=True),
    Setting(DISCORD_SHARDED_ENV, "false", "shard the Discord connection (thousands of servers)"),
    Setting(
        DISCORD_WELCOME_ENV,
        "off",
        "welcome Discord newcomers: `off`, `dm` or `channel` (needs the members intent)",
    ),
    Setting(
        DISCORD_WELCOME_CHANNELS_ENV,
        "",
        "for `channel`: Discord channel ids, comma-separated, one per server",
    ),
    Setting(
        HOST_ENV,
        DEFAULT_HOST,
        "address of the HTTP server (`/healthz`, `/metrics`, Slack HTTP mode)",
    ),
    Setting(PORT_ENV, str(DEFAULT_PORT), "port of the HTTP server; `0` picks a free one"),
    Setting(LOG_FORMAT_ENV, "text", "`text` for people, `json` for log collectors"),
    Setting(LOG_LEVEL_ENV, "info", "`debug`, `info`, `warning` or `error`"),
    Setting(WATCH_ENV, "false", "reload the knowledge when its files change (also `--watch`)"),
    Setting(
        WATCH_INTERVAL_ENV,
        f"{DEFAULT_WATCH_INTERVAL:g}",
        "seconds between checks for changed knowledge files",
    ),
    Setting(
        SHUTDOWN_GRACE_ENV,
        f"{DEFAULT_SHUTDOWN_GRACE:g}",
        "seconds in-flight answers get to finish after SIGTERM or SIGINT",
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}
BY_KEY = {s.key: s for s in SETTINGS if s.in_file}


@dataclass(frozen=True, slots=True)
class Config:
    """The effective settings: one mapping of variable names to strings, and where each came from.

    `environ` holds the whole process environment too (HOME, XDG_*), so it can stand in
    wherever `os.environ` was read.
    """

    environ: Mapping[str, str]
    origins: Mapping[str, str]  # setting name -> "environment" or the config file's path
    file: Path | None = None
    problems: tuple[str, ...] = ()

    def secrets(self) -> list[str]:
        """The values of every secret setting that is set, for log redaction."""
        return [v for s in SETTINGS if s.secret and (v := self.environ.get(s.name, "").strip())]


def load(environ: Mapping[str, str], path: str | None = None) -> Config:
    """The effective configuration: the file (`path`, else ROLEBOT_CONFIG) under `environ`.

    Problems with the file (missing, not TOML, unknown keys, wrong types) are collected in
    `problems`; the settings it could read still apply.
    """
    chosen = path or environ.get(CONFIG_ENV, "").strip()
    origins = {name: ENVIRONMENT for name in BY_NAME if environ.get(name, "").strip()}
    if not chosen:
        return Config(dict(environ), origins)
    file = Path(chosen).expanduser()
    values, problems = _read_file(file)
    merged = dict(environ)
    for name, value in values.items():
        if name not in origins:
            merged[name] = value
            origins[name] = str(file)
    return Config(merged, origins, file, tuple(problems))


def _read_file(file: Path) -> tuple[dict[str, str], list[str]]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        return {}, [f"{file}: cannot read the config file ({error.strerror or error})"]
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{file}: not valid TOML ({error})"]
    values: dict[str, str] = {}
    problems: list[str] = []
    for key, value in data.items():
        setting = BY_KEY.get(key.lower())
        if setting is None:
            near = difflib.get_close_matches(key.lower(), list(BY_KEY), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(f"{file}: unknown setting {key!r}{hint}")
            continue
        text = _as_text(setting, value, file.parent)
        if text is None:
            problems.append(f"{file}: {key} has a value of the wrong type ({value!r})")
        else:
            values[setting.name] = text
    return values, problems


def _as_text(setting: Setting, value: object, folder: Path) -> str | None:
    """A file value as the string the environment variable would hold; None if unusable."""
    if setting.kind is Kind.PATHS:
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in items):
            return None
        return os.pathsep.join(str(_relative_to(folder, str(item))) for item in items)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        return None
    if setting.kind is Kind.PATH and value.casefold() != "off":
        return str(_relative_to(folder, value))
    return value


def _relative_to(folder: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else folder / path


def shown(config: Config, setting: Setting) -> str:
    """A setting's effective value as `rolebot config check` prints it: secrets masked."""
    value = config.environ.get(setting.name, "").strip()
    if value:
        return MASK if setting.secret else value
    if setting.name == CACHE_ENV:
        return str(cache_dir(config.environ))
    if setting.name == store_settings.DB_ENV:
        return str(store_settings.default_db_path(config.environ))
    return setting.default.replace("`", "") or "(not set)"


def markdown_table() -> str:
    """The README's table of settings, generated from `SETTINGS`."""
    rows = [
        "| Variable | Config file key | Default | Meaning |",
        "|---|---|---|---|",
        *(
            f"| `{s.name}` | {f'`{s.key}`' if s.in_file else '-'} | "
            f"{_cell(s.default) if s.default else '-'} | {s.meaning} |"
            for s in SETTINGS
        ),
    ]
    return "\n".join(rows) + "\n"


def _cell(default: str) -> str:
    return default if default.startswith("`") else f"`{default}`"


def knowledge_dirs(environ: Mapping[str, str]) -> list[Path]:
    """Team knowledge directories from ROLEBOT_KNOWLEDGE (os.pathsep-separated)."""
    return [Path(p).expanduser() for p in environ.get(KNOWLEDGE_ENV, "").split(os.pathsep) if p]


def cache_dir(environ: Mapping[str, str]) -> Path | None:
    """Where built knowledge is cached: ROLEBOT_CACHE_DIR ("off": nowhere), else the XDG cache."""
    configured = environ.get(CACHE_ENV, "").strip()
    if configured.casefold() == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rolebot"
