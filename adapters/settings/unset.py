"""The configuration when nothing is configured: every default, without pydantic-settings.

Most runs of `rolebot ask` and `rolebot chat` set no variable and name no config file; for
them the full loader (`adapters.settings.load`) would build and validate every section only to
return their defaults, at the cost of importing pydantic-settings. `configured` says whether
the full loader is needed; `Defaults` answers what a command asks of an unconfigured run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from adapters.settings.names import CONFIG_ENV, PREFIXES
from bot.store.settings import RecordingSettings

DB_NAME = "rolebot.sqlite3"
HISTORY_NAME = "history"


@dataclass(frozen=True, slots=True)
class Locations:
    """The default places, from XDG variables in the environment."""

    cache_dir: Path
    db: Path
    history: Path

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Locations:
        """``$XDG_CACHE_HOME/rolebot``; ``rolebot.sqlite3`` and ``history`` in
        ``$XDG_STATE_HOME/rolebot``; else under ``~/.cache`` and ``~/.local/state``."""
        cache = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        state = Path(environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "rolebot"
        return cls(Path(cache) / "rolebot", state / DB_NAME, state / HISTORY_NAME)


def configured(environ: Mapping[str, str], path: str | None = None) -> bool:
    """Whether a config file is named or any variable that could be a setting is set (not
    blank): then only the full loader knows the effective settings."""
    if path or environ.get(CONFIG_ENV, "").strip():
        return True
    return any(name.startswith(PREFIXES) and value.strip() for name, value in environ.items())


@dataclass(frozen=True, slots=True)
class Defaults:
    """What `adapters.settings.load.Configuration` answers when nothing is configured."""

    locations: Locations
    problems: tuple[str, ...] = ()

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Defaults:
        """The defaults, placed by the XDG variables of `environ`."""
        return cls(Locations.from_environ(environ))

    def knowledge_dirs(self) -> list[Path]:
        """No team knowledge: the shipped knowledge alone."""
        return []

    def cache_dir(self) -> Path | None:
        """Built knowledge is cached in the default place."""
        return self.locations.cache_dir

    def history(self) -> Path | None:
        """The console keeps its history in the default place."""
        return self.locations.history

    def recording(
        self, db: Path | None = None, database_url: str | None = None
    ) -> RecordingSettings:
        """The default SQLite store, unless a command's ``--db`` or ``--database-url`` names
        another."""
        return RecordingSettings(path=db or self.locations.db, database_url=database_url)
