"""Sending rendered messages to where a turn came from. Sending never builds.

Two places a reply can go:
- a conversation rolebot is in (a channel thread, a direct message): chat.postMessage (or
  chat.postEphemeral) through the Web API client, which `build_app` gives the delivery policy;
- a response_url (slash commands, clicks outside a thread): works in channels rolebot was never
  invited to, and can be ephemeral (seen only by the asker).

The delivery policy, for both: each call gives up after DELIVERY_TIMEOUT seconds, and a call
that fails in passing (a 5xx, a dropped connection, a 429) is tried again after a backoff.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook import WebhookResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack_app.render import SlackMessage
from bot.reply import Visibility

logger = logging.getLogger(__name__)

RESPONSE_URL_USES = 5  # Slack: a response_url can be used five times within 30 minutes
# Slack's Web API and response_urls answer in well under a second; a call still hanging after
# this long has failed (the SDK's default, 30 s, held answers up for that long), and the
# asker's apology, sent the same way, still comes within half a minute.
DELIVERY_TIMEOUT = 10
SERVER_ERROR_RETRIES = 2  # after 0.5 s and 1 s (slack_sdk's backoff, with jitter)
CONNECTION_ERROR_RETRIES = 2
RATE_LIMIT_RETRIES = 3  # each after Slack's Retry-After
HTTP_SERVER_ERRORS = range(500, 600)


class AnyServerErrorRetryHandler(AsyncServerErrorRetryHandler):
    """Retries every 5xx (slack_sdk's own handler retries 500 and 503 only; a proxy in front
    of Slack answers 502 and 504 too)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in HTTP_SERVER_ERRORS


def retry_handlers() -> list[AsyncRetryHandler]:
    """What a delivery tries again, and how often: for the Web API client and response_urls."""
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_ERROR_RETRIES),
        AnyServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]


@dataclass(slots=True)
class DeliveryFailures:
    """Deliveries that failed for good (after the retries): how many, and the latest reason."""

    count: int = 0
    reason: str | None = None
    at: float | None = None  # time.monotonic() of the latest

    def failed(self, error: BaseException) -> None:
        """Count one failed delivery."""
        self.count += 1
        self.reason = f"{type(error).__name__}: {error}"[:200]
        self.at = time.monotonic()

    def recent(self, within: float) -> str | None:
        """The latest reason, if a delivery failed in the last `within` seconds."""
        if self.at is None or time.monotonic() - self.at > within:
            return None
        return self.reason


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
            await post(
                self.respond,
                {**message.to_dict(), "response_type": response_type, "replace_original": False},
            )


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
        await post(self.respond, {**first.to_dict(), "replace_original": True})
        if rest:
            await ResponseUrl(self.respond).send(rest, visibility)


async def post(respond: AsyncRespond, message: dict[str, Any]) -> WebhookResponse:
    """Post `message` to the response_url of `respond`, with the delivery policy; raises
    SendError if Slack refuses it."""
    if respond.response_url is None:
        raise SendError("nowhere to respond: the request had no response_url")
    client = AsyncWebhookClient(
        url=respond.response_url,
        proxy=respond.proxy,
        ssl=respond.ssl,
        timeout=DELIVERY_TIMEOUT,
        retry_handlers=retry_handlers(),
    )
    response = await client.send_dict(message)
    if response.status_code != 200:
        raise SendError(f"response_url answered {response.status_code}: {response.body}")
    return response
