"""Curating from Slack, through signed real-shaped slash commands and block_actions payloads to
the real Bolt app: a curator's click teaches rolebot and the next ask is answered with the
entry; anyone else's is refused and changes nothing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from adapters.curating.desk import REFUSAL, CurationDesk
from adapters.serving.metrics import Metrics
from adapters.serving.reload import Reloader
from adapters.slack_app.render import TEACH_LABEL
from adapters.store import Storage, read_taught
from bot import Bot
from bot.kb.compiled import Compiled, load_compiled
from bot.store.settings import RecordingSettings
from testkit.fake_slack import Call, FakeSlack
from testkit.slack_harness import (
    ASKER,
    SlackRequests,
    button_click,
    mention,
    select_click,
    settle,
    slash_command,
)
from tests.recording import Recording
from tests.slack.conftest import Connect

QUESTION = "who signs off gpu spend"  # the shipped knowledge declines it
OTHER_ENTRY = "who-to-ask"  # not the report's suggestion for it
CURATOR = ASKER
SOMEONE = "U0SOMEONE"
WAIT = 120.0  # at most, for a teach and the reload it starts (a safety net, not a limit)


@pytest.fixture
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "rolebot-cache"


@pytest.fixture
async def curating(
    connect: Connect, recording: Recording, cache: Path
) -> tuple[SlackRequests, Bot]:
    """rolebot on the shipped knowledge and what its store taught, recording, with W222 as
    its one curator, reloading after each change as `rolebot serve` does."""
    settings = RecordingSettings(recording.path)

    def load() -> Compiled:
        return load_compiled([], cache, read_taught(settings))

    bot = Bot(load())
    reloader = Reloader(bot, load, Metrics())
    curators = frozenset({f"slack:{CURATOR}"})
    desk = CurationDesk(curators, bot, Storage(settings).open, reloader.reload)
    return await connect(bot, desk=desk), bot


async def post(fake_slack: FakeSlack, send: Any) -> Call:
    """The one post that `send` leads to."""
    before = len(fake_slack.posts)
    await send
    return (await fake_slack.wait_for_posts(before + 1, WAIT))[before]


def controls(call: Call) -> list[dict[str, Any]]:
    """The curating buttons and selects of a message."""
    return [
        element
        for block in call.blocks
        if block["type"] == "actions" and str(block.get("block_id")).startswith("rolebot:curate")
        for element in block["elements"]
    ]


def slash(text: str, response_url: str, user: str) -> dict[str, str]:
    form = slash_command(text, response_url)
    form["user_id"] = user
    return form


async def declined_twice(slack: SlackRequests, fake_slack: FakeSlack, recording: Recording) -> None:
    for _ in range(2):
        answer = await post(fake_slack, slack.event(mention(QUESTION)))
        assert answer.headers == ["I don't know that one"]
    recording.flush()


def taught(recording: Recording) -> list[tuple[object, ...]]:
    return recording.rows("SELECT entry, text, by FROM taught")


async def test_a_curators_click_teaches_and_the_next_ask_is_answered_with_the_entry(
    curating: tuple[SlackRequests, Bot], fake_slack: FakeSlack, recording: Recording
) -> None:
    slack, bot = curating
    await declined_twice(slack, fake_slack, recording)

    listed = await post(
        fake_slack, slack.command(slash("curate", fake_slack.response_url("curate"), CURATOR))
    )
    assert listed.method == "response_url:curate"
    assert listed.args["response_type"] == "ephemeral"
    assert listed.headers == ["Unanswered questions"]
    assert f"*2x*  {QUESTION}" in listed.visible_text()
    add, choose, ignore = controls(listed)
    entry = add["value"]  # the suggested entry
    assert f"(`{entry}`, score " in listed.visible_text()
    assert add["text"]["text"] == f"Add to {bot.knowledge.faq[entry].title}"
    assert choose["type"] == "static_select"
    assert entry in [option["value"] for option in choose["options"]]
    assert ignore["text"]["text"] == "Ignore"

    click = button_click(
        add["value"], fake_slack.response_url("add"), action_id=add["action_id"], user=CURATOR
    )
    done = await post(fake_slack, slack.action(click))

    assert done.args["response_type"] == "ephemeral"
    assert f"Taught: \u201c{QUESTION}\u201d goes to {entry}" in done.visible_text()
    assert "answered with that entry (confidence " in done.visible_text()
    assert taught(recording) == [(entry, QUESTION, f"slack:{CURATOR}")]
    answer = await post(fake_slack, slack.event(mention(QUESTION)))
    assert answer.headers == [bot.knowledge.faq[entry].title]


async def test_a_curator_can_choose_another_entry_from_the_select(
    curating: tuple[SlackRequests, Bot], fake_slack: FakeSlack, recording: Recording
) -> None:
    slack, bot = curating
    await declined_twice(slack, fake_slack, recording)
    listed = await post(
        fake_slack, slack.command(slash("curate", fake_slack.response_url("curate"), CURATOR))
    )
    choose = controls(listed)[1]
    assert OTHER_ENTRY in [option["value"] for option in choose["options"]]

    click = select_click(
        choose["action_id"], OTHER_ENTRY, fake_slack.response_url("pick"), user=CURATOR
    )
    done = await post(fake_slack, slack.action(click))

    assert f"goes to {OTHER_ENTRY}" in done.visible_text()
    assert taught(recording) == [(OTHER_ENTRY, QUESTION, f"slack:{CURATOR}")]
    answer = await post(fake_slack, slack.event(mention(QUESTION)))
    assert answer.headers == [bot.knowledge.faq[OTHER_ENTRY].title]


async def test_someone_else_is_refused_and_nothing_changes(
    curating: tuple[SlackRequests, Bot], fake_slack: FakeSlack, recording: Recording
) -> None:
    slack, bot = curating
    await declined_twice(slack, fake_slack, recording)
    knowledge = bot.knowledge
    listed = await post(
        fake_slack, slack.command(slash("curate", fake_slack.response_url("mine"), CURATOR))
    )
    add, choose, ignore = controls(listed)

    refused = await post(
        fake_slack, slack.command(slash("curate", fake_slack.response_url("no"), SOMEONE))
    )
    assert refused.args["response_type"] == "ephemeral"
    assert refused.visible_text().startswith(REFUSAL)
    assert controls(refused) == []
    clicks = [
        button_click(add["value"], fake_slack.response_url("a"), action_id=add["action_id"]),
        select_click(choose["action_id"], OTHER_ENTRY, fake_slack.response_url("p")),
        button_click("ignore", fake_slack.response_url("i"), action_id=ignore["action_id"]),
    ]
    for click in clicks:
        click["user"]["id"] = SOMEONE
        said = await post(fake_slack, slack.action(click))
        assert said.visible_text().startswith(REFUSAL)
    await settle(WAIT)

    assert taught(recording) == []
    assert recording.rows("SELECT question FROM ignored_questions") == []
    assert bot.knowledge is knowledge, "nothing was reloaded"
    answer = await post(fake_slack, slack.event(mention(QUESTION)))
    assert answer.headers == ["I don't know that one"]


async def test_teach_on_a_curators_i_dont_know_attaches_that_question(
    curating: tuple[SlackRequests, Bot], fake_slack: FakeSlack, recording: Recording
) -> None:
    slack, bot = curating
    mine = await post(fake_slack, slack.event(mention(QUESTION)))  # asked by W222, a curator
    [teach] = [b for b in mine.buttons if b["text"]["text"] == TEACH_LABEL]
    someone_asks = mention(QUESTION)
    someone_asks["event"]["user"] = SOMEONE
    theirs = await post(fake_slack, slack.event(someone_asks))
    assert theirs.headers == ["I don't know that one"]
    assert TEACH_LABEL not in [b["text"]["text"] for b in theirs.buttons]
    recording.flush()

    opened = await post(
        fake_slack,
        slack.action(
            button_click(
                teach["value"], fake_slack.response_url("teach"), action_id=teach["action_id"]
            )
        ),
    )
    assert opened.headers == ["Teach rolebot this question"]
    add = controls(opened)[0]
    entry = add["value"]
    done = await post(
        fake_slack,
        slack.action(
            button_click(entry, fake_slack.response_url("add"), action_id=add["action_id"])
        ),
    )

    assert f"goes to {entry}" in done.visible_text()
    assert taught(recording) == [(entry, QUESTION, f"slack:{CURATOR}")]
    answer = await post(fake_slack, slack.event(mention(QUESTION)))
    assert answer.headers == [bot.knowledge.faq[entry].title]


async def test_a_forged_curating_click_is_logged_and_changes_nothing(
    curating: tuple[SlackRequests, Bot],
    fake_slack: FakeSlack,
    recording: Recording,
    caplog: pytest.LogCaptureFixture,
) -> None:
    slack, _ = curating
    forged = button_click(
        "who-to-ask", fake_slack.response_url("x"), action_id="rolebot:teach:g.nope:who-to-ask"
    )
    with caplog.at_level(logging.WARNING):
        status, _ = await slack.action(forged)
        await settle(WAIT)
    assert status == 200
    assert fake_slack.posts == []
    assert "malformed curating click" in caplog.text
    assert taught(recording) == []
