"""Slack's side of the conversation: recorded payloads, adjusted per scenario, signed and posted.

Payloads start from the files in testkit/fixtures/slack/ and change only what a scenario needs.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from aiohttp.web_protocol import RequestHandler

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "slack"
SECRET = "0123456789abcdef0123456789abcdef"  # the test app's signing secret
ASKER = "W222"  # a human in the recorded payloads
CHANNEL = "C111"
DM_CHANNEL = "D111"

_ids = itertools.count(1)


@cache
def _load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture(name: str) -> dict[str, Any]:
    """A fresh copy of a recorded JSON payload."""
    data: dict[str, Any] = json.loads(_load(name))
    return copy.deepcopy(data)


def fixture_text(name: str) -> str:
    """A recorded raw body, byte for byte."""
    return _load(name)


def sign(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature: v0= HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def new_ts() -> str:
    """A fresh Slack message timestamp."""
    return f"1726133700.{next(_ids):06d}"


def _event(name: str, text: str, **fields: Any) -> dict[str, Any]:
    payload = fixture(name)
    ts = fields.pop("ts", None) or new_ts()
    payload["event"].update({"text": text, "ts": ts, "event_ts": ts, **fields})
    payload["event_id"] = f"Ev{next(_ids):08d}"
    return payload


def mention(text: str, *, thread_ts: str | None = None, ts: str | None = None) -> dict[str, Any]:
    """An app_mention event in #C111 from W222: ``<@W111> text``."""
    fields: dict[str, Any] = {"user": ASKER, "channel": CHANNEL, "ts": ts}
    if thread_ts:
        fields["thread_ts"] = thread_ts
    return _event("slack_event_app_mention_bolt_python.json", f"<@W111> {text}", **fields)


def channel_message(text: str, *, thread_ts: str | None, user: str = ASKER) -> dict[str, Any]:
    """A message event in #C111 (in a thread when `thread_ts` is given)."""
    payload = _event("slack_event_message_channel_bolt_python.json", text, user=user)
    payload["event"].pop("blocks")  # the recorded rich_text says "Hello World!"
    if thread_ts:
        payload["event"]["thread_ts"] = thread_ts
    return payload


def direct_message(text: str, *, user: str = ASKER) -> dict[str, Any]:
    """A top-level direct message to rolebot."""
    return _event("slack_event_message_im_bolt_python.json", text, user=user)


def direct_thread_message(text: str, *, thread_ts: str) -> dict[str, Any]:
    """A direct message in a thread of the DM."""
    return _event("slack_event_message_im_thread_bolt_python.json", text, thread_ts=thread_ts)


def slash_command(text: str, response_url: str) -> dict[str, str]:
    """The form fields of ``/roles text`` typed by W222 in #C111."""
    form: dict[str, str] = fixture("slack_slash_command_bolt_python.form.json")
    form.update(
        command="/roles",
        text=text,
        user_id=ASKER,
        channel_id=CHANNEL,
        response_url=response_url,
        trigger_id=f"{next(_ids)}.111.xxx",
    )
    return form


def button_click(
    value: str,
    response_url: str,
    *,
    number: int = 1,
    thread_ts: str | None = None,
    action_id: str | None = None,
    user: str = ASKER,
    channel: str | None = None,
) -> dict[str, Any]:
    """A click on suggestion `number` (value `value`) by W222; in a thread if `thread_ts`.

    `action_id` is the clicked button's (default: suggestion `number`); `channel` moves the
    click to another conversation, such as a direct message (D...), as a lasting message.
    """
    payload = fixture("slack_block_actions_button_bolt_python.json")
    payload["user"]["id"] = user
    payload["response_url"] = response_url
    payload["trigger_id"] = f"{next(_ids)}.222.valid"
    payload["actions"][0].update(action_id=action_id or f"rolebot:suggest:{number}", value=value)
    if thread_ts:
        payload["container"].update(is_ephemeral=False, thread_ts=thread_ts)
        payload["message"] = {"ts": new_ts(), "thread_ts": thread_ts, "type": "message"}
    if channel:
        payload["container"].update(channel_id=channel, is_ephemeral=False)
        payload["channel"] = {"id": channel, "name": "directmessage"}
    return payload


def select_click(
    action_id: str, value: str, response_url: str, *, user: str = ASKER
) -> dict[str, Any]:
    """A choice of the option `value` in the static select `action_id`, by `user` in #C111."""
    payload = fixture("slack_block_actions_static_select_docs_shape.json")
    payload["user"]["id"] = user
    payload["response_url"] = response_url
    payload["trigger_id"] = f"{next(_ids)}.333.valid"
    payload["actions"][0].update(action_id=action_id)
    payload["actions"][0]["selected_option"]["value"] = value
    return payload


def home_click(value: str, *, action_id: str, user: str) -> dict[str, Any]:
    """A click on a button of rolebot's App Home tab: in a view, with no channel or response_url.

    Slack describes such a click's `container` as ``{"type": "view", "view_id": ...}`` and
    sends the `view` instead of a `channel` and a `response_url`.
    """
    payload = button_click(value, "", action_id=action_id, user=user)
    payload["container"] = {"type": "view", "view_id": "V111"}
    payload["view"] = {"id": "V111", "type": "home"}
    for gone in ("channel", "response_url"):
        payload.pop(gone)
    return payload


