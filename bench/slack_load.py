"""Load on `rolebot serve` in Slack HTTP mode: time to acknowledge at rising concurrency.

Not a test: prints figures for the notes. Run with `make bench-slack` (from the repository root:
it uses testkit's fake Slack and signed payloads, which the tests share). All on loopback:

- a fake Slack Web API and response_urls, in a process of its own, recording deliveries;
- `rolebot serve` as a real process, signing in to the fake and serving /slack/events;
- this process sends signed slash commands and app_mention events, `--rounds` per concurrent
  sender at each level, and measures the time to Slack's acknowledgement (the HTTP response
  Slack waits at most 3 s for), then waits for every answer to be delivered and reports how
  long the level took from its first request to its last answer.

Target: no errors and p99 acknowledgement under 300 ms at 200 concurrent requests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from testkit.fake_slack import FakeSlack
from testkit.slack_harness import mention, sign, slash_command

LEVELS = (10, 50, 100, 200)
ROUNDS = 5  # requests per concurrent sender at each level: 200 x 5 = 1,000 at the top level
BOT_TOKEN = "xoxb-0000-bench-token"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
TARGET_P99_MS = 300.0
DELIVERY_SECONDS = 120.0  # bound on waiting for the answers to reach the fake Slack
START_SECONDS = 60.0
_LISTENING = re.compile(rb"listening on http://[^:]+:(\d+)")


def _fake_slack_process(pipe: Connection) -> None:
    """The fake Slack, with GET /stats counting deliveries; sends its URL down `pipe`."""

    async def main() -> None:
        fake = FakeSlack()

        async def stats(_: web.Request) -> web.Response:
            return web.json_response(Counter(c.method.split(":")[0] for c in fake.calls))

        app = fake.application()
        app.router.add_get("/stats", stats)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        fake.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        pipe.send(fake.url)
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # until told to stop
        await runner.cleanup()

    asyncio.run(main())


@dataclass
class Level:
    """What one concurrency level measured."""

    concurrency: int
    sent: int
    seconds: float
    acks_ms: list[float]
    errors: Counter[str]

    def row(self) -> str:
        """One line of the report."""
        acks = sorted(self.acks_ms)
        p50 = statistics.median(acks) if acks else float("nan")
        p99 = acks[min(len(acks) - 1, int(len(acks) * 0.99))] if acks else float("nan")
        errors = sum(self.errors.values())
        return (
            f"{self.concurrency:>11} {self.sent:>8} {self.sent / self.seconds:>10.0f} "
            f"{p50:>9.1f} {p99:>9.1f} {max(acks, default=float('nan')):>9.1f} {errors:>7}"
        )

    @property
    def p99(self) -> float:
        """The 99th percentile time to acknowledge, in milliseconds."""
        acks = sorted(self.acks_ms)
        return acks[min(len(acks) - 1, int(len(acks) * 0.99))] if acks else float("inf")


def _request(n: int, url: str) -> tuple[str, str]:
    """Request `n`: a slash command (even) or an app_mention event (odd), as body and type."""
    if n % 2 == 0:
        form = slash_command("ask who owns deployment?", f"{url}/response/r{n}")
        return urlencode(form), "application/x-www-form-urlencoded"
    return json.dumps(mention("what does a data scientist do?")), "application/json"


async def _send(session: aiohttp.ClientSession, events: str, body: str, kind: str) -> float:
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": kind,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": sign(SIGNING_SECRET, timestamp, body),
    }
    start = time.perf_counter()
    async with session.post(events, data=body.encode(), headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


async def _level(
    session: aiohttp.ClientSession, events: str, fake_url: str, concurrency: int, rounds: int
) -> Level:
    # Bodies are built (and the fixtures read) before the clock starts.
    requests = [_request(n, fake_url) for n in range(concurrency * rounds)]
    acks: list[float] = []
    errors: Counter[str] = Counter()
    queue = iter(requests)

    async def sender() -> None:
        for body, kind in queue:
            try:
                acks.append(await _send(session, events, body, kind))
            except Exception as error:
                errors[str(error) or type(error).__name__] += 1

    start = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return Level(concurrency, len(requests), time.perf_counter() - start, acks, errors)


async def _delivered(session: aiohttp.ClientSession, fake_url: str) -> int:
    async with session.get(f"{fake_url}/stats") as response:
        counts: dict[str, int] = await response.json()
    return counts.get("response_url", 0) + counts.get("chat.postMessage", 0)


async def _start_rolebot(fake_url: str, home: Path) -> tuple[asyncio.subprocess.Process, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "ROLEBOT_DB": str(home / "rolebot.sqlite3"),
        "ROLEBOT_HOST": "127.0.0.1",
        "ROLEBOT_PORT": "0",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ROLEBOT_SLACK_API_URL": f"{fake_url}/api/",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "serve",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(START_SECONDS):
        while found := await process.stderr.readline():
            if match := _LISTENING.search(found):
                return process, f"http://127.0.0.1:{match.group(1).decode()}"
    raise RuntimeError("rolebot serve did not start")


def _pin(server: int, others: list[int]) -> str:
    """With two CPUs or more: rolebot on the last one, this process and the fake on the rest,
    so the figures measure rolebot's one process, not how it shares a CPU with its load."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return "rolebot shares the only CPU with the load generator and the fake Slack"
    os.sched_setaffinity(server, {cpus[-1]})
    for pid in others:
        os.sched_setaffinity(pid, set(cpus[:-1]))
    return f"rolebot pinned to CPU {cpus[-1]}, load and fake Slack to CPUs {cpus[:-1]}"


