"""The Bolt app: listeners that translate, ask the core, render and send. No knowledge logic here.

`build_app` builds it without connecting; `server` runs it over HTTP or Socket Mode.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.answering import Answering
from adapters.claims import ClaimsFactory, LocalClaims
from adapters.curating import requests
from adapters.curating.desk import REFUSAL, CurationDesk, Outcome
from adapters.slack_app import actions, curate, inbound, intake
from adapters.slack_app.installs import Installs
from adapters.slack_app.oauth import oauth_flow
from adapters.slack_app.render import SlackMessage, apology, home_view, render, thanks
from adapters.slack_app.send import (
    DELIVERY_TIMEOUT,
    Conversation,
    DeliveryFailures,
    Destination,
    ReplaceOriginal,
    ResponseUrl,
    retry_handlers,
)
from adapters.slack_app.settings import SlackSettings
from bot.core import Core
from bot.message import Message
from bot.reply import Reply, ReplyKind, Visibility

logger = logging.getLogger(__name__)

COMMAND = "/roles"
# Slack retries an event for about five minutes; an hour of event ids covers that with room.
EVENTS = "slack:events"
SEEN_EVENTS = 10_000
SEEN_SECONDS = 60 * 60
# Threads rolebot answered in: follow-ups there need no mention for a day.
THREADS = "slack:threads"
ACTIVE_THREADS = 10_000
ACTIVE_THREAD_SECONDS = 24 * 60 * 60
# Turns answered (computed, rendered, sent) at once; the others wait their turn. Measured with
# bench/slack_load.py, 200 at once on one slow CPU: ack p99 310 ms and every answer out in
# 6.4 s with 4 threads, 249 ms and 7.3 s with 2, 154 ms and 8.1 s with 1; unbounded, 1.5 s.
# Sends outside the slots (2 answering threads, and 3 or 4 sends at once) gave 570-610 ms.
ANSWERING_AT_ONCE = 2
# A send still waiting after this long waits on Slack, not on the CPU: it gives its slot back,
# so a slow or hanging Web API call never holds up anyone else's answer for longer.
SLOT_HELD_DELIVERING = 0.25
ANSWERED_SUBTYPES = frozenset({None, "thread_broadcast"})  # edits, joins, files...: not questions

Payload = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Turn:
    """One thing to answer: the message, where the answer goes, and how.

    `shared`: asked in the open (a mention, a thread, a direct message), so every reply is
    shown to everyone there; otherwise (a slash command, a click on one of its replies) replies
    only the asker needs are shown to the asker alone.

    `addressed`: a follow-up in a thread that does not mention rolebot was not addressed to it;
    rolebot answers it only when it has a confident answer, and otherwise stays out of the way.
    """

    request_id: str
    message: Message
    destination: Destination
    shared: bool
    addressed: bool = True
    asker: str = ""  # who asked: a curator's "I don't know" gets a Teach button


def visibility(reply: Reply, *, shared: bool) -> Visibility:
    """Who sees a reply: everyone in a shared conversation; elsewhere, the asker alone for help,
    usage errors, declines and "which one did you mean?"."""
    if shared:
        return Visibility.PUBLIC
    return Visibility.PRIVATE if reply.fallback else reply.visibility


class Listeners:
    """Bolt listeners around the core. Bolt passes arguments by parameter name."""

    def __init__(
        self,
        core: Core,
        settings: SlackSettings,
        deliveries: DeliveryFailures,
        claims: ClaimsFactory = LocalClaims,
        desk: CurationDesk | None = None,
    ) -> None:
        self.core = core
        self.settings = settings
        self.desk = desk
        self.seen = claims(EVENTS, SEEN_EVENTS, SEEN_SECONDS)
        self.threads = claims(THREADS, ACTIVE_THREADS, ACTIVE_THREAD_SECONDS)
        self.answering = Answering(ANSWERING_AT_ONCE, "rolebot-slack")
        self.deliveries = deliveries

    async def take(self, turn: Turn) -> None:
        """Answer a turn; on any failure log it with its id and apologise to the asker.

        The turn's slot is held through a quick delivery, and given back by a slow one (after
        SLOT_HELD_DELIVERING) and before any apology.
        """
        async with self.answering.slot() as slot:
            try:
                reply, messages = await self.answering.run(self._answer, turn)
            except Exception:
                logger.exception("could not answer %s", turn.request_id)
                slot.give_back()
                if turn.addressed:
                    await self._apologise(turn)
                return
            if not messages:
                logger.debug("not answering unaddressed %s (%s)", turn.request_id, reply.kind)
                return
            sending = turn.destination.send(messages, visibility(reply, shared=turn.shared))
            try:
                await self.answering.deliver(slot, sending, SLOT_HELD_DELIVERING)
            except Exception as error:
                slot.give_back()
                self.deliveries.failed(error)
                logger.exception("could not deliver the answer to %s", turn.request_id)
                if turn.addressed:
                    await self._apologise(turn)

    def _answer(self, turn: Turn) -> tuple[Reply, tuple[SlackMessage, ...]]:
        """The reply and its messages, none when an unaddressed turn has no answer.

        Run on an answering thread: answering and rendering are CPU work, and the event loop
        must stay free to acknowledge Slack's requests within its 3 seconds.
        """
        answered = self.core.respond(turn.message, addressed=turn.addressed)
        reply = answered.reply
        if not turn.addressed and reply.kind is not ReplyKind.ANSWER:
            return reply, ()
        teach = (
            reply.kind is ReplyKind.DECLINE
            and self.desk is not None
            and self.desk.is_curator(inbound.PLATFORM, turn.asker)
        )
        return reply, render(reply, answer_id=answered.answer_id, teach=teach)

    async def _apologise(self, turn: Turn) -> None:
        try:
            await turn.destination.send(apology(), Visibility.PRIVATE)
        except Exception:
            logger.exception("could not apologise for %s", turn.request_id)

    async def _first_time(self, body: Payload, event: Payload) -> bool:
        # Slack redelivers an event (same event_id, X-Slack-Retry-Num) when it thinks delivery
        # failed, and sends a mention as both app_mention and message (same channel and ts);
        # with replicas, each may reach a different one.
        message = _where(body, event["channel"], event["ts"])
        fresh = await self.seen.claim(inbound.request_id(body), message)
        if not fresh:
            logger.info("already answered %s, ignoring it", inbound.request_id(body))
        return fresh

    async def on_mention(self, body: Payload, event: Payload, client: AsyncWebClient) -> None:
        """A mention in a channel: answered in a thread under it (or in its thread)."""
        if not await self._first_time(body, event):
            return
        thread = inbound.reply_thread(event)
        await self.threads.claim(_where(body, event["channel"], thread))
        destination = Conversation(client, str(event["channel"]), thread, event.get("user"))
        message = inbound.to_message(body, event)
        asker = str(event.get("user") or "")
        await self.take(Turn(inbound.request_id(body), message, destination, True, asker=asker))

    async def on_message(
        self, body: Payload, event: Payload, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        """A direct message, or a follow-up in a thread rolebot answered in; others are ignored."""
        if event.get("subtype") not in ANSWERED_SUBTYPES or event.get("bot_id"):
            return
        direct = inbound.is_direct(event)
        thread = inbound.reply_thread(event)
        mentions = inbound.mentioned_users(event)
        addressed = direct or context.bot_user_id in mentions
        follow_up = (
            not direct
            and event.get("thread_ts") is not None
            and await self.threads.holds(_where(body, event["channel"], thread))
        )
        if not (direct or follow_up):
            return  # a channel message: app_mention covers the ones meant for rolebot
        if not addressed and mentions:
            return  # speaking to someone else in the thread
        if not await self._first_time(body, event):
            return
        asker = None if direct else event.get("user")
        destination = Conversation(client, str(event["channel"]), thread, asker)
        message = inbound.to_message(body, event)
        user = str(event.get("user") or "")
        turn = Turn(inbound.request_id(body), message, destination, True, addressed, user)
        await self.take(turn)

    async def on_command(self, ack: AsyncAck, body: Payload, respond: AsyncRespond) -> None:
        """`/roles ...`: acknowledged at once, answered through the response_url."""
        await ack()
        if curate.asked_to_curate(body):
            await self.on_curate(body, str(body.get("user_id") or ""), respond)
            return
        message = inbound.command_to_message(body)
        asker = str(body.get("user_id") or "")
        reply_to = ResponseUrl(respond)
        await self.take(Turn(inbound.request_id(body), message, reply_to, False, asker=asker))

    async def on_suggestion(
        self, ack: AsyncAck, body: Payload, client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """A suggestion button: its query is the next turn, answered where the button was.

        A click in a direct message is answered with a lasting message there (an ephemeral
        one would vanish on reload); a click in the App Home tab, which has no conversation,
        is answered in the clicker's direct message with rolebot.
        """
        await ack()
        message = inbound.action_to_message(body)
        thread = inbound.action_thread(body)
        asker = str(body["user"]["id"])
        request = inbound.request_id(body)
        channel = message.conversation.channel
        if inbound.clicked_in_home(body):
            dm = await open_dm(client, asker)
            home_key = replace(message.conversation, channel=dm)
            message = replace(message, conversation=home_key)
            destination: Destination = Conversation(client, dm, None)
            await self.take(Turn(request, message, destination, True, asker=asker))
        elif thread:  # a thread is a shared conversation rolebot is in: answer there
            conversation = Conversation(client, channel, thread, asker)
            await self.take(Turn(request, message, conversation, True, asker=asker))
        elif inbound.is_direct_channel(channel):
            destination = Conversation(client, channel, None)
            await self.take(Turn(request, message, destination, True, asker=asker))
        else:
            await self.take(Turn(request, message, ResponseUrl(respond), False, asker=asker))

    async def on_move(self, ack: AsyncAck, body: Payload, respond: AsyncRespond) -> None:
        """A tour button (Back, Next, Stop): the next step replaces the message it was on."""
        await ack()
        message = inbound.action_to_message(body)
        await self.take(Turn(inbound.request_id(body), message, ReplaceOriginal(respond), False))

    async def on_curate(self, body: Payload, user: str, respond: AsyncRespond) -> None:
        """`/roles curate`: the waiting questions with their controls, to a curator alone (a
        polite refusal to anyone else)."""
        if self.desk is None:
            shown = curate.outcome_message(Outcome(REFUSAL, refused=True))
        else:
            found = await self.desk.queue(inbound.PLATFORM, user, curate.SELECT_OPTIONS_LIMIT)
            shown = curate.shown(found)
        await self._show_privately(body, shown, respond)

    async def on_curate_click(self, ack: AsyncAck, body: Payload, respond: AsyncRespond) -> None:
        """A curating button or select (see `adapters.curating`): the desk checks who clicked,
        carries it out, and the clicker alone sees the outcome."""
        await ack()
        request = curate.click_request(body)
        user = str((body.get("user") or {}).get("id") or "")
        if request is None:
            logger.warning("ignored a malformed curating click %s", inbound.request_id(body))
            return
        if self.desk is None:
            shown = curate.outcome_message(Outcome(REFUSAL, refused=True))
        else:
            result = await self.desk.handle(
                inbound.PLATFORM, user, request, curate.SELECT_OPTIONS_LIMIT
            )
            shown = curate.shown(result)
        await self._show_privately(body, shown, respond)

    async def _show_privately(
        self, body: Payload, message: SlackMessage, respond: AsyncRespond
    ) -> None:
        try:
            await ResponseUrl(respond).send((message,), Visibility.PRIVATE)
        except Exception as error:
            self.deliveries.failed(error)
            logger.exception("could not deliver to %s", inbound.request_id(body))

    async def on_member_joined(
        self, event: Payload, client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        """Someone joined a channel: welcomed by DM if it is a welcome channel (a setting)."""
        joiner = inbound.channel_joiner(event, self.settings.welcome_channels, context.bot_user_id)
        if joiner is not None:
            await self._welcome(client, joiner)

    async def on_team_join(self, event: Payload, client: AsyncWebClient) -> None:
        """Someone joined the workspace: welcomed by DM if that is switched on (a setting)."""
        joiner = inbound.workspace_joiner(event) if self.settings.welcome_workspace else None
        if joiner is not None:
            await self._welcome(client, joiner)

    async def on_home_opened(self, event: Payload, client: AsyncWebClient) -> None:
        """The App Home tab opened: show the tour and quick questions there."""
        if event.get("tab") != "home":
            return  # the Messages tab is the DM itself
        try:
            home = await self.answering.run(self.core.home, inbound.PLATFORM)
            await client.views_publish(user_id=str(event["user"]), view=home_view(home))
        except Exception:
            logger.exception("could not show the App Home of %s", event.get("user"))

    async def _welcome(self, client: AsyncWebClient, user: str) -> None:
        """A welcome by DM, once per person whatever the events (the claim is kept in the store)."""
        try:
            # Claiming the welcome may read the store: off the event loop.
            welcome = await self.answering.run(self.core.welcome, inbound.PLATFORM, user)
            if welcome is None:
                return
            dm = await open_dm(client, user)
            await Conversation(client, dm, None).send(render(welcome), Visibility.PUBLIC)
        except Exception:
            logger.exception("could not welcome %s", user)

    async def on_vote(
        self, ack: AsyncAck, body: Payload, client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        """A feedback button: recorded (clicking again changes the vote), thanked privately
        where the button was (in its thread, or through the response_url)."""
        await ack()
        vote = inbound.action_to_vote(body)
        if vote is None:
            logger.warning("ignored a malformed feedback click %s", inbound.request_id(body))
            return
        self.core.record_feedback(vote.answer_id, vote.user, vote.choice, inbound.PLATFORM)
        thread = inbound.action_thread(body)
        destination: Destination = (
            Conversation(client, inbound.action_channel(body), thread, vote.user)
            if thread
            else ResponseUrl(respond)
        )
        try:
            await destination.send(thanks(), Visibility.PRIVATE)
        except Exception as error:  # the vote is recorded; a missing thank-you is no failure
            logger.warning("could not thank for %s: %s", inbound.request_id(body), error)

    async def on_error(self, error: Exception, body: Payload) -> None:
        """Whatever escaped a listener (a payload rolebot could not read): logged with its id."""
        logger.error("could not handle %s", inbound.request_id(body), exc_info=error)


def _where(body: Payload, channel: object, ts: object) -> str:
    """The key of a message or thread: its workspace, channel and timestamp."""
    return f"{inbound.team_of(body)}/{channel}/{ts}"


async def open_dm(client: AsyncWebClient, user: str) -> str:
    """The id of the direct message conversation between rolebot and `user` (opened if new)."""
    opened = await client.conversations_open(users=user)
    return str(opened["channel"]["id"])


def _bolt_app(settings: SlackSettings, installs: Installs | None) -> AsyncApp:
    """Bolt's app for one workspace (its bot token), or for every workspace that installed
    rolebot (each request answered with its workspace's token, found in `installs`)."""
    if settings.installs is None:
        # Bolt reads SLACK_BOT_TOKEN itself when given a ready-made client and then warns that
        # the token is unused; handing it the token and adjusting its client keeps logs clean.
        app = AsyncApp(token=settings.bot_token, signing_secret=settings.signing_secret)
        app.client.base_url = settings.api_url
        app.client.timeout = DELIVERY_TIMEOUT
        app.client.retry_handlers = retry_handlers()
        return app
    if installs is None:
        raise ValueError("an app serving installs needs the store that keeps them")
    client = AsyncWebClient(
        base_url=settings.api_url, timeout=DELIVERY_TIMEOUT, retry_handlers=retry_handlers()
    )
    flow = oauth_flow(settings.installs, installs, client)
    app = AsyncApp(client=client, signing_secret=settings.signing_secret, oauth_flow=flow)
    # app_uninstalled and tokens_revoked delete the workspace's token from the store.
    app.enable_token_revocation_listeners()
    return app


def build_app(
    core: Core,
    settings: SlackSettings,
    deliveries: DeliveryFailures | None = None,
    claims: ClaimsFactory = LocalClaims,
    installs: Installs | None = None,
    desk: CurationDesk | None = None,
) -> AsyncApp:
    """The Bolt app answering from `core` (a `bot.Bot`); it does not connect until it serves a
    request. `deliveries` counts answers that could not be delivered (for metrics and health);
    `claims` keeps the events answered and threads joined (in this process by default, in
    Redis when replicas share them). With `settings.installs`, `installs` keeps the workspaces
    rolebot is installed in (see `adapters.slack_app.installs.open_installs`). `desk` serves
    `/roles curate` and the curating buttons (without it, everyone is refused)."""
    app = _bolt_app(settings, installs)
    listeners = Listeners(
        core, settings, deliveries if deliveries is not None else DeliveryFailures(), claims, desk
    )
    app.middleware(intake.drop_malformed_events)
    app.event("app_mention")(listeners.on_mention)
    app.event("message")(listeners.on_message)
    app.event("member_joined_channel")(listeners.on_member_joined)
    app.event("team_join")(listeners.on_team_join)
    app.event("app_home_opened")(listeners.on_home_opened)
    app.command(COMMAND)(listeners.on_command)
    app.action(actions.pattern(actions.SUGGEST))(listeners.on_suggestion)
    app.action(actions.pattern(actions.MOVE))(listeners.on_move)
    app.action(actions.pattern(actions.VOTE))(listeners.on_vote)
    app.action(requests.CONTROL)(listeners.on_curate_click)
    app.error(listeners.on_error)
    return app
