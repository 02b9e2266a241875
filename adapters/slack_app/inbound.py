"""Slack payloads as core messages: pure functions over the dicts bolt hands to listeners.

Conversations: a channel thread is one conversation for everyone in it (context is per thread);
a top-level direct message, slash command or click outside a thread is the asker's own
conversation in that channel. Every conversation is in its workspace (team id): channel ids are
unique only within one, and rolebot may be installed in many.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.markup import strip_markup
from adapters.slack_app.mrkdwn import unescape
from bot.core import is_answer_id
from bot.feedback import Feedback
from bot.message import ConversationKey, Message, MessageKind

PLATFORM = "slack"
_USER_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")

Payload = Mapping[str, Any]


def request_id(body: Payload) -> str:
    """The id to log a request by: the event id, or the trigger id of a command or a click."""
    return str(body.get("event_id") or body.get("trigger_id") or "a request without an id")


def team_of(body: Payload) -> str:
    """The workspace a request came from: the team id of an event, a command or a click."""
    team = body.get("team")
    if isinstance(team, Mapping) and team.get("id"):
        return str(team["id"])
    user = body.get("user")
    from_user = user.get("team_id") if isinstance(user, Mapping) else None
    return str(body.get("team_id") or from_user or "")


def conversation(team: str, channel: str, thread: str | None, user: str) -> ConversationKey:
    """The conversation of a turn in workspace `team`: the thread if there is one, else the
    user in the channel."""
    if thread:
        return ConversationKey(PLATFORM, channel, thread, space=team)
    return ConversationKey(PLATFORM, channel, "", user, space=team)


def is_direct(event: Payload) -> bool:
    """True for a message in a direct message with rolebot."""
    return event.get("channel_type") == "im"


def reply_thread(event: Payload) -> str | None:
    """Where the answer to a message or mention goes.

    In a channel, the thread under the message (or the thread it is already in); in a direct
    message, the thread if the user wrote in one, else the conversation itself.
    """
    thread = event.get("thread_ts")
    if thread:
        return str(thread)
    return None if is_direct(event) else str(event["ts"])


def to_message(body: Payload, event: Payload) -> Message:
    """A `message` or `app_mention` event (in the Events API `body` that brought it) as a
    question, mentions and other markup removed."""
    channel, user = str(event["channel"]), str(event.get("user", ""))
    key = conversation(team_of(body), channel, reply_thread(event), user)
    return Message(strip_markup(unescape(str(event.get("text") or ""))), key)


def mentioned_users(event: Payload) -> set[str]:
    """User ids mentioned in a message."""
    return set(_USER_MENTION.findall(str(event.get("text") or "")))


def command_to_message(command: Payload) -> Message:
    """A `/roles ...` slash command as a command of the shared grammar (``compare ds mle``)."""
    key = conversation(team_of(command), str(command["channel_id"]), None, str(command["user_id"]))
    text = strip_markup(unescape(str(command.get("text") or "")))
    return Message(text, key, MessageKind.COMMAND)


def action_thread(body: Payload) -> str | None:
    """The thread a clicked button was in, if any."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    thread = container.get("thread_ts") or message.get("thread_ts")
    return str(thread) if thread else None


def action_channel(body: Payload) -> str:
    """The channel a clicked button was in."""
    container = body.get("container") or {}
    return str(container.get("channel_id") or (body.get("channel") or {}).get("id", ""))


def action_to_message(body: Payload) -> Message:
    """A suggestion button click as the next turn of the conversation the button was in.

    The query goes in as a command: suggestions are either questions (which the grammar passes
    through as questions) or commands such as ``compare ml-engineer data-scientist``.
    """
    user = str(body["user"]["id"])
    key = conversation(team_of(body), action_channel(body), action_thread(body), user)
    # Slack hands text back with &, <, > escaped (bolt-python#513); values may be too, and
    # unescaping is harmless here because queries hold no entities.
    query = strip_markup(unescape(str(body["actions"][0].get("value") or "")))
    return Message(query, key, MessageKind.COMMAND)


@dataclass(frozen=True, slots=True)
class Vote:
    """A click on a feedback button: who judged which answer, and how."""

    answer_id: str
    user: str
    choice: Feedback


def action_to_vote(body: Payload) -> Vote | None:
    """A feedback button click; None when its action id or answer id is not one rolebot made
    (a forged or mangled payload), so nothing is recorded for it."""
    action = (body.get("actions") or [{}])[0]
    choice = Feedback.from_code(str(action.get("action_id") or "").rpartition(":")[2])
    answer_id = str(action.get("value") or "")
    user = str((body.get("user") or {}).get("id") or "")
    if choice is None or not is_answer_id(answer_id) or not user:
        return None
    return Vote(answer_id, user, choice)


def is_direct_channel(channel: str) -> bool:
    """True for a direct message conversation (Slack's ids for those start with D)."""
    return channel.startswith("D")


def clicked_in_home(body: Payload) -> bool:
    """True for a click in rolebot's App Home tab, which has no channel to answer in."""
    return (body.get("container") or {}).get("type") == "view"


def channel_joiner(event: Payload, channels: frozenset[str], bot_user: str | None) -> str | None:
    """Who joined one of the welcome `channels` (a `member_joined_channel` event), if anyone
    to welcome: never rolebot itself, whose own joins bolt passes on too."""
    user = str(event.get("user") or "")
    if not user or user == bot_user or str(event.get("channel")) not in channels:
        return None
    return user


def workspace_joiner(event: Payload) -> str | None:
    """Who joined the workspace (a `team_join` event), unless it is a bot or an app."""
    user = event.get("user") or {}
    if user.get("is_bot") or user.get("deleted") or not user.get("id"):
        return None
    return str(user["id"])
