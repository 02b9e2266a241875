"""Requests that are not what Slack sends, over real HTTP: the signature is checked before the
body is read, a bad request is a 4xx with one short log line (never a 500 or a traceback), and
a flood of them cannot flood the log."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import pytest

from adapters.slack_app.intake import REFUSALS_LOGGED_PER_WINDOW, Refusal, RefusalLog
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import SECRET, SlackRequests, mention, settle

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
LOG_LINE_LIMIT = 120  # characters: a short line, not a traceback or a quoted body
BODIES: dict[str, tuple[bytes, str]] = {
    "malformed-json": (b'{"type": "event_callback", "event": {', JSON),
    "json-null": (b"null", JSON),
    "json-list": (b'[{"type": "event_callback"}]', JSON),
    "json-string": (b'"event_callback"', JSON),
    "invalid-utf8": (b'{"type": "event_callback", "text": "\xff\xfe"}', JSON),
    "bad-payload-field": (b"payload=%7Bnot-json", FORM),
    "null-payload-field": (b"payload=null", FORM),
}
# Readable once signed, but a 500 when unsigned, once.
ASKED = json.dumps(mention("who owns deployment?")).encode()
ODD = {
    "unknown-charset": (ASKED, "application/json; charset=no-such"),
    "invalid-utf8-payload-field": (b"payload=%7B%22a%22%3A%22%FF%22%7D", FORM),
}


def signature(timestamp: str, body: bytes, secret: str = SECRET) -> str:
    """Slack's signature over the bytes as sent."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


async def post(
    slack: SlackRequests, body: bytes, content_type: str, headers: dict[str, str]
) -> tuple[int, str]:
    async with slack.session.post(
        slack.url, data=body, headers={"Content-Type": content_type, **headers}
    ) as response:
        return response.status, await response.text()


def signed_headers(body: bytes, timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature(timestamp, body)}


def unsigned_headers(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(timestamp, body, secret="not-the-secret-0123456789"),
    }


def assert_one_short_line(caplog: pytest.LogCaptureFixture, expected: str) -> None:
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("adapters")]
    assert len(lines) == 1, lines
    assert expected in lines[0] and len(lines[0]) <= LOG_LINE_LIMIT, lines[0]


@pytest.mark.parametrize(
    ("body", "content_type"), (BODIES | ODD).values(), ids=(BODIES | ODD).keys()
)
async def test_an_unsigned_unreadable_body_is_refused_before_it_is_read(
    slack: SlackRequests,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
) -> None:
    caplog.set_level(logging.INFO)
    status, answer = await post(slack, body, content_type, unsigned_headers(body))
    assert (status, json.loads(answer)) == (401, {"error": "invalid request"})
    assert fake_slack.calls == []
    assert_one_short_line(caplog, "refused a Slack request (401): the signature does not match")


@pytest.mark.parametrize(("body", "content_type"), BODIES.values(), ids=BODIES.keys())
async def test_a_signed_unreadable_body_is_a_400(
    slack: SlackRequests,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
) -> None:
    caplog.set_level(logging.INFO)
    status, answer = await post(slack, body, content_type, signed_headers(body))
    assert (status, json.loads(answer)) == (400, {"error": "malformed request"})
    await settle()
    assert fake_slack.calls == []
    assert_one_short_line(caplog, "refused a Slack request (400): the body")