async def _wait_ready(session: aiohttp.ClientSession, url: str) -> None:
    async with asyncio.timeout(START_SECONDS):
        while True:
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.05)


async def run(levels: tuple[int, ...], rounds: int) -> bool:
    """Run every level; True if the target was met at the highest one."""
    here, there = multiprocessing.Pipe()
    fake = multiprocessing.Process(target=_fake_slack_process, args=(there,), daemon=True)
    fake.start()
    fake_url: str = here.recv()
    with tempfile.TemporaryDirectory() as home:
        process, url = await _start_rolebot(fake_url, Path(home))
        pinning = _pin(process.pid, [0, fake.pid or 0])
        assert process.stderr is not None
        drain = asyncio.ensure_future(process.stderr.read())  # keep its pipe from filling
        connector = aiohttp.TCPConnector(limit=0)  # as many connections as senders
        try:
            async with aiohttp.ClientSession(connector=connector) as session:
                await _wait_ready(session, url)
                print(f"rolebot serve (Slack HTTP mode) at {url}, fake Slack at {fake_url}")
                print(pinning)
                print(f"{rounds} requests per sender per level, half /roles, half mentions\n")
                print(
                    "concurrency requests  req/s  ack p50ms ack p99ms ack maxms  errors"
                    "  all answered s"
                )
                results: list[Level] = []
                expected = 0
                for concurrency in levels:
                    started = time.perf_counter()
                    result = await _level(
                        session, f"{url}/slack/events", fake_url, concurrency, rounds
                    )
                    results.append(result)
                    expected += len(result.acks_ms)
                    async with asyncio.timeout(DELIVERY_SECONDS):
                        while await _delivered(session, fake_url) < expected:
                            await asyncio.sleep(0.05)
                    # From the level's first request to its last answer reaching the fake Slack.
                    answered = time.perf_counter() - started
                    print(f"{result.row()} {answered:>15.2f}", flush=True)
                    for reason, count in result.errors.most_common(3):
                        print(f"            {count} x {reason}")
                delivered = await _delivered(session, fake_url)
                async with session.get(f"{url}/metrics") as response:
                    metrics = await response.text()
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), 60)
            await drain
            here.send("stop")
            fake.join(10)
    answer_errors = [
        line for line in metrics.splitlines() if line.startswith("rolebot_answer_errors_total")
    ]
    print(f"\nanswers delivered to the fake Slack: {delivered} of {expected} acknowledged")
    print("server-side answer errors: " + ", ".join(answer_errors))
    top = results[-1]
    met = not top.errors and top.p99 < TARGET_P99_MS and delivered == expected
    print(
        f"target (0 errors, p99 < {TARGET_P99_MS:.0f} ms at {top.concurrency}): "
        + ("met" if met else "NOT met")
    )
    return met


def main() -> int:
    """Parse the options, run, exit 0 if the target was met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--levels", type=int, nargs="+", default=list(LEVELS), help="concurrency levels"
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="requests per sender")
    args = parser.parse_args()
    return 0 if asyncio.run(run(tuple(args.levels), args.rounds)) else 1


if __name__ == "__main__":
    sys.exit(main())
