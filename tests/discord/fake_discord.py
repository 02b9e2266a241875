"""A small fake of Discord's HTTP API: records what rolebot sends and answers like Discord.

discord.py sends through two layers: `HTTPClient.request` (channel messages, login, command
sync) and the webhook adapter (interaction responses and followups). Both are replaced here,
so nothing leaves the machine; an unexpected call fails the test instead of being ignored.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import discord
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter

from tests.discord.payloads import BOT_USER, Json

EPHEMERAL = 64  # message flag (message.mdx, Message Flags)
CHANNEL_MESSAGE = 4  # interaction callback types (receiving-and-responding.mdx)
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6  # a component click answered without a new message
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
APPLICATION: Json = {
    "id": BOT_USER["id"],
    "name": "rolebot",
    "icon": None,
    "description": "",
    "bot_public": True,
    "bot_require_code_grant": False,
    "owner": BOT_USER,
    "verify_key": "0" * 64,
    "flags": 0,
}


class FakeResponse(NamedTuple):
    """What `discord.HTTPException` reads from an aiohttp response."""

    status: int
    reason: str


@dataclass(frozen=True)
class Call:
    """One request rolebot made."""

    method: str
    path: str  # the route template, e.g. /channels/{channel_id}/messages
    json: Any
    refused: bool = False  # answered with an error: nobody saw it
    channel_id: str | None = None  # the channel of a channel route


@dataclass(frozen=True)
class Shown:
    """One message rolebot sent, as a user sees it."""

    content: str | None
    embeds: list[discord.Embed]
    buttons: list[Json]
    allowed_mentions: Json | None
    ephemeral: bool
    reference: Json | None

    @classmethod
    def of(cls, payload: Json) -> Shown:
        """The message a create-message payload shows."""
        return cls(
            content=payload.get("content"),
            embeds=[discord.Embed.from_dict(e) for e in payload.get("embeds") or []],
            buttons=[b for row in payload.get("components") or [] for b in row["components"]],
            allowed_mentions=payload.get("allowed_mentions"),
            ephemeral=bool((payload.get("flags") or 0) & EPHEMERAL),
            reference=payload.get("message_reference"),
        )

    @property
    def text(self) -> str:
        """All the text on screen: content, titles, descriptions, fields and footers."""
        parts = [self.content or ""]
        for embed in self.embeds:
            parts += [embed.title or "", embed.description or ""]
            parts += [f"{f.name}\n{f.value}" for f in embed.fields]
            parts.append(embed.footer.text or "")
        return "\n".join(p for p in parts if p)

    @property
    def labels(self) -> list[str]:
        """The buttons' labels."""
        return [str(b.get("label", "")) for b in self.buttons]


@dataclass
class FakeDiscord:
    """Answers the requests rolebot makes; `fail_next` makes the next requests fail."""

    calls: list[Call] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(700000000000000001))

    def __post_init__(self) -> None:
        self.webhooks = RecordingWebhookAdapter(self)

    async def request(self, route: Route, **kwargs: Any) -> Any:
        """Stands in for `discord.http.HTTPClient.request`."""
        return self.answer(route, kwargs.get("json"), kwargs.get("params"))

    def answer(self, route: Route, payload: Any, params: Json | None) -> Any:
        """Record one request and answer it as Discord would."""
        channel = getattr(route, "channel_id", None)
        channel_id = str(channel) if channel is not None else None
        if self.fail_next:
            status = self.fail_next.pop(0)
            self.calls.append(Call(route.method, route.path, payload, True, channel_id))
            raise discord.HTTPException(FakeResponse(status, "fake"), {"message": "refused"})
        self.calls.append(Call(route.method, route.path, payload, False, channel_id))
        method, path = route.method, route.path
        if (method, path) == ("GET", "/users/@me"):
            return BOT_USER
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return APPLICATION
        if method == "PUT" and path.endswith("/commands"):
            return [c | {"id": self._id(), "application_id": BOT_USER["id"]} for c in payload]
        if (method, path) == ("POST", "/channels/{channel_id}/messages"):
            return self._message(payload, str(route.channel_id))
        if (method, path) == ("POST", "/interactions/{webhook_id}/{webhook_token}/callback"):
            return {
                "interaction": {
                    "id": str(route.webhook_id),
                    "type": 2,
                    "response_message_id": self._id(),
                }
            }
        if (method, path) == ("POST", "/webhooks/{webhook_id}/{webhook_token}"):
            return self._message(payload, "0") if params and params.get("wait") else None
        if (method, path) == ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"):
            return self._message(payload, "0")
        if (method, path) == ("POST", "/users/@me/channels"):  # opening a DM
            return {
                "id": self._id(),
                "type": 1,
                "last_message_id": None,
                "recipients": [BOT_USER | {"id": payload["recipient_id"], "bot": False}],
            }
        raise AssertionError(f"rolebot made an unexpected request: {method} {path}")

    def _id(self) -> str:
        return str(next(self._ids))

    def _message(self, payload: Json, channel_id: str) -> Json:
        return {
            "id": self._id(),
            "channel_id": channel_id,
            "author": BOT_USER,
            "content": payload.get("content") or "",
            "timestamp": "2025-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": payload.get("flags") or 0,
        }

    def callbacks(self) -> list[Json]:
        """The interaction responses, in order (their ``type`` says message, defer, choices)."""
        return [c.json for c in self.calls if c.path.endswith("/callback")]

    def shown(self) -> list[Shown]:
        """Every message rolebot sent, in order, as users see them."""
        shown = []
        for call in self.calls:
            if call.refused:
                continue
            if call.path.endswith("/callback"):
                if call.json["type"] == CHANNEL_MESSAGE:
                    shown.append(Shown.of(call.json["data"]))
            elif call.method == "POST" and call.path.endswith(("/messages", "{webhook_token}")):
                shown.append(Shown.of(call.json))
        return shown

    def updates(self) -> list[Shown]:
        """Every message rolebot replaced in place (a clicked button's message), in order."""
        return [
            Shown.of(call.json["data"] if call.path.endswith("/callback") else call.json)
            for call in self.calls
            if not call.refused
            and (
                (call.path.endswith("/callback") and call.json["type"] == UPDATE_MESSAGE)
                or call.path.endswith("/messages/@original")
            )
        ]

    def only(self) -> Shown:
        """The one message rolebot sent."""
        shown = self.shown()
        assert len(shown) == 1, f"expected one message, got {len(shown)}: {shown}"
        return shown[0]


class RecordingWebhookAdapter(AsyncWebhookAdapter):
    """discord.py's webhook adapter (interaction responses, followups), answered by the fake."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # discord.py leaves it unannotated
        self.fake = fake

    async def request(
        self,
        route: Route,
        session: Any,
        *,
        payload: Json | None = None,
        params: Json | None = None,
        **kwargs: Any,
    ) -> Any:
        """Record the request instead of sending it."""
        return self.fake.answer(route, payload, params)
