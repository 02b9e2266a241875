"""When answers cannot be delivered or the store cannot be written: counted in /metrics, and
/healthz says "degraded" with the reason while still ready."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from adapters.serving.health import Health
from adapters.slack_app.send import SERVER_ERROR_RETRIES
from testkit.slack_harness import mention
from tests.serve.conftest import SlowSlack
from tests.serve.process import serve_environment, serving


async def test_undelivered_answers_and_store_failures_are_counted_and_shown_as_degraded(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    # Settings refuse a store path in a missing folder at start; a file that is not a database
    # passes them and fails at the first write, as a disk gone bad would.
    corrupt = tmp_path / "rolebot.sqlite3"
    corrupt.write_bytes(b"not a database, " * 512)
    env = serve_environment(tmp_path, fake_slack, ROLEBOT_DB=str(corrupt))
    fake_slack.fail["chat.postMessage"] = [500] * (1 + SERVER_ERROR_RETRIES)
    async with serving(env) as served, aiohttp.ClientSession() as session:
        await served.slack(session).event(mention("who owns deployment?"))
        (apology,) = await fake_slack.wait_for_posts(1, timeout=20)
        assert apology.method == "chat.postEphemeral"
        await served.wait_for_log("recording failed")
        async with session.get(f"{served.url}/healthz") as response:
            status, health = response.status, await response.json()
        async with session.get(f"{served.url}/metrics") as response:
            samples = {
                (s.name, tuple(sorted(s.labels.items()))): s.value
                for family in text_string_to_metric_families(await response.text())
                for s in family.samples
            }
        assert await served.stop() == 0
    assert (status, health["status"]) == (200, "degraded")
    assert set(health["degraded"]) == {"slack delivery", "store"}
    assert "500" in health["degraded"]["slack delivery"]
    assert samples[("rolebot_delivery_failures_total", (("platform", "slack"),))] == 1
    assert samples[("rolebot_store_failures_total", ())] >= 1
    assert samples[("rolebot_store_rows_written_total", ())] == 0


def test_degraded_is_still_ready_and_names_each_reason() -> None:
    health = Health()
    health.add("knowledge", lambda: True)
    reasons: dict[str, str | None] = {"slack delivery": None}
    health.watch("slack delivery", lambda: reasons["slack delivery"])
    assert health.report() == (True, {"status": "ready", "checks": {"knowledge": True}})
    reasons["slack delivery"] = "SlackApiError: status 500"
    assert health.report() == (
        True,
        {
            "status": "degraded",
            "checks": {"knowledge": True},
            "degraded": {"slack delivery": "SlackApiError: status 500"},
        },
    )


def test_a_watcher_that_fails_is_a_reason_itself() -> None:
    health = Health()
    health.add("knowledge", lambda: True)

    def broken() -> str | None:
        raise RuntimeError("no idea")

    health.watch("store", broken)
    ready, body = health.report()
    assert (ready, body["degraded"]) == (True, {"store": "cannot tell: no idea"})