async def test_a_signed_event_with_an_unknown_charset_is_read_as_utf8_and_answered(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    body, content_type = ODD["unknown-charset"]
    status, _ = await post(slack, body, content_type, signed_headers(body))
    assert status == 200
    assert [c.headers for c in await fake_slack.wait_for_posts(1)] == [["Who owns deployment?"]]


async def test_a_signed_payload_field_with_a_bad_escape_reaches_bolt(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    body, content_type = ODD["invalid-utf8-payload-field"]
    status, _ = await post(slack, body, content_type, signed_headers(body))
    assert status == 404  # Bolt's answer to a request no listener handles
    await settle()
    assert fake_slack.posts == []


TIMESTAMPS = {
    "word": "yesterday",
    "float": "1726133700.5",
    "exponent": "1e9",
    "negative": "-1726133700",
    "huge": "9" * 400,
    "empty": "",
    "non-ascii-digits": "١٧٢٦١٣٣٧٠٠",
}


@pytest.mark.parametrize("timestamp", TIMESTAMPS.values(), ids=TIMESTAMPS.keys())
async def test_a_timestamp_that_is_not_a_number_is_a_401(
    slack: SlackRequests, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, timestamp: str
) -> None:
    caplog.set_level(logging.INFO)
    body = json.dumps(mention("who owns deployment?")).encode()
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=00"}
    status, answer = await post(slack, body, JSON, headers)
    assert (status, json.loads(answer)) == (401, {"error": "invalid request"})
    assert fake_slack.calls == []
    assert_one_short_line(caplog, "refused a Slack request (401): the timestamp is not a number")


async def test_a_flood_of_bad_requests_logs_a_few_lines_and_the_app_keeps_answering(
    slack: SlackRequests, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for number in range(200):
        body, content_type = list(BODIES.values())[number % len(BODIES)]
        status, _ = await post(slack, body, content_type, unsigned_headers(body))
        assert status == 401
    assert "Traceback" not in caplog.text
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("adapters")]
    assert len(lines) == REFUSALS_LOGGED_PER_WINDOW
    await slack.event(mention("who owns deployment?"))
    assert [c.headers for c in await fake_slack.wait_for_posts(1)] == [["Who owns deployment?"]]


async def test_slacks_certificate_probe_is_answered_unsigned_and_cannot_carry_a_payload(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    probe = b"ssl_check=1&token=abc"
    assert (await post(slack, probe, FORM, {}))[0] == 200
    smuggled = b"ssl_check=1&payload=%7B%22type%22%3A%22block_actions%22%7D"
    assert (await post(slack, smuggled, FORM, {}))[0] == 401
    assert fake_slack.calls == []


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_refusals_past_the_burst_are_summed_up_when_the_window_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    refusals = RefusalLog(logging.getLogger("adapters.test"), burst=2, window=60, clock=clock)
    with caplog.at_level(logging.INFO):
        for reason in ("first", "second", "third", "fourth", "fifth"):
            refusals.refused(Refusal(401, reason))
        clock.now = 61
        refusals.refused(Refusal(400, "sixth"))
    assert [r.getMessage() for r in caplog.records] == [
        "refused a Slack request (401): first",
        "refused a Slack request (401): second",
        "refused 3 more Slack request(s) in 60 s without logging each (the last: fifth)",
        "refused a Slack request (400): sixth",
    ]


def _mention_with(**fields: object) -> dict[str, object]:
    payload = mention("who owns deployment?")
    payload["event"].update(fields)
    return payload


def _with(**fields: object) -> dict[str, object]:
    return {**mention("who owns deployment?"), **fields}


BAD_EVENTS = {
    "text-null": (_mention_with(text=None), "the event's text is not a string"),
    "text-object": (_mention_with(text={"a": 1}), "the event's text is not a string"),
    "text-list": (_mention_with(text=["who owns deployment?"]), "the event's text is not"),
    "channel-null": (_mention_with(channel=None), "the event's channel is not a string"),
    "channel-object": (_mention_with(channel={"id": "C111"}), "the event's channel is not"),
    "channel-number": (_mention_with(channel=111), "the event's channel is not a string"),
    "channel-empty": (_mention_with(channel=""), "the event's channel is not a string"),
    "user-object": (_mention_with(user={"id": "W222"}), "the event's user is not a string"),
    "ts-null": (_mention_with(ts=None), "the event's ts is not a string"),
    "thread-object": (_mention_with(thread_ts={}), "the event's thread_ts is not a string"),
    "event-null": (_with(event=None), "the event is not an object with a type"),
    "event-string": (_with(event="app_mention"), "the event is not an object with a type"),
    "event-type-object": (_mention_with(type={"a": 1}), "the event is not an object with"),
    "authorizations-string": (_with(authorizations="x"), "Bolt cannot read the payload's shape"),
}


@pytest.mark.parametrize(("payload", "reason"), BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
async def test_a_signed_event_with_fields_of_the_wrong_type_is_refused_not_answered(
    slack: SlackRequests,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    payload: dict[str, object],
    reason: str,
) -> None:
    caplog.set_level(logging.INFO)
    status, answer = await slack.event(payload)
    assert (status, json.loads(answer)) == (400, {"error": "malformed request"})
    await settle()
    assert fake_slack.posts == []
    assert_one_short_line(caplog, f"refused a Slack request (400): {reason}")
