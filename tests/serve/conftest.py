"""A fake Slack on loopback for `rolebot serve` processes to sign in to and answer through."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import web

from testkit.fake_slack import FakeSlack


@dataclass
class SlowSlack(FakeSlack):
    """A fake Slack whose response_urls take `delay` seconds to accept a post, and whose Web
    API takes `api_delay` seconds to answer."""

    delay: float = 0.0
    api_delay: float = 0.0

    async def _api(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.api_delay)
        return await super()._api(request)

    async def _response_url(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.delay)
        return await super()._response_url(request)


@pytest.fixture
async def fake_slack() -> AsyncIterator[SlowSlack]:
    """Slack's Web API and response_urls on 127.0.0.1, recording every call."""
    fake = SlowSlack()
    runner = web.AppRunner(fake.application(), shutdown_timeout=0.5)  # no wait on held requests
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield fake
    fake.release()
    await runner.cleanup()
