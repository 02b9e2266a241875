"""What reaches Bolt over HTTP: signed requests whose body Bolt can read, nothing else.

Bolt parses a request's body before its middleware checks the signature, so an unsigned body
that is not JSON (or `null`, or not UTF-8) used to end in a 500 and a traceback. Here the
signature is checked over the raw bytes first; only then is the body decoded and parsed, and a
signed body that is not a JSON object is refused with a 400. Refusals are logged one short
line each, at most a few a minute, so a flood of them cannot flood the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.request.internals import parse_body
from slack_bolt.response import BoltResponse

SIGNATURE_WINDOW = 300  # seconds: Slack's replay window for X-Slack-Request-Timestamp
TIMESTAMP_DIGITS = 12  # a Unix time in seconds has 10 digits until the year 2286
logger = logging.getLogger(__name__)

HTTP_BAD_REQUEST = 400
HTTP_UNAUTHORIZED = 401
REFUSALS_LOGGED_PER_WINDOW = 5  # then one summary line per window
REFUSAL_WINDOW = 60.0  # seconds


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a request is turned away, and with which status and body."""

    status: int
    reason: str  # short, and never quoting the request

    @property
    def body(self) -> str:
        """The JSON answer (Bolt's own for a bad signature)."""
        error = "invalid request" if self.status == HTTP_UNAUTHORIZED else "malformed request"
        return json.dumps({"error": error})


def signed(
    secret: str, raw: bytes, headers: Mapping[str, str], now: float | None = None
) -> Refusal | None:
    """None when Slack signed `raw` (HMAC-SHA256 over ``v0:{timestamp}:{body}``, bytes as
    sent) within the replay window; otherwise why not. `headers` have lower-case names."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not signature:
        return Refusal(HTTP_UNAUTHORIZED, "no signature")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= TIMESTAMP_DIGITS):
        return Refusal(HTTP_UNAUTHORIZED, "the timestamp is not a number")
    if abs((time.time() if now is None else now) - int(timestamp)) > SIGNATURE_WINDOW:
        return Refusal(HTTP_UNAUTHORIZED, "the timestamp is outside the replay window")
    base = b"v0:" + timestamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return Refusal(HTTP_UNAUTHORIZED, "the signature does not match")
    return None


def readable(raw: bytes, headers: Mapping[str, str]) -> str | Refusal:
    """The body as text when Bolt can parse it into a JSON object (an event, or an action's
    `payload=` field), or a form (a slash command); otherwise why not. `headers` have
    lower-case names, as Bolt reads them."""
    content_type = headers.get("content-type", "").split(";")[0] or None  # as Bolt takes it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(HTTP_BAD_REQUEST, "the body is not UTF-8")
    try:
        parsed = parse_body(text, content_type)
    except ValueError:  # json.JSONDecodeError included
        return Refusal(HTTP_BAD_REQUEST, "the body or its payload field is not JSON")
    if not isinstance(parsed, dict):
        return Refusal(HTTP_BAD_REQUEST, "the body or its payload field is not a JSON object")
    problem = event_problem(parsed)
    if problem is not None:
        return Refusal(HTTP_BAD_REQUEST, problem)
    return text


# What rolebot's listeners read from each event they handle: a field's type, and whether it
# must be there (and not empty). Anything else is refused rather than answered, say, to a
# channel called "None".
_TEXT_EVENT: dict[str, tuple[type, bool]] = {
    "channel": (str, True),
    "ts": (str, True),
    "user": (str, False),
    "text": (str, False),
    "thread_ts": (str, False),
    "channel_type": (str, False),
}
EVENT_FIELDS: dict[str, dict[str, tuple[type, bool]]] = {
    "app_mention": _TEXT_EVENT,
    "message": _TEXT_EVENT,
    "member_joined_channel": {"channel": (str, True), "user": (str, True)},
    "app_home_opened": {"user": (str, True), "tab": (str, False)},
    "team_join": {"user": (dict, True)},
}


def event_problem(body: Mapping[str, object]) -> str | None:
    """Why an Events API body cannot be handled (its event, or a field a listener reads, is
    missing or of the wrong type), or None. Bodies of other kinds are not looked at."""
    if body.get("type") != "event_callback":
        return None
    event = body.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return "the event is not an object with a type"
    for name, (kind, required) in EVENT_FIELDS.get(event["type"], {}).items():
        if name not in event and not required:
            continue
        value = event.get(name)
        if not isinstance(value, kind) or (required and not value):
            return f"the event's {name} is not a {'string' if kind is str else 'JSON object'}"
    return None


def ssl_check(raw: bytes) -> bool:
    """Slack's unsigned certificate probe (``ssl_check=1``), which Bolt answers without
    verifying: a form whose ssl_check field is exactly 1."""
    if b"ssl_check=" not in raw:
        return False
    fields = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
    return fields.get("ssl_check") == "1" and "payload" not in fields


@dataclass(slots=True)
class RefusalLog:
    """Logs each refusal as one short line, the first `burst` of every `window` seconds; the
    rest are counted and summed up in one line when the window ends."""

    logger: logging.Logger
    burst: int = REFUSALS_LOGGED_PER_WINDOW
    window: float = REFUSAL_WINDOW
    clock: Callable[[], float] = time.monotonic
    _opened: float | None = None
    _logged: int = 0
    _held: list[Refusal] = field(default_factory=list)

    def refused(self, refusal: Refusal) -> None:
        """Log `refusal`, or count it when this window's lines are spent."""
        now = self.clock()
        if self._opened is None or now - self._opened >= self.window:
            self.flush()
            self._opened, self._logged = now, 0
        if self._logged < self.burst:
            self._logged += 1
            self.logger.warning("refused a Slack request (%d): %s", refusal.status, refusal.reason)
            return
        if not self._held:
            self._summary_later()
        self._held.append(refusal)

    def flush(self) -> None:
        """Log the count of refusals held back, if any (also called when the window ends)."""
        if not self._held:
            return
        held, self._held = self._held, []
        self.logger.warning(
            "refused %d more Slack request(s) in %.0f s without logging each (the last: %s)",
            len(held),
            self.window,
            held[-1].reason,
        )

    def _summary_later(self) -> None:
        # Without a loop, the first refusal after the window logs the summary instead.
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_later(self.window, self.flush)


async def drop_malformed_events(
    body: dict[str, Any], next: Callable[[], Awaitable[BoltResponse]]
) -> BoltResponse:
    """Bolt middleware: an event `event_problem` finds fault with is acknowledged (so Slack
    does not send it again) and dropped, never handed to a listener. Over HTTP the events route
    refuses such a request before Bolt sees it; this covers Socket Mode."""
    problem = event_problem(body)
    if problem is None:
        return await next()
    logger.warning("dropped a Slack event: %s", problem)
    return BoltResponse(status=200, body="")
