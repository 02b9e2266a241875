"""`rolebot serve` on PostgreSQL (ROLEBOT_DATABASE_URL): answers recorded there; when the
database goes away mid-run, answers still go out, /healthz says degraded and why, /metrics
counts the failures, and once it is back the kept rows are written and health is ready again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from testkit.slack_harness import mention
from tests.postgres_servers import PgCutSchema
from tests.serve.conftest import SlowSlack
from tests.serve.process import serve_environment, serving

SETTLE_SECONDS = 60.0  # the writer retries every few seconds, the pool reconnects with a backoff


async def health(session: aiohttp.ClientSession, url: str) -> tuple[int, dict[str, Any]]:
    async with session.get(f"{url}/healthz") as response:
        body: dict[str, Any] = await response.json()
        return response.status, body


async def store_failures(session: aiohttp.ClientSession, url: str) -> float:
    async with session.get(f"{url}/metrics") as response:
        text = await response.text()
    return next(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "rolebot_store_failures_total"
    )


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Poll `check` (an async callable returning a bool) until it holds."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def answers(cut: PgCutSchema) -> int:
    ((count,),) = cut.rows("SELECT COUNT(*) FROM answers")
    return int(count)


async def test_serving_on_postgres_through_an_outage(
    fake_slack: SlowSlack, tmp_path: Path, pg_cut_schema: PgCutSchema
) -> None:
    env = serve_environment(tmp_path, fake_slack, ROLEBOT_DATABASE_URL=pg_cut_schema.url)
    del env["ROLEBOT_DB"]  # one store or the other, never both
    async with serving(env) as served, aiohttp.ClientSession() as session:
        where = f"store postgresql://{pg_cut_schema.role}@"
        assert where in (await served.wait_for_log("starting .*")).group(0)
        slack = served.slack(session)
        await slack.event(mention("who owns deployment?"))
        await fake_slack.wait_for_posts(1, timeout=20)

        async def recorded_one() -> bool:
            return answers(pg_cut_schema) == 1

        await eventually(recorded_one, "the first answer in PostgreSQL")

        # A busy machine can log a failure at start-up too (a second writer waiting out the
        # first one's migration): only one logged after the cut counts.
        before_cut = len(served.log)
        pg_cut_schema.cut()
        await slack.event(mention("who owns monitoring?"))
        posts = await fake_slack.wait_for_posts(2, timeout=20)  # answered all the same
        assert posts[-1].method == "chat.postMessage"
        await served.wait_for_log("recording failed, will retry", since=before_cut)
        status, body = await health(session, served.url)
        assert (status, body["status"]) == (200, "degraded")
        assert "not permitted to log in" in body["degraded"]["store"]
        assert await store_failures(session, served.url) >= 1

        pg_cut_schema.restore()

        async def ready_again() -> bool:
            return bool((await health(session, served.url))[1]["status"] == "ready")

        await eventually(ready_again, "/healthz ready once the database is back")
        assert answers(pg_cut_schema) == 2  # the row kept through the outage, written
        assert await served.stop() == 0
    assert "recording works again" in served.log
    assert "dropped" not in served.log
