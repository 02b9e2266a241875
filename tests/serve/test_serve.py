"""`rolebot serve` as a process: answers, health, metrics, reload by signal or watch, shutdown."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sqlite3
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from testkit.slack_harness import mention, slash_command
from tests.serve.conftest import SlowSlack
from tests.serve.process import (
    BOT_TOKEN,
    ROLEBOT,
    SIGNING_SECRET,
    Serving,
    serve_environment,
    serving,
    start,
)
from tests.serve.team import BROKEN_LINE, QUESTION, write_team

APP_TOKEN = "xapp-1-A111-0000-serve-test"


async def ask(served: Serving, session: aiohttp.ClientSession, fake: SlowSlack, text: str) -> str:
    """A /roles slash command; the answer's visible text once it reaches the response_url."""
    name = f"q{len(fake.calls)}"
    method = f"response_url:{name}"
    form = slash_command(f"ask {text}", fake.response_url(name))
    status, _ = await served.slack(session).command(form)
    assert status == 200
    await fake.wait_until(lambda: any(c.method == method for c in fake.calls), 10)
    return next(c for c in fake.calls if c.method == method).visible_text()


async def metric(session: aiohttp.ClientSession, url: str, name: str, **labels: str) -> float:
    async with session.get(f"{url}/metrics") as response:
        text = await response.text()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise AssertionError(f"no {name}{labels} in:\n{text}")


