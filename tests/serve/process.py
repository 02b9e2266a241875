"""`rolebot serve` as a real process, talking to a fake Slack in the test's event loop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from testkit.fake_slack import FakeSlack
from testkit.slack_harness import SlackRequests

BOT_TOKEN = "xoxb-0000-serve-test-token"
SIGNING_SECRET = "fedcba9876543210fedcba9876543210"
ROLEBOT = (sys.executable, "-m", "adapters.cli")
_LISTENING = re.compile(r"listening on http://[^:]+:(\d+)")
START_SECONDS = 60.0


def serve_environment(home: Path, fake: FakeSlack, **extra: str) -> dict[str, str]:
    """A small environment: Slack HTTP mode against `fake`, a private store, port 0."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        # Share the test session's knowledge cache, so each process starts in a blink.
        "ROLEBOT_CACHE_DIR": os.environ.get("ROLEBOT_CACHE_DIR", str(home / "cache")),
        "ROLEBOT_DB": str(home / "rolebot.sqlite3"),
        "ROLEBOT_HOST": "127.0.0.1",
        "ROLEBOT_PORT": "0",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ROLEBOT_SLACK_API_URL": fake.api_url,
        **extra,
    }


@dataclass
class Serving:
    """A running `rolebot serve`: its log lines as they come, and its HTTP address."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    url: str = ""
    _reader: asyncio.Task[None] | None = None
    _grew: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def log(self) -> str:
        """Everything logged so far."""
        return "".join(self.lines)

    async def wait_for_log(
        self, pattern: str, timeout: float = 20.0, *, since: int = 0
    ) -> re.Match[str]:
        """The first log match of `pattern` (a regular expression), waiting for it; `since`:
        only in what was logged after the first `since` characters."""
        async with asyncio.timeout(timeout):
            while (found := re.search(pattern, self.log[since:])) is None:
                self._grew.clear()
                if self.process.returncode is not None:
                    raise AssertionError(f"rolebot serve exited; log:\n{self.log}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._grew.wait(), 0.1)
        return found

    def slack(self, session: aiohttp.ClientSession) -> SlackRequests:
        """Slack's side: signed requests to this server's /slack/events."""
        return SlackRequests(session, f"{self.url}/slack/events", SIGNING_SECRET)

    async def stop(self, signum: int | None = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Send `signum` (None: send nothing, it stops by itself) and wait for the exit status."""
        if signum is not None and self.process.returncode is None:
            self.process.send_signal(signum)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        if self._reader is not None:
            await asyncio.wait_for(self._reader, timeout)
        return code

    async def _read(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.lines.append(line.decode())
            self._grew.set()
        self._grew.set()


async def start(
    env: dict[str, str],
    *args: str,
    command: Sequence[str] = ROLEBOT,
    cwd: Path | None = None,
    ready: bool = True,
    subcommand: Sequence[str] = ("serve",),
) -> Serving:
    """Start `rolebot serve` (or another `subcommand` that serves, such as ``slack --http``);
    once it listens, and (if `ready`) once /healthz says 200."""
    process = await asyncio.create_subprocess_exec(
        *command,
        *subcommand,
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    serving = Serving(process)
    serving._reader = asyncio.ensure_future(serving._read())
    try:
        port = (await serving.wait_for_log(_LISTENING.pattern, START_SECONDS)).group(1)
        serving.url = f"http://127.0.0.1:{port}"
        if ready:
            await wait_until_ready(serving.url)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        raise
    return serving


async def wait_until_ready(url: str, timeout: float = START_SECONDS) -> None:
    """Poll GET /healthz until it answers 200."""
    async with aiohttp.ClientSession() as session, asyncio.timeout(timeout):
        while True:
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def serving(
    env: dict[str, str], *args: str, subcommand: Sequence[str] = ("serve",)
) -> AsyncIterator[Serving]:
    """`start`, and kill the process if the test fails before stopping it."""
    served = await start(env, *args, subcommand=subcommand)
    try:
        yield served
    finally:
        if served.process.returncode is None:
            served.process.kill()
            await served.process.wait()
