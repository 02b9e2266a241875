"""Curating from chat against a real `rolebot serve` on a sample store: a curator's click in
Slack teaches, the running process answers with the entry at once, and a new process does too;
the curators come from ROLEBOT_CURATORS."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import aiohttp

from testkit.fake_slack import Call
from testkit.sample_store import write_sample
from testkit.slack_harness import ASKER, button_click, mention, slash_command
from tests.serve.conftest import SlowSlack
from tests.serve.process import ROLEBOT, serve_environment, serving

QUESTION = "who signs off on gpu spend"  # the sample store's most asked unanswered question
WAIT = 120.0  # at most: a teach, then the reload it starts (a safety net, not a limit)


def add_button(listed: Call, question: str) -> dict[str, Any]:
    """The "Add to ..." button of `question`'s group in a `/roles curate` message."""
    for number, block in enumerate(listed.blocks):
        first_line = block.get("text", {}).get("text", "").split("\n")[0]
        if block["type"] == "section" and first_line.endswith(f"x*  {question}"):
            button: dict[str, Any] = listed.blocks[number + 1]["elements"][0]
            assert button["text"]["text"].startswith("Add to ")
            return button
    raise AssertionError(f"{question!r} is not listed: {listed.visible_text()}")


async def test_a_curator_teaches_a_running_serve_from_slack(
    fake_slack: SlowSlack, tmp_path: Path
) -> None:
    env = serve_environment(tmp_path, fake_slack, ROLEBOT_CURATORS=f"slack:{ASKER},discord:1")
    write_sample(Path(env["ROLEBOT_DB"]))
    async with serving(env) as served, aiohttp.ClientSession() as session:
        slack = served.slack(session)
        await slack.command(slash_command("curate", fake_slack.response_url("curate")))
        [listed] = await fake_slack.wait_for_posts(1, WAIT)
        add = add_button(listed, QUESTION)
        entry = add["value"]

        click = button_click(entry, fake_slack.response_url("add"), action_id=add["action_id"])
        await slack.action(click)
        done = (await fake_slack.wait_for_posts(2, WAIT))[1]
        assert f"Taught: \u201c{QUESTION}\u201d goes to {entry}" in done.visible_text()
        assert "answered with that entry (confidence " in done.visible_text()

        await slack.event(mention(QUESTION))
        answer = (await fake_slack.wait_for_posts(3, WAIT))[2]
        assert answer.headers != ["I don't know that one"]
        await served.wait_for_log(rf"curate: slack:{ASKER} taught '{QUESTION}' -> {entry}")
        assert await served.stop() == 0

    asked = subprocess.run(
        [*ROLEBOT, "ask", QUESTION, "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert asked.returncode == 0, asked.stderr
    reply = json.loads(asked.stdout)
    assert (reply["entry"], reply["fallback"]) == (entry, False)
    assert answer.headers == [reply["title"]]
