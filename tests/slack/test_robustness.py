"""What must hold whatever arrives: signatures checked, no double answers, nothing injected,
failures apologised for, rate limits waited out, and the app still serving afterwards."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import Bot
from testkit.fake_slack import FakeSlack
from testkit.slack_harness import (
    ASKER,
    DM_CHANNEL,
    SECRET,
    SlackRequests,
    direct_message,
    fixture,
    fixture_text,
    mention,
    settle,
    sign,
    slash_command,
)
from tests.inert_text import ISSUE_INPUT, slack_active
from tests.slack.conftest import Connect

INJECTIONS = ("<!channel>", "<!here>", "<!everyone>", "<@U0123ABC>", "<#C999>")


def test_signing_matches_slacks_published_example() -> None:
    vector = fixture("slack_signing_test_vector.json")
    assert vector["raw_body"] == fixture_text("slack_slash_command_signed_docs_example.body.txt")
    signature = sign(
        vector["signing_secret"], vector["X-Slack-Request-Timestamp"], vector["raw_body"]
    )
    assert signature == vector["X-Slack-Signature"]


def _now() -> str:
    return str(int(time.time()))


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [
        (_now, lambda ts, body: sign("not-the-secret-0123456789abcdef", ts, body)),
        (_now, lambda ts, body: ""),
        (lambda: str(int(time.time()) - 301), lambda ts, body: sign(SECRET, ts, body)),
        # A minute past the 5-minute window: at +301 s a request verified a second or more
        # later (a loaded machine) is back inside the window and rightly accepted.
        (lambda: str(int(time.time()) + 360), lambda ts, body: sign(SECRET, ts, body)),
        (_now, lambda ts, body: sign(SECRET, ts, body + " ")),
    ],
    ids=["wrong-secret", "missing-signature", "stale", "from-the-future", "body-changed"],
)
@pytest.mark.parametrize("request_kind", ["event", "command", "action"])
async def test_unsigned_or_badly_signed_requests_are_refused(
    slack: SlackRequests,
    fake_slack: FakeSlack,
    timestamp: Callable[[], str],
    signature: Callable[[str, str], str],
    request_kind: str,
) -> None:
    bodies = {
        "event": (json.dumps(mention("who owns deployment?")), "application/json"),
        "command": (
            fixture_text("slack_slash_command_bolt_python.body.txt"),
            "application/x-www-form-urlencoded",
        ),
        "action": (
            fixture_text("slack_block_actions_button_bolt_python.body.txt"),
            "application/x-www-form-urlencoded",
        ),
    }
    body, content_type = bodies[request_kind]
    ts = timestamp()
    status, answer = await slack.post(
        body,
        content_type,
        timestamp=ts,
        signature=signature(ts, body),
    )
    assert (status, json.loads(answer)) == (401, {"error": "invalid request"})
    assert fake_slack.calls == []  # not even auth.test: nothing happens before the check


async def test_a_request_without_a_timestamp_is_refused(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    body = json.dumps(mention("who owns deployment?"))
    async with slack.session.post(
        slack.url,
        data=body,
        headers={"Content-Type": "application/json", "X-Slack-Signature": sign(SECRET, "", body)},
    ) as response:
        assert response.status == 401
    assert fake_slack.calls == []


async def test_a_retried_event_is_answered_once(
    slack: SlackRequests, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="adapters.slack_app")
    asked = mention("who owns deployment?")
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    for attempt in (1, 2, 3):
        status, _ = await slack.event(asked, retry=attempt)
        assert status == 200  # acknowledged, so Slack stops retrying
    await settle()
    assert [c.headers for c in fake_slack.posts] == [["Who owns deployment?"]]
    assert "already answered " + asked["event_id"] in caplog.text


@pytest.mark.parametrize("injection", INJECTIONS)
async def test_mentions_typed_by_users_never_come_back_live(
    slack: SlackRequests, fake_slack: FakeSlack, injection: str
) -> None:
    slack_escaped = injection.replace("<", "&lt;").replace(">", "&gt;")
    await slack.event(mention(f"{injection} who owns {slack_escaped} deployment?"))
    await slack.command(slash_command(f"role {injection}x", fake_slack.response_url("role")))
    await slack.command(slash_command(f"compare ds {slack_escaped}", fake_slack.response_url("c")))
    await slack.event(direct_message(f"what does {injection} do? R&D"))
    posts = await fake_slack.wait_for_posts(4)
    for post in posts:
        assert injection not in json.dumps(post.args)


async def test_a_link_typed_in_a_command_comes_back_as_text(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.command(slash_command(f"role {ISSUE_INPUT}", fake_slack.response_url("role")))
    (post,) = await fake_slack.wait_for_posts(1)
    assert "<https://evil.example|" not in json.dumps(post.args)
    mrkdwn = [b["text"]["text"] for b in post.blocks if b["type"] == "section"]
    assert any("Urgent" in text for text in mrkdwn)
    assert [slack_active(text) for text in mrkdwn] == [[] for _ in mrkdwn]


async def test_knowledge_that_contains_mentions_is_shown_escaped(
    connect: Connect, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "team.yaml").write_text(
        """\
