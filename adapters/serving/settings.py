"""The settings of `rolebot serve` itself (the adapters and the store have their own readers)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from adapters import config
from adapters.logs import LogFormat
from adapters.values import Reader, SettingsError, choice, flag, number

LOG_LEVELS = ("debug", "info", "warning", "error")


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Where the HTTP server listens, how logs look, reloading and shutdown."""

    host: str = config.DEFAULT_HOST
    port: int = config.DEFAULT_PORT
    log_format: LogFormat = LogFormat.TEXT
    log_level: int = logging.INFO
    watch: bool = False
    watch_interval: float = config.DEFAULT_WATCH_INTERVAL
    shutdown_grace: float = config.DEFAULT_SHUTDOWN_GRACE


def from_environ(environ: Mapping[str, str]) -> ServeSettings:
    """Read ROLEBOT_HOST, _PORT, _LOG_FORMAT, _LOG_LEVEL, _WATCH, _WATCH_INTERVAL and
    _SHUTDOWN_GRACE; raises SettingsError naming the first bad one."""
    port, interval, grace = _port(environ), _watch_interval(environ), _shutdown_grace(environ)
    return ServeSettings(
        host=environ.get(config.HOST_ENV, "").strip() or config.DEFAULT_HOST,
        port=port,
        log_format=_log_format(environ),
        log_level=_log_level(environ),
        watch=_watch(environ),
        watch_interval=interval,
        shutdown_grace=grace,
    )


def _port(environ: Mapping[str, str]) -> int:
    port = number(environ, config.PORT_ENV, int, config.DEFAULT_PORT)
    if not 0 <= port <= config.MAX_PORT:
        raise SettingsError(
            f"{config.PORT_ENV} must be between 0 and {config.MAX_PORT}, not {port}"
        )
    return port


def _watch_interval(environ: Mapping[str, str]) -> float:
    interval = number(environ, config.WATCH_INTERVAL_ENV, float, config.DEFAULT_WATCH_INTERVAL)
    if not interval > 0:
        raise SettingsError(f"{config.WATCH_INTERVAL_ENV} must be above 0, not {interval}")
    return interval


def _shutdown_grace(environ: Mapping[str, str]) -> float:
    grace = number(environ, config.SHUTDOWN_GRACE_ENV, float, config.DEFAULT_SHUTDOWN_GRACE)
    if not grace >= 0:
        raise SettingsError(f"{config.SHUTDOWN_GRACE_ENV} must be 0 or more, not {grace}")
    return grace


def _watch(environ: Mapping[str, str]) -> bool:
    return flag(environ, config.WATCH_ENV)


def _log_format(environ: Mapping[str, str]) -> LogFormat:
    return LogFormat(choice(environ, config.LOG_FORMAT_ENV, [f.value for f in LogFormat], "text"))


def _log_level(environ: Mapping[str, str]) -> int:
    level = choice(environ, config.LOG_LEVEL_ENV, LOG_LEVELS, "info")
    return logging.getLevelNamesMapping()[level.upper()]


# Each setting on its own, for `rolebot config check` to report every bad one.
READERS: tuple[Reader, ...] = (
    _port,
    _watch_interval,
    _shutdown_grace,
    _watch,
    _log_format,
    _log_level,
)
