"""Two replicas, one conversation: two real `rolebot slack --http` processes on loopback sharing
PostgreSQL (the store) and Redis (short-lived state), as a load balancer would have them, with
signed real-shaped requests from Slack's side and a fake Slack Web API.

Slack may deliver any request to either replica: an event and its retry land on different ones,
a thread begun on one carries on through the other, feedback through both ends up in one
`rolebot report`, and a replica killed outright (SIGKILL) under load loses no row it had
committed. Redis is a private server (nothing else's keys), PostgreSQL a schema of the test's.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from testkit.fake_slack import Call
from testkit.slack_harness import channel_message, mention, vote_click
from tests.postgres_servers import PgSchema
from tests.redis_servers import RedisServer
from tests.serve.conftest import SlowSlack
from tests.serve.process import ROLEBOT, Serving, serve_environment, serving

SLACK_HTTP = ("slack", "--http")
LOAD = 300  # mentions sent at once to the replica that is killed: far more than it answers
KILL_AFTER = 10  # rows it must have committed first, so the kill lands mid-stream
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
QUESTIONS = (
    "who owns deployment?",
    "what does a data scientist do?",
    "ml engineer vs data scientist",
    "which tools does an mlops engineer use?",
    "who approves the gpu budget",  # declined: an answer row and a miss row
)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A Redis of this test's own, so no other test's event ids are claimed in it."""
    server = RedisServer()
    server.start()
    yield server
    server.kill()


@pytest.fixture
def replica_env(
    fake_slack: SlowSlack, tmp_path: Path, pg_schema: PgSchema, redis_server: RedisServer
) -> dict[str, str]:
    """What every replica is given: the same Slack app, database and Redis."""
    env = serve_environment(
        tmp_path, fake_slack, ROLEBOT_DATABASE_URL=pg_schema.url, ROLEBOT_REDIS_URL=redis_server.url
    )
    del env["ROLEBOT_DB"]  # one store or the other, never both
    return env


@pytest.fixture
async def replicas(replica_env: dict[str, str]) -> AsyncIterator[tuple[Serving, Serving]]:
    """Replicas A and B, started together (they migrate the schema once between them)."""
    async with AsyncExitStack() as stack:
        a, b = await asyncio.gather(
            stack.enter_async_context(serving(replica_env, subcommand=SLACK_HTTP)),
            stack.enter_async_context(serving(replica_env, subcommand=SLACK_HTTP)),
        )
        for replica in (a, b):
            await replica.wait_for_log(r"sharing short-lived state in redis")
        yield a, b


async def answered_once(a: Serving, b: Serving, event_id: str) -> None:
    """Wait until one of the replicas says it left `event_id` alone: the other answered it."""
    ignored = f"already answered {event_id}, ignoring it"
    async with asyncio.timeout(20):
        while ignored not in a.log + b.log:
            await asyncio.sleep(0.05)


async def written(session: aiohttp.ClientSession, replica: Serving) -> int:
    """The rows `replica` has committed to the store, as its /metrics says."""
    async with session.get(f"{replica.url}/metrics") as response:
        text = await response.text()
    return next(
        int(sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "rolebot_store_rows_written_total"
    )


def report(env: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    """`rolebot report --format json`, run as an operator would, on the replicas' settings."""
    done = subprocess.run(
        [*ROLEBOT, "report", "--format", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


async def test_two_replicas_hold_one_conversation_and_one_report(
    replicas: tuple[Serving, Serving],
    replica_env: dict[str, str],
    fake_slack: SlowSlack,
    tmp_path: Path,
) -> None:
    a, b = replicas
    async with aiohttp.ClientSession() as session:
        to_a, to_b = a.slack(session), b.slack(session)

        # An event delivered to A, and Slack's retry of it delivered to B: answered once.
        asked = mention("who owns deployment?")
        assert (await to_a.event(asked))[0] == 200
        assert (await to_b.event(asked, retry=1))[0] == 200
        [first] = await fake_slack.wait_for_posts(1, timeout=20)
        await answered_once(a, b, asked["event_id"])

        # The reply in its thread goes to B, which answers from the context A (or B) left.
        thread = asked["event"]["ts"]
        await to_b.event(channel_message("and monitoring?", thread_ts=thread))
        [_, second] = await fake_slack.wait_for_posts(2, timeout=20)

        # Feedback on each answer, each through the other replica.
        await to_a.action(vote_click(first.votes[1], fake_slack.response_url("a")))
        await to_b.action(vote_click(second.votes[1], fake_slack.response_url("b")))
        posts = await fake_slack.wait_for_posts(4, timeout=20)
        assert await a.stop() == 0 and await b.stop() == 0  # each writes what it holds

    answers = [p for p in posts if p.method == "chat.postMessage"]
    assert [p.headers for p in answers] == [
        ["Who owns deployment?"],
        ["Who owns maintenance and monitoring?"],
    ]
    assert all(p.args["thread_ts"] == thread for p in answers)
    thanked = sorted(p.method for p in posts if p.method.startswith("response_url"))
    assert thanked == ["response_url:a", "response_url:b"]

    summary = report(replica_env, tmp_path)
    assert summary["questions"] == 2
    assert sorted((f["title"], f["not_helpful"]) for f in summary["unhelpful"]) == [
        ("Deployment (stage_owner)", 1),
        ("Maintenance and monitoring (stage_owner)", 1),
    ]


async def test_a_replica_killed_under_load_loses_no_committed_row(
    replicas: tuple[Serving, Serving], fake_slack: SlowSlack, pg_schema: PgSchema
) -> None:
    a, b = replicas
    async with aiohttp.ClientSession() as session:
        to_a = a.slack(session)
        load = [
            asyncio.ensure_future(to_a.event(mention(QUESTIONS[n % len(QUESTIONS)])))
            for n in range(LOAD)
        ]
        async with asyncio.timeout(60):
            while (committed := await written(session, a)) < KILL_AFTER:
                await asyncio.sleep(0.01)
        a.process.send_signal(signal.SIGKILL)
        assert await a.stop(signum=None) == -signal.SIGKILL
        sent = await asyncio.gather(*load, return_exceptions=True)

        # B never noticed: it answers, and records, as before.
        before = len(fake_slack.posts)
        await b.slack(session).event(mention("who owns deployment?"))
        answer: Call = (await fake_slack.wait_for_posts(before + 1, timeout=20))[before]
        assert answer.headers == ["Who owns deployment?"]
        assert await b.stop() == 0

    acknowledged = sum(1 for s in sent if not isinstance(s, BaseException) and s[0] == 200)
    # Slack had its 200 for the requests (Bolt acknowledges before answering); the kill landed
    # while A was still answering them.
    assert acknowledged >= KILL_AFTER and KILL_AFTER <= committed < LOAD
    ((answers, misses),) = pg_schema.rows(
        "SELECT (SELECT COUNT(*) FROM answers), (SELECT COUNT(*) FROM misses)"
    )
    # Every row A had committed when it was killed is there, and B's answer besides.
    assert answers + misses >= committed + 1
