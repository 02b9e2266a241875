"""Load on rolebot in Slack HTTP mode: time to acknowledge and answers delivered, by concurrency,
on one replica or on two behind nginx.

Not a test: prints figures for the notes. Run with `make bench-slack` (one replica on SQLite,
rolebot pinned to one CPU) or `make bench-replicas` (every set-up, unpinned, three runs), from
the repository root: it uses testkit's fake Slack and signed payloads, which the tests share.
All on loopback:

- a fake Slack Web API and response_urls, in a process of its own, recording deliveries;
- rolebot (`rolebot slack --http`) as real processes, signing in to the fake, in one of three
  set-ups: `sqlite` (one replica, its own SQLite store), `postgres` (one replica on PostgreSQL
  and Redis) and `two` (two replicas on PostgreSQL and Redis behind nginx, configured from
  deploy/nginx.conf, the compose file's). PostgreSQL is ROLEBOT_BENCH_DATABASE_URL (default
  the machine's test server) in a schema of the run's own, dropped after; Redis a private
  `redis-server` on a free port; nginx the `nginx` binary from Debian's package;
- this process sends signed slash commands and app_mention events, `--rounds` per concurrent
  sender at each level, and measures the time to Slack's acknowledgement (the HTTP response
  Slack waits at most 3 s for), then waits for every answer to be delivered and reports how
  long the level took from its first request to its last answer, and the CPU time each part
  (rolebot, nginx, Redis, PostgreSQL, this load generator and the fake Slack) used meanwhile.

Each level is judged against its own target: no errors, every acknowledged request answered,
and p99 acknowledgement under `target_ms(concurrency)`: 300 ms up to 200 concurrent requests,
1.5 ms per concurrent request beyond (750 ms at 500), well inside Slack's 3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import quote, urlencode

import aiohttp
from aiohttp import web

from testkit.fake_slack import Call, FakeSlack
from testkit.slack_harness import mention, sign, slash_command

LEVELS = (10, 50, 100, 200)
ROUNDS = 5  # requests per concurrent sender at each level: 200 x 5 = 1,000 at 200
BOT_TOKEN = "xoxb-0000-bench-token"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
DELIVERY_SECONDS = 120.0  # bound on waiting for the answers to reach the fake Slack
START_SECONDS = 60.0
DATABASE_ENV = "ROLEBOT_BENCH_DATABASE_URL"
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/test"
NGINX_CONF = Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf"
_LISTENING = re.compile(rb"listening on http://[^:]+:(\d+)")
_TICKS = os.sysconf("SC_CLK_TCK")
# Request names (response_urls) are unique across levels and runs: the fake Slack, as Slack,
# takes five posts per response_url.
_names = itertools.count()


def target_ms(concurrency: int) -> float:
    """The p99 acknowledgement a level must stay under."""
    return max(300.0, 1.5 * concurrency)


@dataclass(frozen=True)
class Setup:
    """How rolebot is deployed for a run."""

    name: str
    replicas: int
    shared: bool  # PostgreSQL and Redis, rather than a SQLite file of its own
    description: str


SETUPS = {
    "sqlite": Setup("sqlite", 1, False, "one replica, SQLite"),
    "postgres": Setup("postgres", 1, True, "one replica, PostgreSQL + Redis"),
    "two": Setup("two", 2, True, "two replicas behind nginx, PostgreSQL + Redis"),
}


@dataclass
class CountingSlack(FakeSlack):
    """The fake Slack, counting what it records by kind as it goes: the bench asks every
    50 ms, and counting tens of thousands of calls each time would load the machine it
    measures."""

    kinds: Counter[str] = field(default_factory=Counter)

    def _record(self, call: Call) -> None:
        super()._record(call)
        self.kinds[call.method.split(":")[0]] += 1


def _fake_slack_process(pipe: Connection) -> None:
    """The fake Slack, with GET /stats counting deliveries; sends its URL down `pipe`."""

    async def main() -> None:
        fake = CountingSlack()

        async def stats(_: web.Request) -> web.Response:
            return web.json_response(fake.kinds)

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


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("inf")


@dataclass
class Level:
    """What one concurrency level measured."""

    concurrency: int
    sent: int
    seconds: float  # sending, first request to last acknowledgement
    acks_ms: list[float]
    errors: Counter[str]
    answered_seconds: float = float("nan")  # first request to last answer delivered
    delivered: int = 0  # answers delivered for this level's acknowledged requests
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds per part meanwhile

    @property
    def p50(self) -> float:
        """The median time to acknowledge, in milliseconds."""
        return statistics.median(self.acks_ms) if self.acks_ms else float("inf")

    @property
    def p99(self) -> float:
        """The 99th percentile time to acknowledge, in milliseconds."""
        return _percentile(self.acks_ms, 0.99)

    @property
    def answers_per_second(self) -> float:
        """Answers delivered per second of the level (to its last answer)."""
        return self.delivered / self.answered_seconds if self.answered_seconds else 0.0

    @property
    def met(self) -> bool:
        """No errors, every acknowledged request answered, p99 under the level's target."""
        all_answered = self.delivered == len(self.acks_ms)
        return not self.errors and all_answered and self.p99 < target_ms(self.concurrency)

    def row(self) -> str:
        """One line of a run's report."""
        verdict = "met" if self.met else "NOT met"
        return (
            f"{self.concurrency:>11} {self.sent:>8} {self.sent / self.seconds:>7.0f} "
            f"{self.p50:>9.1f} {self.p99:>9.1f} {max(self.acks_ms, default=0):>9.1f} "
            f"{sum(self.errors.values()):>6} {self.delivered:>9} {self.answered_seconds:>10.2f} "
            f"  {verdict} (p99 < {target_ms(self.concurrency):.0f} ms)"
        )