def member_joined(user: str, channel: str = CHANNEL) -> dict[str, Any]:
    """`member_joined_channel`: `user` joined `channel` (the recorded join of U999 to C111)."""
    payload = fixture("slack_event_member_joined_channel_other_user_bolt_python.json")
    payload["event"].update(user=user, channel=channel)
    payload["event_id"] = f"Ev{next(_ids):08d}"
    return payload


def own_join(bot_user: str) -> dict[str, Any]:
    """rolebot's own `member_joined_channel` (the recorded one, with this app's bot user)."""
    payload = fixture("slack_event_member_joined_channel_bolt_python.json")
    payload["event"]["user"] = bot_user
    return payload


def team_join(user: str, *, is_bot: bool = False) -> dict[str, Any]:
    """`team_join`: `user` joined the workspace."""
    payload = fixture("slack_event_team_join_docs_shape.json")
    payload["event"]["user"].update(id=user, is_bot=is_bot)
    payload["event_id"] = f"Ev{next(_ids):08d}"
    return payload


def home_opened(user: str, tab: str = "home") -> dict[str, Any]:
    """`app_home_opened`: `user` opened rolebot's Home (or Messages) tab."""
    payload = fixture("slack_event_app_home_opened_docs_shape.json")
    payload["event"].update(user=user, tab=tab)
    payload["event_id"] = f"Ev{next(_ids):08d}"
    return payload


def in_workspace(
    payload: dict[str, Any], team_id: str, enterprise_id: str | None = None
) -> dict[str, Any]:
    """`payload` (an Events API body) sent from another workspace: `team_id`, in the Enterprise
    Grid organisation `enterprise_id` or (None) in none."""
    payload["team_id"] = team_id
    payload.pop("enterprise_id", None)
    if enterprise_id is not None:
        payload["enterprise_id"] = enterprise_id
    if "team" in payload["event"]:
        payload["event"]["team"] = team_id
    return payload


def app_uninstalled() -> dict[str, Any]:
    """`app_uninstalled`: rolebot was removed from the workspace (T111 of E111)."""
    payload = fixture("slack_event_app_uninstalled_docs_shape.json")
    payload["event_id"] = f"Ev{next(_ids):08d}"
    return payload


def tokens_revoked(bot_user: str) -> dict[str, Any]:
    """`tokens_revoked`: the bot token of `bot_user` in the workspace (T111 of E111) was revoked."""
    payload = fixture("slack_event_tokens_revoked_docs_shape.json")
    payload["event"]["tokens"]["bot"] = [bot_user]
    payload["event_id"] = f"Ev{next(_ids):08d}"
    return payload


def vote_click(
    button: dict[str, Any], response_url: str, *, thread_ts: str | None = None
) -> dict[str, Any]:
    """A click by W222 on a feedback `button` as rolebot posted it (its action id and value)."""
    payload = button_click(str(button["value"]), response_url, thread_ts=thread_ts)
    payload["actions"][0].update(
        action_id=button["action_id"], block_id="rolebot:votes", text=button["text"]
    )
    return payload


@dataclass
class SlackRequests:
    """Posts signed requests to rolebot's /slack/events as Slack would."""

    session: aiohttp.ClientSession
    url: str
    secret: str = SECRET

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """POST a raw body; signed with the secret unless `signature` is given ("" for none)."""
        timestamp = timestamp or str(int(time.time()))
        sent = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp}
        signature = sign(self.secret, timestamp, body) if signature is None else signature
        if signature:
            sent["X-Slack-Signature"] = signature
        sent.update(headers or {})
        async with self.session.post(self.url, data=body.encode(), headers=sent) as response:
            return response.status, await response.text()

    async def event(self, payload: dict[str, Any], *, retry: int | None = None) -> tuple[int, str]:
        """An Events API request; `retry` sets X-Slack-Retry-Num as Slack's redeliveries do."""
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.post(
            json.dumps(payload), "application/json", headers=headers if retry else None
        )

    async def command(self, form: dict[str, str]) -> tuple[int, str]:
        """A slash command request."""
        return await self.post(urlencode(form), "application/x-www-form-urlencoded")

    async def action(self, payload: dict[str, Any]) -> tuple[int, str]:
        """An interactivity request, encoded as Slack does (``payload=<urlencoded JSON>``)."""
        body = f"payload={quote(json.dumps(payload))}"
        return await self.post(body, "application/x-www-form-urlencoded")


async def settle(timeout: float = 5.0) -> None:
    """Wait until rolebot has finished with every request sent so far.

    Bolt acknowledges a request at once and runs its listeners in tasks of their own, so this
    waits for every task but the caller and the HTTP servers' connection handlers (which idle
    between requests for as long as the connection is kept alive).
    """
    me = asyncio.current_task()
    async with asyncio.timeout(timeout):
        while pending := [
            t for t in asyncio.all_tasks() if t is not me and not t.done() and not _serving(t)
        ]:
            await asyncio.wait(pending)


def _serving(task: asyncio.Task[Any]) -> bool:
    return getattr(task.get_coro(), "cr_code", None) is RequestHandler.start.__code__
