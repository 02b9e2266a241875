"""Delivering answers: a slow Slack holds up nobody else's answer, calls that hang give up in
time for an apology, and a passing server error or dropped connection is retried."""

from __future__ import annotations

import pytest

from adapters.slack_app import app as slack_app
from adapters.slack_app import send
from bot import Bot
from testkit.fake_slack import DROP, FakeSlack
from testkit.slack_harness import SlackRequests, mention, slash_command
from tests.slack.conftest import Connect

ANSWERED_WITHIN = 1.0  # seconds: the bound; answering one mention takes milliseconds


async def test_two_hanging_deliveries_do_not_hold_up_another_answer(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    fake_slack.hold["chat.postMessage"] = 2
    await slack.event(mention("who owns deployment?"))
    await slack.event(mention("who owns monitoring?"))
    await fake_slack.wait_until(lambda: fake_slack.holding == 2)
    await slack.event(mention("what does an ML engineer do?"))
    await fake_slack.wait_until(
        lambda: [c.headers for c in fake_slack.posts] == [["ML engineer"]], ANSWERED_WITHIN
    )


async def test_a_delivery_that_hangs_gives_up_and_the_asker_gets_an_apology(
    connect: Connect, core: Bot, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slack_app, "DELIVERY_TIMEOUT", 1)
    slack = await connect(core)
    fake_slack.hold["chat.postMessage"] = 1
    await slack.event(mention("who owns deployment?"))
    (apology,) = await fake_slack.wait_for_posts(1)
    assert apology.method == "chat.postEphemeral"
    assert apology.args["text"].startswith("Sorry")


async def test_a_response_url_that_hangs_gives_up(
    slack: SlackRequests, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(send, "DELIVERY_TIMEOUT", 1)
    fake_slack.hold["response_url:q"] = 1
    await slack.command(slash_command("who owns deployment?", fake_slack.response_url("q")))
    (apology,) = await fake_slack.wait_for_posts(1)
    assert apology.visible_text().startswith("Sorry")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_server_error_from_chat_post_message_is_retried(
    slack: SlackRequests, fake_slack: FakeSlack, status: int
) -> None:
    fake_slack.fail["chat.postMessage"] = [status]
    await slack.event(mention("who owns deployment?"))
    (answer,) = await fake_slack.wait_for_posts(1)
    assert (answer.method, answer.headers) == ("chat.postMessage", ["Who owns deployment?"])


async def test_a_server_error_from_a_response_url_is_retried(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    fake_slack.fail["response_url:q"] = [500]
    await slack.command(slash_command("who owns deployment?", fake_slack.response_url("q")))
    (answer,) = await fake_slack.wait_for_posts(1)
    assert answer.visible_text().startswith("Who owns deployment?")


async def test_server_errors_past_the_retries_end_in_an_apology(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    fake_slack.fail["chat.postMessage"] = [500] * (1 + send.SERVER_ERROR_RETRIES)
    await slack.event(mention("who owns deployment?"))
    (apology,) = await fake_slack.wait_for_posts(1)
    assert apology.method == "chat.postEphemeral"
    assert apology.args["text"].startswith("Sorry")


async def test_a_dropped_connection_is_retried(slack: SlackRequests, fake_slack: FakeSlack) -> None:
    fake_slack.fail["chat.postMessage"] = [DROP]
    await slack.event(mention("who owns deployment?"))
    (answer,) = await fake_slack.wait_for_posts(1)
    assert (answer.method, answer.headers) == ("chat.postMessage", ["Who owns deployment?"])