faq:
  - id: team-on-call
    title: Who is on call for <!here> models?
    phrasings:
      - who is on call for models
      - model on-call rota
      - who do I page when a model breaks
      - on call for ml incidents
    answer: "Write <!channel> in #ml-incidents; R&D questions go to <@U0123ABC>."
    roles: [ml-engineer]
""",
        encoding="utf-8",
    )
    slack = await connect(Bot.from_directories([tmp_path]))
    await slack.event(mention("who do I page when a model breaks?"))
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.headers == ["Who is on call for &lt;!here&gt; models?"]
    assert (
        "Write &lt;!channel&gt; in #ml-incidents; R&amp;D questions go to &lt;@U0123ABC&gt;."
        in (answer.visible_text())
    )
    for injection in INJECTIONS:
        assert injection not in json.dumps(answer.args)


async def test_a_failed_answer_is_logged_apologised_for_and_the_app_keeps_serving(
    slack: SlackRequests, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail["chat.postMessage"] = ["msg_blocks_too_long"]
    asked = mention("who owns deployment?")
    await slack.event(asked)
    refused, apology = await fake_slack.wait_for_posts(2)
    assert refused.headers == ["Who owns deployment?"]
    assert apology.method == "chat.postEphemeral"  # only the asker needs to know
    assert (apology.args["user"], apology.args["thread_ts"]) == (ASKER, asked["event"]["ts"])
    assert apology.args["text"].startswith("Sorry, something went wrong")
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == f"could not deliver the answer to {asked['event_id']}"
    assert "msg_blocks_too_long" in caplog.text

    await slack.event(mention("what does an ML engineer do?"))
    posts = await fake_slack.wait_for_posts(3)
    assert posts[2].headers == ["ML engineer"]


async def test_in_a_direct_message_the_apology_is_a_message(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    fake_slack.fail["chat.postMessage"] = ["internal_error"]
    await slack.event(direct_message("who owns deployment?"))
    _, apology = await fake_slack.wait_for_posts(2)
    assert (apology.method, apology.args["channel"]) == ("chat.postMessage", DM_CHANNEL)
    assert apology.args["text"].startswith("Sorry")


async def test_an_event_without_a_channel_is_refused_and_the_app_keeps_serving(
    slack: SlackRequests, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    broken = mention("who owns deployment?")
    del broken["event"]["channel"]
    status, _ = await slack.event(broken)
    assert status == 400
    assert "refused a Slack request (400): the event's channel is not a string" in caplog.text
    await slack.event(mention("who owns deployment?"))
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.headers == ["Who owns deployment?"]


async def test_a_refused_response_url_is_logged_with_the_request_id(
    slack: SlackRequests, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    form = slash_command("who owns deployment?", fake_slack.url + "/gone")  # answers 404
    await slack.command(form)
    await fake_slack.wait_until(lambda: "could not apologise" in caplog.text)
    assert f"could not deliver the answer to {form['trigger_id']}" in caplog.text
    assert fake_slack.posts == []


async def test_rate_limited_posts_are_retried(slack: SlackRequests, fake_slack: FakeSlack) -> None:
    fake_slack.fail["chat.postMessage"] = [429]
    await slack.event(direct_message("who owns deployment?"))
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.headers == ["Who owns deployment?"]
