"""The one loader: each section's values from the environment and the config file.

The file (`--config PATH` or ROLEBOT_CONFIG) is TOML whose keys are the variable names in lower
case without ``ROLEBOT_`` (``port = 8080``, ``slack_bot_token = "xoxb-..."``); relative paths in
it are relative to the file. Its values are turned into the text the variable would hold, so one
parser serves both; the environment wins over the file (pydantic-settings' source priority).
Every section is validated at once, so every problem is known, not just the first.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit

from pydantic import SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import PydanticBaseSettingsSource

from adapters.settings.errors import SettingsError
from adapters.settings.names import CONFIG_ENV
from adapters.settings.sections import (
    SECTIONS,
    ConsoleSection,
    Kind,
    KnowledgeSettings,
    Section,
    StoreSettings,
    variable,
)
from adapters.settings.unset import Locations as Locations
from bot.store.settings import RecordingSettings

ENVIRONMENT = "environment"
DEFAULT = "default"
_S = TypeVar("_S", bound=Section)


@dataclass(frozen=True, slots=True)
class Declared:
    """One setting as the README and `config check` describe it."""

    name: str
    meaning: str
    documented: str = ""
    secret: bool = False
    kind: Kind = Kind.TEXT
    in_file: bool = True

    @property
    def key(self) -> str:
        """Its key in the config file."""
        return self.name.lower().removeprefix("rolebot_")


def _declared(field: FieldInfo) -> Declared:
    extra = field.json_schema_extra
    assert isinstance(extra, dict), "every setting is declared with `setting()`"
    return Declared(
        variable(field),
        field.description or "",
        str(extra["documented"]),
        secret=SecretStr in get_args(field.annotation),
        kind=Kind(extra["kind"]),
    )


DECLARED: tuple[Declared, ...] = (
    Declared(
        CONFIG_ENV,
        "a TOML file of settings (also `--config PATH`); the environment wins over it",
        kind=Kind.PATH,
        in_file=False,
    ),
    *(_declared(field) for section in SECTIONS for field in section.model_fields.values()),
)
BY_NAME = {d.name: d for d in DECLARED}
BY_KEY = {d.key: d for d in DECLARED if d.in_file}


class VariablesSource(PydanticBaseSettingsSource):
    """A section's values from a mapping of variable names to text (the environment, or the
    config file rendered as the environment would hold it)."""

    def __init__(self, settings_cls: type[Section], variables: Mapping[str, str]) -> None:
        super().__init__(settings_cls)
        self._variables = variables

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """The field's text, if its variable is set."""
        return self._variables.get(variable(field)), field_name, False

    def __call__(self) -> dict[str, Any]:
        found = {}
        for name, field in self.settings_cls.model_fields.items():
            value, _, _ = self.get_field_value(field, name)
            if value is not None:
                found[variable(field)] = value
        return found


@dataclass(frozen=True, slots=True)
class Configuration:
    """The effective settings: each section, or its problems; where each value came from."""

    values: Mapping[str, str]  # variable -> effective text, the environment over the file
    origins: Mapping[str, str]  # variable -> "environment" or the config file's path
    sections: Mapping[type[Section], Section | tuple[str, ...]]
    locations: Locations
    file: Path | None = None
    problems: tuple[str, ...] = ()  # the config file's

    def section(self, kind: type[_S]) -> _S:
        """A section's settings; raises SettingsError with each of its problems."""
        found = self.sections[kind]
        if isinstance(found, tuple):
            raise SettingsError(*found)
        assert isinstance(found, kind)
        return found

    def problems_of(self, kind: type[Section]) -> tuple[str, ...]:
        """A section's problems (none when it is valid)."""
        found = self.sections[kind]
        return found if isinstance(found, tuple) else ()

    def secrets(self) -> list[str]:
        """The values of every secret setting that is set, for log redaction, and the password
        in any that is a URL (a message may quote it alone)."""
        values = [v for d in DECLARED if d.secret and (v := self.values.get(d.name, ""))]
        return [*values, *(p for v in values if (p := _url_password(v)))]

    def knowledge_dirs(self) -> list[Path]:
        """Team knowledge directories from ROLEBOT_KNOWLEDGE."""
        return list(self.section(KnowledgeSettings).knowledge)

    def cache_dir(self) -> Path | None:
        """Where built knowledge is cached; None for nowhere."""
        return _place(self.section(KnowledgeSettings).cache_dir, self.locations.cache_dir)

    def history(self) -> Path | None:
        """Where the console keeps the lines typed at a terminal; None for nowhere."""
        return _place(self.section(ConsoleSection).history, self.locations.history)

    def recording(
        self, db: Path | None = None, database_url: str | None = None
    ) -> RecordingSettings:
        """The store's settings. A command's ``--db`` (`db`) or ``--database-url``
        (`database_url`) chooses the store, over ROLEBOT_DB and ROLEBOT_DATABASE_URL."""
        store = self.section(StoreSettings)
        if database_url is None and db is None and store.database_url is not None:
            database_url = store.database_url.get_secret_value()
        return RecordingSettings(
            path=db or store.db or self.locations.db,
            retention_days=store.retention_days,
            low_confidence=store.low_confidence,
            keep_user_ids=store.keep_user_ids,
            database_url=database_url,
        )