HEADER = (
    "concurrency requests  req/s ack p50ms ack p99ms ack maxms errors delivered answered s  target"
)


def _request(fake_url: str, n: int) -> tuple[str, str]:
    """Request `n` of a level: a slash command (even) or an app_mention event (odd)."""
    if n % 2 == 0:
        name = f"r{next(_names)}"
        form = slash_command("ask who owns deployment?", f"{fake_url}/response/{name}")
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
    requests = [_request(fake_url, n) for n in range(concurrency * rounds)]
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


# CPU accounting, from /proc: a process and everything it started.


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                found.setdefault(parent, []).append(int(entry.name))
    return found


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used, 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _tree(pid: int, children: dict[int, list[int]]) -> list[int]:
    return [pid, *(p for child in children.get(pid, []) for p in _tree(child, children))]


def _named(command: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == command:
                    found.append(int(entry.name))
    return found


@dataclass
class Parts:
    """The processes whose CPU time a level accounts for, by part: each process alone, or
    (`trees`) with the processes it started (nginx's workers)."""

    processes: dict[str, list[int]]
    trees: frozenset[str] = frozenset({"nginx"})

    def sample(self) -> dict[str, float]:
        """CPU seconds used so far by each part (PostgreSQL: the whole server, whoever uses
        it; this machine's other users included)."""
        children = _children()
        used = {
            part: sum(
                _cpu_of(p)
                for pid in pids
                for p in (_tree(pid, children) if part in self.trees else [pid])
            )
            for part, pids in self.processes.items()
        }
        used["postgres (whole server)"] = sum(_cpu_of(p) for p in _named("postgres"))
        return used


# The deployment under load.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _start_rolebot(env: dict[str, str]) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "slack",
        "--http",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(START_SECONDS):
        while found := await process.stderr.readline():
            if match := _LISTENING.search(found):
                return process, f"http://127.0.0.1:{match.group(1).decode()}"
    raise RuntimeError(f"rolebot did not start: {(await process.stderr.read()).decode()}")


@contextlib.contextmanager
def _postgres_schema() -> Iterator[str]:
    """A fresh schema on the bench's PostgreSQL, dropped afterwards; its URL."""
    import psycopg

    admin = os.environ.get(DATABASE_ENV, DEFAULT_DATABASE)
    schema = f"rolebot_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in admin else "?"
    try:
        yield f"{admin}{joiner}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


@contextlib.contextmanager
def _redis() -> Iterator[tuple[str, int]]:
    """A private redis-server keeping nothing on disk: its URL and pid."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen([binary, "--port", str(port), *options], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0", server.pid
    finally:
        server.terminate()
        server.wait(10)


def nginx_config(upstreams: list[str], port: int) -> str:
    """deploy/nginx.conf (what docker-compose.yml runs) with the replicas at `upstreams`,
    listening on loopback `port`, and without its access log (on stdout in a container)."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = re.findall(r"^(\s*server )rolebot-[ab]:3000", text, re.MULTILINE)
    if len(servers) != len(upstreams):
        raise ValueError(f"{NGINX_CONF} names {len(servers)} replicas, not {len(upstreams)}")
    for upstream in upstreams:
        text = re.sub(r"server rolebot-[ab]:3000", f"server {upstream}", text, count=1)
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    return text.replace("access_log /dev/stdout;", "access_log off;")


@contextlib.contextmanager
def _nginx(upstreams: list[str], folder: Path) -> Iterator[tuple[str, int]]:
    """nginx on loopback in front of `upstreams`, run from `folder` (not as a system service):
    its URL and pid."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise SystemExit("nginx is not installed (apt-get install nginx)")
    port = _free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(upstreams, port), encoding="utf-8")
    (folder / "logs").mkdir(exist_ok=True)
    settings = f"daemon off; pid {folder}/nginx.pid; error_log {folder}/logs/error.log;"
    server = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf), "-g", settings])
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "logs" / "error.log").read_text())
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        server.terminate()
        server.wait(10)
        _summarise_errors(folder / "logs" / "error.log")


def _summarise_errors(log: Path) -> None:
    """What nginx logged as errors, most frequent first, without times and connection ids."""
    said: Counter[str] = Counter()
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if "[error]" in line or "[crit]" in line or "[alert]" in line:
            message = re.sub(r"^.*?\*\d+ ", "", line).split(", client:")[0]
            said[re.sub(r"\d+\.\d+\.\d+\.\d+:\d+", "ADDR", message)] += 1
    for message, count in said.most_common(4):
        print(f"    nginx error log: {count} x {message}")


@dataclass
class Deployment:
    """A running set-up: where Slack's requests go, and the processes to account for."""

    events: str
    replicas: list[tuple[asyncio.subprocess.Process, str]]
    parts: dict[str, list[int]]


@contextlib.asynccontextmanager
async def deployed(setup: Setup, fake_url: str, home: Path) -> AsyncIterator[Deployment]:
    """Start `setup` against the fake Slack; stop everything afterwards."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "ROLEBOT_CACHE_DIR": str(home / "cache"),
        "ROLEBOT_HOST": "127.0.0.1",
        "ROLEBOT_PORT": "0",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ROLEBOT_SLACK_API_URL": f"{fake_url}/api/",
    }
    parts: dict[str, list[int]] = {}
    with contextlib.ExitStack() as stack:
        if setup.shared:
            env["ROLEBOT_DATABASE_URL"] = stack.enter_context(_postgres_schema())
            env["ROLEBOT_REDIS_URL"], redis_pid = stack.enter_context(_redis())
            parts["redis"] = [redis_pid]
        else:
            env["ROLEBOT_DB"] = str(home / "rolebot.sqlite3")
        replicas: list[tuple[asyncio.subprocess.Process, str]] = []
        drains: list[asyncio.Future[bytes]] = []
        try:
            for _ in range(setup.replicas):
                process, url = await _start_rolebot(env)
                replicas.append((process, url))
                assert process.stderr is not None
                drains.append(asyncio.ensure_future(process.stderr.read()))
            parts["rolebot"] = [process.pid for process, _ in replicas]
            events = f"{replicas[0][1]}/slack/events"
            if setup.replicas > 1:
                upstreams = [url.removeprefix("http://") for _, url in replicas]
                proxy, nginx_pid = stack.enter_context(_nginx(upstreams, home))
                parts["nginx"] = [nginx_pid]
                events = f"{proxy}/slack/events"
            yield Deployment(events, replicas, parts)
        finally:
            for process, _ in replicas:
                process.terminate()
            for process, _ in replicas:
                await asyncio.wait_for(process.wait(), 60)
            await asyncio.gather(*drains)


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


async def run_setup(
    setup: Setup, levels: tuple[int, ...], rounds: int, pin: bool, fake_url: str, fake_pid: int
) -> list[Level]:
    """Every level, in order, against a fresh deployment of `setup`."""
    with tempfile.TemporaryDirectory() as home:
        async with deployed(setup, fake_url, Path(home)) as deployment:
            connector = aiohttp.TCPConnector(limit=0)  # as many connections as senders
            async with aiohttp.ClientSession(connector=connector) as session:
                for _, url in deployment.replicas:
                    await _wait_ready(session, url)
                everywhere = os.sched_getaffinity(0)
                if pin and setup.replicas == 1:
                    print(_pin(deployment.replicas[0][0].pid, [0, fake_pid]))
                mine = {"load generator": [os.getpid()], "fake Slack": [fake_pid]}
                parts = Parts({**deployment.parts, **mine})
                try:
                    return await _levels(
                        session, deployment.events, fake_url, levels, rounds, parts
                    )
                finally:  # the next set-up starts from every CPU
                    for pid in (0, fake_pid):
                        os.sched_setaffinity(pid, everywhere)


async def _levels(
    session: aiohttp.ClientSession,
    events: str,
    fake_url: str,
    levels: tuple[int, ...],
    rounds: int,
    parts: Parts,
) -> list[Level]:
    print(HEADER)
    results: list[Level] = []
    before = await _delivered(session, fake_url)  # earlier set-ups' answers, on the same fake
    for concurrency in levels:
        cpu_before = parts.sample()
        started = time.perf_counter()
        level = await _level(session, events, fake_url, concurrency, rounds)
        expected = before + len(level.acks_ms)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(DELIVERY_SECONDS):
                while await _delivered(session, fake_url) < expected:
                    await asyncio.sleep(0.05)
        level.answered_seconds = time.perf_counter() - started
        after = await _delivered(session, fake_url)
        level.delivered, before = after - before, after
        level.cpu = {part: used - cpu_before[part] for part, used in parts.sample().items()}
        results.append(level)
        print(level.row(), flush=True)
        for reason, count in level.errors.most_common(3):
            print(f"            {count} x {reason}")
    return results


def _spread(values: list[float], form: str) -> str:
    """The median of `values`, and their range when there are several."""
    median = format(statistics.median(values), form)
    if len(values) == 1:
        return median
    return f"{median} ({format(min(values), form)}-{format(max(values), form)})"


def summarise(results: dict[str, list[list[Level]]], levels: tuple[int, ...]) -> None:
    """Medians and ranges over the runs, per set-up and level; two replicas against one; and
    where the CPU time went at the highest level."""
    print("\n== medians (range) over", max(len(r) for r in results.values()), "runs")
    print(
        f"{'set-up':<48} {'conc':>5} {'ack p50 ms':>18} {'ack p99 ms':>20} "
        f"{'answers/s':>16} {'errors':>6} {'delivered':>9}  target"
    )
    for name, runs in results.items():
        for index, concurrency in enumerate(levels):
            at = [run[index] for run in runs]
            met = sum(level.met for level in at)
            print(
                f"{SETUPS[name].description:<48} {concurrency:>5} "
                f"{_spread([lv.p50 for lv in at], '.1f'):>18} "
                f"{_spread([lv.p99 for lv in at], '.1f'):>20} "
                f"{_spread([lv.answers_per_second for lv in at], '.0f'):>16} "
                f"{sum(sum(lv.errors.values()) for lv in at):>6} "
                f"{sum(lv.delivered for lv in at):>4}/{sum(len(lv.acks_ms) for lv in at):<4}"
                f"  met in {met} of {len(at)}"
            )
    if "two" in results and "postgres" in results:
        print("\n== two replicas / one (both on PostgreSQL + Redis), medians")
        for index, concurrency in enumerate(levels):
            one = [run[index] for run in results["postgres"]]
            two = [run[index] for run in results["two"]]

            def median(levels_at: list[Level], what: str) -> float:
                return float(statistics.median(getattr(level, what) for level in levels_at))

            ratios = {
                what: median(two, what) / median(one, what)
                for what in ("answers_per_second", "p50", "p99")
            }
            print(
                f"  at {concurrency}: answers/s x{ratios['answers_per_second']:.2f}, "
                f"ack p50 x{ratios['p50']:.2f}, ack p99 x{ratios['p99']:.2f}"
            )
    print(f"\n== CPU seconds per part at {levels[-1]} (medians), and the level's wall time")
    for name, runs in results.items():
        tops = [run[-1] for run in runs]
        used = {part: statistics.median(lv.cpu[part] for lv in tops) for part in tops[0].cpu}
        wall = statistics.median(lv.answered_seconds for lv in tops)
        shares = ", ".join(f"{part} {seconds:.1f}" for part, seconds in used.items())
        print(f"  {SETUPS[name].description}: {wall:.1f} s wall; {shares}")


async def run(
    setups: list[str], levels: tuple[int, ...], rounds: int, runs: int, pin: bool
) -> bool:
    """Every set-up `runs` times (interleaved, so a busy moment on the machine is shared out);
    True if every level met its target in every run."""
    here, there = multiprocessing.Pipe()
    fake = multiprocessing.Process(target=_fake_slack_process, args=(there,), daemon=True)
    fake.start()
    fake_url: str = here.recv()
    print(f"fake Slack at {fake_url}; {os.cpu_count()} CPUs, shared with whatever else runs")
    print(f"{rounds} requests per sender per level, half /roles, half mentions")
    results: dict[str, list[list[Level]]] = {name: [] for name in setups}
    try:
        for number in range(1, runs + 1):
            for name in setups:
                print(f"\n-- {SETUPS[name].description}, run {number} of {runs}")
                levels_run = await run_setup(
                    SETUPS[name], levels, rounds, pin, fake_url, fake.pid or 0
                )
                results[name].append(levels_run)
    finally:
        here.send("stop")
        fake.join(10)
    summarise(results, levels)
    met = all(level.met for runs_of in results.values() for run_ in runs_of for level in run_)
    print("\nevery level met its target in every run" if met else "\nsome level missed its target")
    return met


def main() -> int:
    """Parse the options, run, exit 0 if every level met its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--levels", type=int, nargs="+", default=list(LEVELS), help="concurrency levels"
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="requests per sender")
    parser.add_argument(
        "--setups", nargs="+", choices=list(SETUPS), default=["sqlite"], help="deployments"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of every set-up")
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="leave one replica unpinned (it is pinned to one CPU by default)",
    )
    args = parser.parse_args()
    met = asyncio.run(run(args.setups, tuple(args.levels), args.rounds, args.runs, args.pin))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