async def test_serve_answers_slack_with_health_and_metrics(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    async with serving(serve_environment(tmp_path, fake_slack)) as served:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{served.url}/healthz") as response:
                assert response.status == 200
                assert await response.json() == {
                    "status": "ready",
                    "checks": {"knowledge": True, "slack": True},
                }
            assert "Owner: ML engineer" in await ask(
                served, session, fake_slack, "who owns deployment?"
            )
            await served.slack(session).event(mention("who owns monitoring?"))
            await fake_slack.wait_for_posts(2)
            answers = await metric(
                session,
                served.url,
                "rolebot_answers_total",
                platform="slack",
                kind="answer",
                intent="stage_owner",
            )
            seconds = await metric(
                session, served.url, "rolebot_answer_seconds_count", platform="slack"
            )
        assert await served.stop() == 0
    assert (answers, seconds) == (2, 2)
    assert BOT_TOKEN not in served.log and SIGNING_SECRET not in served.log
    assert "signed in to Test as @rolebot" in served.log


async def test_sigterm_lets_answers_in_flight_finish_and_closes_the_store(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    fake_slack.delay = 1.0  # each answer is still being delivered when SIGTERM arrives
    turns = 10
    async with serving(serve_environment(tmp_path, fake_slack)) as served:
        async with aiohttp.ClientSession() as session:
            slack = served.slack(session)
            forms = [
                slash_command("ask who owns deployment?", fake_slack.response_url(f"t{n}"))
                for n in range(turns)
            ]
            acks = await asyncio.gather(*(slack.command(form) for form in forms))
        assert [status for status, _ in acks] == [200] * turns
        assert fake_slack.posts == [], "the answers should still be in flight"
        code = await served.stop(signal.SIGTERM)
    assert code == 0
    assert len(fake_slack.posts) == turns
    assert "waiting for" in served.log
    assert "store closed; stopped" in served.log
    with sqlite3.connect(tmp_path / "rolebot.sqlite3") as store:
        assert store.execute("SELECT count(*) FROM answers").fetchone() == (turns,)


async def test_sighup_reloads_a_good_edit_and_refuses_a_broken_one(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    path = write_team(team, "Version one.")
    env = serve_environment(tmp_path, fake_slack, ROLEBOT_KNOWLEDGE=str(team))
    async with serving(env) as served, aiohttp.ClientSession() as session:
        assert "Version one." in await ask(served, session, fake_slack, QUESTION)
        write_team(team, "Version two, after SIGHUP.")
        served.process.send_signal(signal.SIGHUP)
        await served.wait_for_log("knowledge reloaded")
        assert "Version two, after SIGHUP." in await ask(served, session, fake_slack, QUESTION)
        write_team(team, "Version three.", broken=True)
        served.process.send_signal(signal.SIGHUP)
        await served.wait_for_log("knowledge not reloaded")
        assert "Version two, after SIGHUP." in await ask(served, session, fake_slack, QUESTION)
        ok = await metric(session, served.url, "rolebot_knowledge_reloads_total", outcome="ok")
        failed = await metric(
            session, served.url, "rolebot_knowledge_reloads_total", outcome="failed"
        )
        assert await served.stop() == 0
    assert (ok, failed) == (1, 1)
    assert f"{path}:{BROKEN_LINE}: roles: role 'no-such-role' is unknown" in served.log


async def test_watch_reloads_when_a_knowledge_file_changes(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    write_team(team, "Version one.")
    env = serve_environment(
        tmp_path, fake_slack, ROLEBOT_KNOWLEDGE=str(team), ROLEBOT_WATCH_INTERVAL="0.1"
    )
    async with serving(env, "--watch") as served, aiohttp.ClientSession() as session:
        write_team(team, "Version two, watched.")
        await served.wait_for_log(r"reloading the knowledge \(knowledge files changed\)")
        await served.wait_for_log("knowledge reloaded")
        assert "Version two, watched." in await ask(served, session, fake_slack, QUESTION)
        assert await served.stop(signal.SIGINT) == 0


async def test_socket_mode_with_json_logs(fake_slack: SlowSlack, tmp_path: Path) -> None:
    env = serve_environment(
        tmp_path, fake_slack, SLACK_APP_TOKEN=APP_TOKEN, ROLEBOT_LOG_FORMAT="json"
    )
    async with serving(env) as served:
        assert await served.stop(signal.SIGINT) == 0
    entries = [json.loads(line) for line in served.lines]
    messages = [entry["message"] for entry in entries]
    assert "starting slack (socket mode); store " + str(tmp_path / "rolebot.sqlite3") in messages
    assert "slack adapter started" in messages
    assert any(c.method == "apps.connections.open" for c in fake_slack.calls)
    assert APP_TOKEN not in served.log and BOT_TOKEN not in served.log


async def test_a_token_slack_refuses_stops_serve_in_one_line(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    fake_slack.fail["auth.test"] = ["invalid_auth"]
    served = await start(serve_environment(tmp_path, fake_slack), ready=False)
    assert await served.stop(None) == 2
    errors = [line for line in served.lines if " ERROR " in line]
    assert len(errors) == 1
    assert errors[0].endswith("slack: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)\n")


async def test_a_port_in_use_is_one_line_naming_the_settings(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = serve_environment(tmp_path, fake_slack, ROLEBOT_PORT=str(port))
        process = await asyncio.create_subprocess_exec(
            *ROLEBOT, "serve", env=env, stderr=asyncio.subprocess.PIPE
        )
        _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert err.decode().splitlines()[-1] == (
        f"rolebot serve: cannot listen on 127.0.0.1:{port}: Address already in use "
        "(set ROLEBOT_HOST or ROLEBOT_PORT)"
    )
    assert "Traceback" not in err.decode()


async def test_a_signal_while_an_adapter_connects_stops_at_once(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    fake_slack.api_delay = 60.0  # Slack never answers auth.test in time
    served = await start(serve_environment(tmp_path, fake_slack), ready=False)
    assert await served.stop(signal.SIGTERM, timeout=10) == 0
    assert "stopping before every adapter started" in served.log


async def test_rolebot_slack_logs_like_serve(fake_slack: SlowSlack, tmp_path: Path) -> None:
    """The single-platform commands share serve's log settings and redaction."""
    env = serve_environment(
        tmp_path, fake_slack, SLACK_APP_TOKEN=APP_TOKEN, ROLEBOT_LOG_FORMAT="json"
    )
    process = await asyncio.create_subprocess_exec(
        *ROLEBOT, "slack", env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    entries: list[dict[str, str]] = []
    try:
        async with asyncio.timeout(30):
            while not entries or entries[-1]["message"] != "signed in to Test as @rolebot":
                entries.append(json.loads(await process.stderr.readline()))
    finally:
        process.terminate()
        await process.wait()
    assert entries[-1]["logger"] == "adapters.slack_app.server"
    assert not any(APP_TOKEN in str(entry) or BOT_TOKEN in str(entry) for entry in entries)
