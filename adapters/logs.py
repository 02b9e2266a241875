"""Logging for the long-running commands: readable or JSON lines, and never a secret.

Redaction is a filter on the one handler rolebot installs, so it sees every record, rolebot's
and its libraries' (slack_bolt, discord.py, aiohttp) alike, after the message and any
traceback are formatted and before anything is written.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum
from typing import TextIO

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 8  # shorter configured values would redact ordinary words
# Token shapes redacted wherever they appear, configured or not.
TOKEN_PATTERNS = (
    re.compile(r"\bxox[abeoprs]-[A-Za-z0-9-]+"),  # Slack bot, user and legacy tokens
    re.compile(r"\bxapp-[A-Za-z0-9-]+"),  # Slack app-level tokens
    # Discord bot tokens: base64 user id, timestamp and HMAC, dot-separated.
    re.compile(r"\b[A-Za-z0-9_-]{20,30}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}"),
    re.compile(r"(?i)\b(bearer|bot)\s+[A-Za-z0-9._~+/=-]{16,}"),  # Authorization headers
)
# The attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class LogFormat(Enum):
    """How log lines look."""

    TEXT = "text"  # for people reading a terminal
    JSON = "json"  # one object per line, for log collectors


class Redactor:
    """Replaces token-shaped strings and the configured secret values with a marker."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = sorted({s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
        self._secrets = re.compile("|".join(map(re.escape, values))) if values else None

    def __call__(self, text: str) -> str:
        """`text` with every secret replaced."""
        if self._secrets is not None:
            text = self._secrets.sub(REDACTED, text)
        for pattern in TOKEN_PATTERNS:
            text = pattern.sub(REDACTED, text)
        return text


class RedactingFilter(logging.Filter):
    """Rewrites each record so that its message, traceback and extras hold no secret."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact
        self._tracebacks = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; never drops a record."""
        record.msg = self._redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when set, so the redacted traceback is what is written.
            record.exc_text = self._tracebacks.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        for name, value in _extras(record).items():
            if isinstance(value, str):
                setattr(record, name, self._redact(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, extras and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in _extras(record).items() if k not in entry})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def handler(
    form: LogFormat, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """A stream handler writing `form`, with the redacting filter in front of it."""
    out = logging.StreamHandler(stream if stream is not None else sys.stderr)
    out.addFilter(RedactingFilter(Redactor(secrets)))
    out.setFormatter(JsonFormatter() if form is LogFormat.JSON else logging.Formatter(TEXT_FORMAT))
    return out


def configure(
    form: LogFormat,
    level: int,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
    *,
    force: bool = False,
) -> None:
    """Send every logger's records through one redacting handler on the root logger.

    Like `logging.basicConfig`, this does nothing when the root logger already has handlers
    (an embedder, or a test runner, configured logging first) unless `force` replaces them.
    """
    root = logging.getLogger()
    if root.handlers and not force:
        return
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler(form, secrets, stream))
    root.setLevel(level)


def _extras(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD}
