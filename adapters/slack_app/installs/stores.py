"""Bolt's installation store and OAuth state store, over `Installs` (the configured database).

rolebot asks only for bot scopes, so it keeps bot installs (Bolt's `installation_store_bot_only`):
one bot token per workspace, found for each request and deleted when Slack says the app was
uninstalled or its tokens revoked. Database calls run on a worker thread, so a slow database
never holds up the event loop that acknowledges Slack.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable

from slack_bolt.error import BoltError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.slack_app.installs.records import BotInstall, Installs
from bot.store.base import StoreError

logger = logging.getLogger(__name__)

STATE_SECONDS = 600  # an install started at /slack/install must finish within ten minutes


def to_record(bot: Bot) -> BotInstall:
    """Bolt's bot install as the record a database keeps."""
    return BotInstall(
        enterprise_id=bot.enterprise_id,
        team_id=None if bot.is_enterprise_install else bot.team_id,
        bot_token=bot.bot_token,
        bot_id=bot.bot_id,
        bot_user_id=bot.bot_user_id,
        bot_scopes=tuple(bot.bot_scopes),
        installed_at=bot.installed_at,
        is_enterprise_install=bot.is_enterprise_install,
        app_id=bot.app_id,
        enterprise_name=bot.enterprise_name,
        team_name=bot.team_name,
        bot_refresh_token=bot.bot_refresh_token,
        bot_token_expires_at=bot.bot_token_expires_at,
    )


def to_bot(record: BotInstall) -> Bot:
    """A kept record as Bolt's bot install."""
    return Bot(
        app_id=record.app_id,
        enterprise_id=record.enterprise_id,
        enterprise_name=record.enterprise_name,
        team_id=record.team_id,
        team_name=record.team_name,
        bot_token=record.bot_token,
        bot_id=record.bot_id,
        bot_user_id=record.bot_user_id,
        bot_scopes=list(record.bot_scopes),
        bot_refresh_token=record.bot_refresh_token,
        bot_token_expires_at=record.bot_token_expires_at,
        is_enterprise_install=record.is_enterprise_install,
        installed_at=record.installed_at,
    )


def _workspace(enterprise_id: str | None, team_id: str | None) -> str:
    """A workspace as logs name it: its team id, or its organisation's for an org-wide one."""
    return team_id or f"organisation {enterprise_id}"


class InstallationStore(AsyncInstallationStore):
    """Bot installs, one per workspace, in the configured database."""

    def __init__(self, installs: Installs) -> None:
        self.installs = installs

    @property
    def logger(self) -> logging.Logger:
        """The store's logger (Bolt's interface asks for one)."""
        return logger

    async def async_save(self, installation: Installation) -> None:
        """Keep the bot of a finished install (Bolt calls this from /slack/oauth_redirect)."""
        await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep `bot`; raises BoltError (which Bolt shows as a failed install) if that fails."""
        try:
            await asyncio.to_thread(self.installs.save_bot, to_record(bot))
        except StoreError as error:
            raise BoltError(f"cannot keep the install: {error}") from error
        where = _workspace(bot.enterprise_id, None if bot.is_enterprise_install else bot.team_id)
        logger.info("installed in %s (%s)", where, bot.team_name or bot.enterprise_name)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The bot install answering in a workspace, if rolebot is installed there."""
        team = None if is_enterprise_install else team_id
        record = await asyncio.to_thread(self.installs.find_bot, enterprise_id, team)
        return None if record is None else to_bot(record)

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget a workspace's bot token (Bolt calls this on `tokens_revoked`, and, through
        `async_delete_all`, on `app_uninstalled`)."""
        await asyncio.to_thread(self.installs.delete_bot, enterprise_id, team_id)
        logger.info("removed the bot token of %s", _workspace(enterprise_id, team_id))

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Nothing to forget: rolebot asks for no user tokens, so it keeps none."""


class StateStore(AsyncOAuthStateStore):
    """OAuth states in the configured database, so an install begun through one replica can
    finish through another."""

    def __init__(
        self,
        installs: Installs,
        expiration_seconds: int = STATE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.installs = installs
        self.expiration_seconds = expiration_seconds
        self.clock = clock

    @property
    def logger(self) -> logging.Logger:
        """The store's logger (Bolt's interface asks for one)."""
        return logger

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        """A new unguessable state, kept until it expires."""
        state = secrets.token_urlsafe(32)
        now = self.clock()
        await asyncio.to_thread(
            self.installs.issue_state, state, now, now + self.expiration_seconds
        )
        return state

    async def async_consume(self, state: str) -> bool:
        """Whether `state` is one this app issued and is still alive; it is then used up."""
        return await asyncio.to_thread(self.installs.consume_state, state, self.clock())
