"""Logs: readable or JSON lines, and no token or configured secret ever written."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator

import pytest

from adapters.logs import REDACTED, LogFormat, Redactor, configure

SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
CONFIGURED = "my-very-private-value"
TOKENS = [
    "xoxb-1111-2222-abcdefghijklmnop",
    "xoxp-1111-2222-3333-abcdef",
    "xapp-1-A111-3333-qrstuvwxyz",
    "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456",
    SIGNING_SECRET,
    CONFIGURED,
]


@contextlib.contextmanager
def logging_to(form: LogFormat, level: int, secrets: list[str]) -> Iterator[io.StringIO]:
    """Configure logging into a buffer; put pytest's handlers back afterwards."""
    root = logging.getLogger()
    handlers, before = root.handlers[:], root.level
    stream = io.StringIO()
    configure(form, level, secrets, stream, force=True)
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        root.setLevel(before)


@pytest.fixture
def output() -> Iterator[io.StringIO]:
    """JSON logs into a buffer, with two configured secrets."""
    with logging_to(LogFormat.JSON, logging.DEBUG, [SIGNING_SECRET, CONFIGURED]) as stream:
        yield stream


def records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize("secret", TOKENS, ids=["bot", "user", "app", "discord", "signing", "set"])
def test_a_secret_never_reaches_the_log(output: io.StringIO, secret: str) -> None:
    log = logging.getLogger("slack_bolt.some.library")
    log.info("token %s in the arguments", secret)
    log.warning(f"token {secret} in the message")
    log.error("in extras", extra={"token": secret})
    try:
        raise RuntimeError(f"request failed with Authorization: Bearer {secret}")
    except RuntimeError:
        log.exception("in a traceback")
    log.info("in a stack", stack_info=True, extra={"note": f"Bot {secret}"})
    written = output.getvalue()
    assert secret not in written
    assert written.count(REDACTED) >= 5


def test_json_lines_carry_time_level_logger_message_and_extras(output: io.StringIO) -> None:
    logging.getLogger("adapters.test").warning("hello %s", "world", extra={"request": "Ev1"})
    [entry] = records(output)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "adapters.test"
    assert entry["message"] == "hello world"
    assert entry["request"] == "Ev1"
    assert str(entry["time"]).endswith("+00:00")


def test_text_lines_are_for_people() -> None:
    with logging_to(LogFormat.TEXT, logging.INFO, []) as stream:
        logging.getLogger("adapters.test").debug("not shown")
        logging.getLogger("adapters.test").info("shown with %s", "xoxb-1-abc")
    [line] = stream.getvalue().splitlines()
    assert line.endswith(f" INFO adapters.test: shown with {REDACTED}")


def test_short_configured_values_are_not_redacted_everywhere() -> None:
    redact = Redactor(["abc", "long-enough-secret"])
    assert redact("abc and long-enough-secret") == f"abc and {REDACTED}"


def test_logging_configured_by_someone_else_is_left_alone() -> None:
    root = logging.getLogger()
    before = root.handlers[:]
    assert before, "pytest's own handlers are on the root logger"
    configure(LogFormat.JSON, logging.DEBUG, [CONFIGURED], io.StringIO())
    assert root.handlers == before