def _url_password(value: str) -> str | None:
    """The password of a URL such as ``postgresql://user:secret@host/db``, if it holds one."""
    try:
        return urlsplit(value).password or None
    except ValueError:
        return None


def _place(configured: Path | Literal["off"] | None, default: Path) -> Path | None:
    """A place that may be turned ``off``: None then, `default` when not set."""
    if configured == "off":
        return None
    return default if configured is None else configured


def load(environ: Mapping[str, str], path: str | None = None) -> Configuration:
    """The effective configuration: the file (`path`, else ROLEBOT_CONFIG) under `environ`.

    Problems with the file (unreadable, not TOML, unknown keys, wrong types) are collected in
    `problems`, those of each section with it; the values that could be read still apply.
    """
    from_env = {d.name: text for d in DECLARED if (text := environ.get(d.name, "").strip())}
    chosen = path or from_env.get(CONFIG_ENV, "")
    file = Path(chosen).expanduser() if chosen else None
    from_file, problems = _read_file(file) if file else ({}, [])
    from_file = {name: text for name, text in from_file.items() if name not in from_env}
    origins = {name: ENVIRONMENT for name in from_env} | {name: str(file) for name in from_file}
    sections = {kind: _validate(kind, from_env, from_file) for kind in SECTIONS}
    return Configuration(
        {**from_file, **from_env},
        origins,
        sections,
        Locations.from_environ(environ),
        file,
        tuple(problems),
    )


def _validate(
    kind: type[Section], from_env: Mapping[str, str], from_file: Mapping[str, str]
) -> Section | tuple[str, ...]:
    sources = (VariablesSource(kind, from_env), VariablesSource(kind, from_file))
    try:
        return kind(_build_sources=(sources, {}))
    except ValidationError as error:
        return tuple(_message(e) for e in error.errors(include_url=False))


def _message(error: Any) -> str:
    """One line naming the variable: ``ROLEBOT_PORT must be a number, not 'http'``."""
    cause = error.get("ctx", {}).get("error")
    text = str(cause) if isinstance(cause, ValueError) else error["msg"]
    return f"{error['loc'][0]} {text}" if error["loc"] else text


def _read_file(file: Path) -> tuple[dict[str, str], list[str]]:
    try:
        data = tomllib.loads(file.read_bytes().decode("utf-8"))
    except OSError as error:
        return {}, [f"{file}: cannot read the config file ({error.strerror or error})"]
    except UnicodeDecodeError:
        return {}, [f"{file}: cannot read the config file (not UTF-8 text)"]
    except tomllib.TOMLDecodeError as error:
        return {}, [f"{file}: not valid TOML ({error})"]
    values: dict[str, str] = {}
    problems: list[str] = []
    for key, value in data.items():
        declared = BY_KEY.get(key.lower())
        if declared is None:
            near = difflib.get_close_matches(key.lower(), list(BY_KEY), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            problems.append(f"{file}: unknown setting {key!r}{hint}")
            continue
        text = _as_text(declared, value, file.parent)
        if text is None:
            problems.append(f"{file}: {key} has a value of the wrong type ({value!r})")
        else:
            values[declared.name] = text
    return values, problems


def _as_text(declared: Declared, value: object, folder: Path) -> str | None:
    """A file value as the text the environment variable would hold; None if unusable."""
    if declared.kind is Kind.PATHS:
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
    if declared.kind is Kind.PATH and value.strip().casefold() != "off":
        return str(_relative_to(folder, value))
    return value.strip()


def _relative_to(folder: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else folder / path
