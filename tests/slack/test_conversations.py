"""rolebot in Slack end to end: signed, real-shaped requests in; what users would see, out.

The real Bolt app serves HTTP on loopback and answers from the real engine on the shipped
knowledge; its Web API calls and response_url posts go to a fake Slack that records them.
"""

from __future__ import annotations

import pytest

from bot.answering.wording.replies import DONT_KNOW, NOT_SURE
from testkit.fake_slack import BOT_USER, FakeSlack
from testkit.slack_harness import (
    CHANNEL,
    DM_CHANNEL,
    SlackRequests,
    button_click,
    channel_message,
    direct_message,
    direct_thread_message,
    fixture,
    in_workspace,
    mention,
    settle,
    slash_command,
)


async def test_url_verification_answers_the_challenge(slack: SlackRequests) -> None:
    payload = fixture("slack_url_verification.json")
    status, body = await slack.event(payload)
    assert status == 200
    assert payload["challenge"] in body


async def test_mention_is_answered_in_a_thread_under_it(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    asked = mention("who owns deployment?")
    status, _ = await slack.event(asked)
    assert status == 200
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.method == "chat.postMessage"
    assert answer.token == "xoxb-0000-test-token"
    assert answer.args["channel"] == CHANNEL
    assert answer.args["thread_ts"] == asked["event"]["ts"]
    assert answer.headers == ["Who owns deployment?"]
    assert "*Owner:* ML engineer" in answer.visible_text()
    assert [b["action_id"] for b in answer.suggestions] == [
        f"rolebot:suggest:{n}" for n in range(1, len(answer.suggestions) + 1)
    ]


async def test_reply_in_the_thread_continues_the_conversation(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    asked = mention("what does a data scientist do?")
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    thread = asked["event"]["ts"]
    await slack.event(channel_message("and which tools?", thread_ts=thread))
    _, second = await fake_slack.wait_for_posts(2)
    assert second.args["thread_ts"] == thread
    assert second.headers == ["Tools data scientists use"]


async def test_mention_in_the_thread_continues_the_conversation(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    asked = mention("what does a data scientist do?")
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    thread = asked["event"]["ts"]
    follow_up = mention("and which tools?", thread_ts=thread)
    await slack.event(follow_up)
    # Slack sends a mention in a thread twice: as app_mention and as a message event.
    as_message = channel_message(follow_up["event"]["text"], thread_ts=thread)
    as_message["event"]["ts"] = follow_up["event"]["ts"]
    await slack.event(as_message)
    await settle()
    in_thread = [c for c in fake_slack.posts if c.args.get("thread_ts") == thread]
    assert [c.headers for c in in_thread] == [
        ["Data scientist"],
        ["Tools data scientists use"],
    ]


async def test_threads_are_separate_conversations(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.event(mention("what does a data scientist do?"))
    other = mention("what does an ML engineer do?")
    await slack.event(other)
    await fake_slack.wait_for_posts(2)
    await slack.event(mention("and which tools?", thread_ts=other["event"]["ts"]))
    posts = await fake_slack.wait_for_posts(3)
    assert posts[2].headers == ["Tools ML engineers use"]


@pytest.mark.parametrize(
    "text",
    ["<@W999> can you review my PR?", "see you at lunch"],
    ids=["speaking-to-someone-else", "chatter-rolebot-cannot-answer"],
)
async def test_chatter_in_a_rolebot_thread_is_left_alone(
    slack: SlackRequests, fake_slack: FakeSlack, text: str
) -> None:
    asked = mention("who owns deployment?")
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    await slack.event(channel_message(text, thread_ts=asked["event"]["ts"]))
    await settle()
    assert len([c for c in fake_slack.posts if c.args.get("channel") == CHANNEL]) == 1


@pytest.mark.parametrize("in_thread", [False, True], ids=["top-level", "other-thread"])
async def test_channel_messages_not_for_rolebot_are_ignored(
    slack: SlackRequests, fake_slack: FakeSlack, in_thread: bool
) -> None:
    await slack.event(
        channel_message(
            "who owns deployment?", thread_ts="1700000000.000001" if in_thread else None
        )
    )
    await settle()
    assert fake_slack.posts == []


async def test_direct_message_is_answered_in_the_dm(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.event(direct_message("which tools does a data scientist use?"))
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.args["channel"] == DM_CHANNEL
    assert "thread_ts" not in answer.args
    assert answer.headers == ["Tools data scientists use"]


async def test_direct_message_in_a_thread_is_answered_in_that_thread(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.event(direct_thread_message("who owns monitoring?", thread_ts="1726133698.626339"))
    [answer] = await fake_slack.wait_for_posts(1)
    assert (answer.args["channel"], answer.args["thread_ts"]) == (DM_CHANNEL, "1726133698.626339")
    assert "ML engineer" in answer.visible_text()


@pytest.mark.parametrize(
    "change",
    [
        {"user": BOT_USER},
        {"bot_id": "B999", "user": "W999"},
        {"subtype": "bot_message", "bot_id": "B999"},
        {"subtype": "message_changed"},
    ],
    ids=["rolebot-itself", "another-bot", "bot-message", "an-edit"],
)
async def test_bot_messages_and_edits_are_ignored(
    slack: SlackRequests, fake_slack: FakeSlack, change: dict[str, str]
) -> None:
    event = direct_message("who owns deployment?")
    event["event"].update(change)
    status, _ = await slack.event(event)
    assert status == 200
    await settle()
    assert fake_slack.posts == []


async def test_slash_compare_is_posted_in_the_channel_as_a_table(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    status, body = await slack.command(
        slash_command("compare ds mle", fake_slack.response_url("compare"))
    )
    assert (status, body) == (200, "")
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.method == "response_url:compare"
    assert answer.args["response_type"] == "in_channel"
    [table] = [b for b in answer.blocks if b["type"] == "table"]
    rows = [[cell["text"] for cell in row] for row in table["rows"]]
    assert rows[0][1:] == ["Data scientist", "ML engineer"]
    assert rows[1][:2] == ["Focus", "Analysing data and experimenting with models"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("help", "How to use rolebot"),
        ("", "How to use rolebot"),
        ("compare ds", "Usage: compare"),
        ("role astronaut", "Usage: role"),
        ("what's the weather in Paris?", "I don't know that one"),
    ],
    ids=["help", "empty", "usage-error", "unknown-role", "decline"],
)
async def test_slash_help_usage_errors_and_declines_are_ephemeral(
    slack: SlackRequests, fake_slack: FakeSlack, text: str, title: str
) -> None:
    await slack.command(slash_command(text, fake_slack.response_url("private")))
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.args["response_type"] == "ephemeral"
    assert answer.headers == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("who owns deployment?", "Who owns deployment?"),
        ("role mle", "ML engineer"),
        ("stage deployment", "Who owns deployment?"),
        ("ask which tools does a data scientist use?", "Tools data scientists use"),
    ],
    ids=["question", "role", "stage", "ask"],
)
async def test_slash_answers_are_visible_in_the_channel(
    slack: SlackRequests, fake_slack: FakeSlack, text: str, title: str
) -> None:
    await slack.command(slash_command(text, fake_slack.response_url("public")))
    [answer] = await fake_slack.wait_for_posts(1)
    assert answer.args["response_type"] == "in_channel"
    assert answer.headers == [title]


async def test_suggestion_button_asks_its_query_where_the_button_was(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.command(slash_command("who owns deployment?", fake_slack.response_url("ask")))
    [answer] = await fake_slack.wait_for_posts(1)
    button = answer.suggestions[-1]
    assert button["text"]["text"] == "What does an ML engineer do?"

    status, _ = await slack.action(
        button_click(button["value"], fake_slack.response_url("click"), number=3)
    )
    assert status == 200
    _, clicked = await fake_slack.wait_for_posts(2)
    assert clicked.method == "response_url:click"
    assert clicked.args["response_type"] == "in_channel"
    assert clicked.args["replace_original"] is False
    assert clicked.headers == ["ML engineer"]


async def test_suggestion_button_in_a_thread_answers_in_the_thread(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    asked = mention("what does a data scientist do?")
    await slack.event(asked)
    [answer] = await fake_slack.wait_for_posts(1)
    thread = asked["event"]["ts"]
    compare = answer.suggestions[-1]
    await slack.action(
        button_click(compare["value"], fake_slack.response_url("unused"), thread_ts=thread)
    )
    _, clicked = await fake_slack.wait_for_posts(2)
    assert (clicked.method, clicked.args["thread_ts"]) == ("chat.postMessage", thread)
    assert [b["type"] for b in clicked.blocks].count("table") == 1


@pytest.mark.parametrize(
    ("text", "title"),
    [("hi", "How to use rolebot"), ("what's the weather in Paris?", "I don't know that one")],
    ids=["greeting-gets-help", "decline"],
)
async def test_asked_in_the_open_every_reply_is_shared(
    slack: SlackRequests, fake_slack: FakeSlack, text: str, title: str
) -> None:
    await slack.event(mention(text))
    [reply] = await fake_slack.wait_for_posts(1)
    assert (reply.method, reply.headers) == ("chat.postMessage", [title])


async def test_did_you_mean_buttons_run_the_corrected_command(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.command(slash_command("role engineer", fake_slack.response_url("typo")))
    [usage] = await fake_slack.wait_for_posts(1)
    assert usage.args["response_type"] == "ephemeral"
    assert "Did you mean ML engineer or MLOps engineer?" in usage.visible_text()
    assert [b["text"]["text"] for b in usage.buttons] == ["ML engineer", "MLOps engineer"]

    await slack.action(button_click(usage.buttons[0]["value"], fake_slack.response_url("fix")))
    _, fixed = await fake_slack.wait_for_posts(2)
    assert (fixed.args["response_type"], fixed.headers) == ("in_channel", ["ML engineer"])


async def test_the_same_channel_in_two_workspaces_is_two_conversations(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    # Channel ids are unique within a workspace only; installed in many, rolebot may see one
    # id twice. A follow-up in the other workspace's thread of the same id has no context.
    asked = in_workspace(mention("what does a data scientist do?"), "T111")
    await slack.event(asked)
    await fake_slack.wait_for_posts(1)
    thread = asked["event"]["ts"]
    await slack.event(in_workspace(mention("and which tools?", thread_ts=thread), "T222"))
    _, elsewhere = await fake_slack.wait_for_posts(2)
    await slack.event(in_workspace(mention("and which tools?", thread_ts=thread), "T111"))
    _, _, here = await fake_slack.wait_for_posts(3)
    assert elsewhere.headers in ([DONT_KNOW], [NOT_SURE])
    assert here.headers == ["Tools data scientists use"]
