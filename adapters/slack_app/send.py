"""Sending rendered messages to where a turn came from. Sending never builds.

Two places a reply can go:
- a conversation rolebot is in (a channel thread, a direct message): chat.postMessage (or
  chat.postEphemeral) through the Web API client, whose 429 retries `build_app` configures;
- a response_url (slash commands, clicks outside a thread): works in channels rolebot was never
  invited to, and can be ephemeral (seen only by the asker).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack_app.render import SlackMessage
from bot.reply import Visibility

logger = logging.getLogger(__name__)

RESPONSE_URL_USES = 5  # Slack: a response_url can be used five times within 30 minutes


class SendError(RuntimeError):
    """Slack refused a message."""


class Destination(Protocol):
    """Somewhere a reply can be posted."""

    async def send(self, messages: Sequence[SlackMessage], visibility: Visibility) -> None:
        """Post `messages` in order."""


@dataclass(frozen=True, slots=True)
class Conversation:
    """A channel thread or a direct message, posted to through the Web API.

    A private reply goes to `asker` alone (chat.postEphemeral); without an asker (in a direct
    message, where ephemeral messages would only vanish on reload) every reply is a message.
    """

    client: AsyncWebClient
    channel: str
    thread: str | None
    asker: str | None = None

    async def send(self, messages: Sequence[SlackMessage], visibility: Visibility) -> None:
        """Post each message in the conversation (the client raises SlackApiError on failure)."""
        for message in messages:
            if visibility is Visibility.PRIVATE and self.asker:
                await self.client.chat_postEphemeral(
                    channel=self.channel,
                    user=self.asker,
                    thread_ts=self.thread,
                    **message.to_dict(),
                )
            else:
                await self.client.chat_postMessage(
                    channel=self.channel, thread_ts=self.thread, **message.to_dict()
                )


@dataclass(frozen=True, slots=True)
class ResponseUrl:
    """A slash command's or a click's response_url: public answers in channel, others ephemeral."""

    respond: AsyncRespond

    async def send(self, messages: Sequence[SlackMessage], visibility: Visibility) -> None:
        """Post each message to the response_url, raising SendError if Slack refuses one."""
        response_type = "in_channel" if visibility is Visibility.PUBLIC else "ephemeral"
        if len(messages) > RESPONSE_URL_USES:
            # Only far beyond the core's longest reply; better most of it than none.
            logger.warning("reply cut from %d to %d messages", len(messages), RESPONSE_URL_USES)
        for message in messages[:RESPONSE_URL_USES]:
            response = await self.respond(
                **message.to_dict(), response_type=response_type, replace_original=False
            )
            if response.status_code != 200:
                raise SendError(f"response_url answered {response.status_code}: {response.body}")


@dataclass(frozen=True, slots=True)
class ReplaceOriginal:
    """A click's response_url, showing the reply in place of the message the button was on.

    The tour's Back, Next and Stop keep a tour to one message this way; the message stays
    as visible as it was. A reply too long for one message continues below it.
    """

    respond: AsyncRespond

    async def send(self, messages: Sequence[SlackMessage], visibility: Visibility) -> None:
        """Replace the clicked message with the first message, post any others after it."""
        first, *rest = messages
        response = await self.respond(**first.to_dict(), replace_original=True)
        if response.status_code != 200:
            raise SendError(f"response_url answered {response.status_code}: {response.body}")
        if rest:
            await ResponseUrl(self.respond).send(rest, visibility)
