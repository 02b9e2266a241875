"""The settings of `rolebot serve` itself (the adapters and the store have their own readers)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from adapters import config
from adapters.logs import LogFormat
from adapters.values import SettingsError, choice, flag, number

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
    port = number(environ, config.PORT_ENV, int, config.DEFAULT_PORT)
    if not 0 <= port <= config.MAX_PORT:
        raise SettingsError(
            f"{config.PORT_ENV} must be between 0 and {config.MAX_PORT}, not {port}"
        )
    interval = number(environ, config.WATCH_INTERVAL_ENV, float, config.DEFAULT_WATCH_INTERVAL)
    if not interval > 0:
        raise SettingsError(f"{config.WATCH_INTERVAL_ENV} must be above 0, not {interval}")
    grace = number(environ, config.SHUTDOWN_GRACE_ENV, float, config.DEFAULT_SHUTDOWN_GRACE)
    if not grace >= 0:
        raise SettingsError(f"{config.SHUTDOWN_GRACE_ENV} must be 0 or more, not {grace}")
    log_format, log_level = _log_settings(environ)
    return ServeSettings(
        host=environ.get(config.HOST_ENV, "").strip() or config.DEFAULT_HOST,
        port=port,
        log_format=log_format,
        log_level=log_level,
        watch=flag(environ, config.WATCH_ENV),
        watch_interval=interval,
        shutdown_grace=grace,
    )


def _log_settings(environ: Mapping[str, str]) -> tuple[LogFormat, int]:
    """ROLEBOT_LOG_FORMAT and ROLEBOT_LOG_LEVEL (every long-running command reads these)."""
    form = choice(environ, config.LOG_FORMAT_ENV, [f.value for f in LogFormat], "text")
    level = choice(environ, config.LOG_LEVEL_ENV, LOG_LEVELS, "info")
    return LogFormat(form), logging.getLevelNamesMapping()[level.upper()]
