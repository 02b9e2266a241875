"""The pure pieces: recorded payloads to messages, neutral markup to mrkdwn, the bounded memory."""

from __future__ import annotations

import pytest

from adapters.slack_app import inbound
from adapters.slack_app.mrkdwn import clip, escape, to_mrkdwn, unescape
from adapters.slack_app.render import render
from bot.message import ConversationKey, MessageKind
from bot.reply import Label, Provenance, Reply, ReplyKind, Suggestion
from testkit.slack_harness import fixture


@pytest.mark.parametrize(
    ("name", "text", "key", "thread"),
    [
        (
            "slack_event_app_mention_docs.json",
            "  is it everything a river should be?",
            ConversationKey("slack", "C123ABC456", "1515449522.000016", space="T123ABC456"),
            "1515449522.000016",
        ),
        (
            "slack_event_app_mention_bolt_python.json",
            "  Hi there!",
            ConversationKey("slack", "C111", "1595926230.009600", space="T111"),
            "1595926230.009600",
        ),
        (
            "slack_event_message_im_docs.json",
            "Hello hello can you hear me?",
            ConversationKey("slack", "D024BE91L", "", "U2147483697", "T123ABC456"),
            None,
        ),
        (
            "slack_event_message_im_docs_legacy.json",
            "Hello hello can you hear me?",
            ConversationKey("slack", "D024BE91L", "", "U2147483697", "T061EG9R6"),
            None,
        ),
        (
            "slack_event_message_im_bolt_python.json",
            "A top-level DM, not in a thread",
            ConversationKey("slack", "D111", "", "W222", "T111"),
            None,
        ),
        (
            "slack_event_message_im_thread_bolt_python.json",
            "When Slack was released?",
            ConversationKey("slack", "D111", "1726133698.626339", space="T111"),
            "1726133698.626339",
        ),
    ],
    ids=["mention-docs", "mention-bolt", "dm-docs", "dm-docs-legacy", "dm-bolt", "dm-thread"],
)
def test_recorded_events_become_questions_in_their_conversation(
    name: str, text: str, key: ConversationKey, thread: str | None
) -> None:
    body = fixture(name)
    event = body["event"]
    message = inbound.to_message(body, event)
    assert (message.text, message.conversation, message.kind) == (text, key, MessageKind.QUESTION)
    assert inbound.reply_thread(event) == thread


def test_text_arrives_as_the_user_typed_it_without_mention_markup() -> None:
    body = fixture("slack_event_message_im_docs.json")
    event = body["event"]
    event["text"] = "R&amp;D &lt;b&gt; vs <@U123> &amp;lt;"
    assert inbound.to_message(body, event).text == "R&D <b> vs   &lt;"


def test_mentioned_users() -> None:
    event = {"text": "<@W111> and <@U0123ABC|ann> but not &lt;@U999&gt;"}
    assert inbound.mentioned_users(event) == {"W111", "U0123ABC"}


@pytest.mark.parametrize(
    "name",
    [
        "slack_slash_command_bolt_python.form.json",
        "slack_slash_command_docs_weather.form.json",
        "slack_slash_command_signed_docs_example.form.json",
    ],
)
def test_slash_commands_become_commands_of_the_asker(name: str) -> None:
    form = fixture(name)
    message = inbound.command_to_message(form)
    assert message.kind is MessageKind.COMMAND
    assert message.text == form["text"]
    key = ConversationKey("slack", form["channel_id"], "", form["user_id"], form["team_id"])
    assert message.conversation == key


def test_a_click_is_the_next_turn_where_the_button_was() -> None:
    body = fixture("slack_block_actions_button_bolt_python.json")
    body["actions"][0]["value"] = "compare ml-engineer data-scientist"
    message = inbound.action_to_message(body)
    assert message.text == "compare ml-engineer data-scientist"
    assert message.kind is MessageKind.COMMAND
    assert message.conversation == ConversationKey("slack", "C111", "", "W111", "T111")
    assert inbound.action_thread(body) is None

    body["container"]["thread_ts"] = "111.000"
    assert inbound.action_to_message(body).conversation == ConversationKey(
        "slack", "C111", "111.000", space="T111"
    )


@pytest.mark.parametrize(
    ("neutral", "mrkdwn"),
    [
        ("**Owner:** ML engineer", "*Owner:* ML engineer"),
        ("- one\n- two", "• one\n• two"),
        ("use `kubectl`", "use `kubectl`"),
        ("[docs](https://x.io/a?b=1&c=2)", "<https://x.io/a?b=1&amp;c=2|docs>"),
        ("[a|b](https://x.io)", "<https://x.io|a¦b>"),
        ("<!channel> & <@U1>", "&lt;!channel&gt; &amp; &lt;@U1&gt;"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("a - b", "a - b"),
    ],
    ids=["bold", "bullets", "code", "link", "pipe-in-label", "escaped", "not-a-link", "dash"],
)
def test_neutral_markup_as_mrkdwn(neutral: str, mrkdwn: str) -> None:
    assert to_mrkdwn(neutral) == mrkdwn


@pytest.mark.parametrize("text", ["", "plain", "R&D <b> &amp; >>", "&lt;!channel&gt;"])
def test_unescape_undoes_escape(text: str) -> None:
    assert unescape(escape(text)) == text


@pytest.mark.parametrize(
    ("text", "limit", "clipped"),
    [
        ("short", 10, "short"),
        ("abcdefghij", 5, "abcd…"),
        ("abc&amp;def", 6, "abc…"),
        ("ab&lt;", 5, "ab…"),
        ("abcd &amp;", 8, "abcd…"),
    ],
)
def test_clip_never_cuts_an_entity(text: str, limit: int, clipped: str) -> None:
    assert clip(text, limit) == clipped


def test_no_reply_shows_a_provenance_line() -> None:
    base = Reply(ReplyKind.HELP, "How to use rolebot", "Ask me.", Provenance(Label.HELP, score=1.0))
    answer = Reply(
        ReplyKind.ANSWER, "Owner", "ML engineer", Provenance(Label.FAQ, "who", "who", 0.5)
    )
    [help_message] = render(base)
    [answer_message] = render(answer)
    assert "context" not in [b["type"] for b in help_message.blocks]
    # Provenance is for --json, logs, metrics and the store; a person asks for it with why?
    assert "context" not in [b["type"] for b in answer_message.blocks]
    assert "50%" not in str(answer_message.to_dict())


def test_suggestion_values_carry_the_query_and_labels_the_label() -> None:
    reply = Reply(
        ReplyKind.CLARIFY,
        "Which one did you mean?",
        "Pick one:",
        Provenance(Label.CLARIFY),
        suggestions=(
            Suggestion("ML engineer vs data scientist", "compare ml-engineer data-scientist"),
        ),
    )
    [message] = render(reply)
    [button] = message.to_dict()["blocks"][-1]["elements"]
    assert button == {
        "type": "button",
        "action_id": "rolebot:suggest:1",
        "text": {"type": "plain_text", "text": "ML engineer vs data scientist"},
        "value": "compare ml-engineer data-scientist",
    }
