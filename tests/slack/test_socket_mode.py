"""Socket Mode end to end: rolebot dials the fake Slack, receives an event, acks it, answers;
stopping disconnects."""

from __future__ import annotations

from typing import Any

from adapters.slack_app.adapter import SlackAdapter
from adapters.slack_app.settings import Mode, SlackSettings
from bot import Bot
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import mention
from tests.recording import Recording
from tests.slack.conftest import BOT_TOKEN

APP_TOKEN = "xapp-1-A111-0000-test"


async def test_socket_mode_answers_a_mention(
    fake_slack: FakeSlack, core: Bot, recording: Recording
) -> None:
    asked = mention("who owns deployment?")
    fake_slack.envelopes.append(
        {
            "envelope_id": "envelope-1",
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": asked,
        }
    )
    settings = SlackSettings(
        BOT_TOKEN, Mode.SOCKET, app_token=APP_TOKEN, api_url=fake_slack.api_url
    )
    adapter = SlackAdapter(recording.attach(core), settings)
    await adapter.start()
    try:
        assert adapter.connected()
        [answer] = await fake_slack.wait_for_posts(1)
    finally:
        await adapter.stop_intake()
    assert not adapter.connected()
    opened = next(c for c in fake_slack.calls if c.method == "apps.connections.open")
    assert opened.token == APP_TOKEN
    assert {"envelope_id": "envelope-1"} in [
        c.args for c in fake_slack.calls if c.method == "socket_mode_ack"
    ]
    assert answer.args["thread_ts"] == asked["event"]["ts"]
    assert answer.headers == ["Who owns deployment?"]
    assert answer.token == BOT_TOKEN


def envelope(number: int, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "envelope_id": f"envelope-{number}",
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
        "payload": payload,
    }


async def test_an_event_with_a_null_text_or_an_object_channel_is_acknowledged_and_dropped(
    fake_slack: FakeSlack, core: Bot, recording: Recording
) -> None:
    null_text = mention("who owns deployment?")
    null_text["event"]["text"] = None
    object_channel = mention("who owns monitoring?")
    object_channel["event"]["channel"] = {"id": "C111"}
    good = mention("what does an ML engineer do?")
    fake_slack.envelopes.extend(
        envelope(n, p) for n, p in enumerate((null_text, object_channel, good), start=1)
    )
    settings = SlackSettings(
        BOT_TOKEN, Mode.SOCKET, app_token=APP_TOKEN, api_url=fake_slack.api_url
    )
    adapter = SlackAdapter(recording.attach(core), settings)
    await adapter.start()
    try:
        # Each is acknowledged once Bolt is done with it: for the two dropped, at once.
        await fake_slack.wait_until(
            lambda: sum(c.method == "socket_mode_ack" for c in fake_slack.calls) == 3
        )
        await fake_slack.wait_for_posts(1)
    finally:
        await adapter.stop_intake()
    assert [c.headers for c in fake_slack.posts] == [["ML engineer"]]
