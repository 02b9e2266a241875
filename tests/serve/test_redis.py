"""`rolebot serve` with ROLEBOT_REDIS_URL, as a real process against a real Redis that goes
away mid-run: answers still go out, /healthz says degraded and why, /metrics counts what Redis
could not serve, and all of it clears once Redis is back. The password never shows."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from adapters.shared_state.outage import RETRY_SECONDS
from testkit.slack_harness import mention
from tests.redis_servers import RedisServer
from tests.serve.conftest import SlowSlack
from tests.serve.process import serve_environment, serving

PASSWORD = "s3cret-redis-pass-9f2"
FAILURES = ("rolebot_redis_failures_total", ())


async def health(session: aiohttp.ClientSession, url: str) -> tuple[int, dict[str, Any]]:
    async with session.get(f"{url}/healthz") as response:
        return response.status, await response.json()


async def counted(session: aiohttp.ClientSession, url: str) -> dict[tuple[str, tuple[()]], float]:
    async with session.get(f"{url}/metrics") as response:
        text = await response.text()
    return {
        (s.name, ()): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if not s.labels
    }


async def test_redis_going_away_mid_run_degrades_and_recovers(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    server = RedisServer(password=PASSWORD)
    server.start()
    env = serve_environment(tmp_path, fake_slack, ROLEBOT_REDIS_URL=server.url)
    try:
        async with serving(env) as served, aiohttp.ClientSession() as session:
            slack = served.slack(session)
            await served.wait_for_log(
                r"sharing short-lived state in redis at 127.0.0.1:\d+, database 0"
            )
            await slack.event(mention("who owns deployment?"))
            await fake_slack.wait_for_posts(1, timeout=20)
            assert await health(session, served.url) == (
                200,
                {"status": "ready", "checks": {"knowledge": True, "slack": True}},
            )
            assert (await counted(session, served.url))[FAILURES] == 0

            server.kill()
            await slack.event(mention("what does a data scientist do?"))
            posts = await fake_slack.wait_for_posts(2, timeout=20)
            assert posts[1].headers == ["Data scientist"]  # answered without Redis
            status, body = await health(session, served.url)
            assert (status, body["status"]) == (200, "degraded")
            assert "ConnectionError" in body["degraded"]["redis"]
            assert (await counted(session, served.url))[FAILURES] >= 1

            server.start()  # back, empty
            await asyncio.sleep(RETRY_SECONDS)
            await slack.event(mention("what does an ML engineer do?"))
            await fake_slack.wait_for_posts(3, timeout=20)
            assert (await health(session, served.url))[1]["status"] == "ready"
            assert await served.stop() == 0
    finally:
        server.kill()
    assert "redis failed, sharing nothing until it answers again" in served.log
    assert "redis answers again" in served.log
    assert PASSWORD not in served.log and PASSWORD not in str(body)


async def test_an_unreachable_redis_at_start_is_served_around(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    nowhere = RedisServer(password=PASSWORD)  # never started
    env = serve_environment(tmp_path, fake_slack, ROLEBOT_REDIS_URL=nowhere.url)
    async with serving(env) as served, aiohttp.ClientSession() as session:
        await served.slack(session).event(mention("who owns deployment?"))
        [answer] = await fake_slack.wait_for_posts(1, timeout=20)
        status, body = await health(session, served.url)
        assert await served.stop() == 0
    assert answer.headers == ["Who owns deployment?"]
    assert (status, body["status"]) == (200, "degraded")
    assert PASSWORD not in served.log
