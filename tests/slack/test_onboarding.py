"""Onboarding on Slack through signed payloads: welcomes, the tour's buttons, App Home, resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings.errors import SettingsError
from adapters.settings.load import load
from adapters.settings.plan import slack_settings
from adapters.slack_app.settings import Mode as SlackMode
from adapters.store import Onboarding, Storage
from bot import Bot
from bot.kb.base import KnowledgeBase
from bot.kb.compiled import Compiled
from bot.onboarding.progress import user_key
from bot.store.settings import RecordingSettings
from testkit.fake_slack import BOT_USER, Call, FakeSlack
from testkit.slack_harness import (
    CHANNEL,
    SlackRequests,
    button_click,
    home_click,
    home_opened,
    member_joined,
    own_join,
    settle,
    slash_command,
    team_join,
)
from tests.slack.conftest import Connect
from tests.store.conftest import rows

NEWCOMER = "U999"
NEWCOMER_DM = "D999"  # what the fake's conversations.open gives for U999
WELCOME_CHANNELS = frozenset({CHANNEL})


def welcomes(fake: FakeSlack) -> list[Call]:
    return [p for p in fake.posts if p.headers == ["Welcome!"]]


async def test_joining_a_welcome_channel_gets_a_dm_with_a_tour_button(
    connect: Connect, core: Bot, fake_slack: FakeSlack
) -> None:
    slack = await connect(core, welcome_channels=WELCOME_CHANNELS)
    status, _ = await slack.event(member_joined(NEWCOMER))
    assert status == 200
    [welcome] = await fake_slack.wait_for_posts(1)
    opened = [c for c in fake_slack.calls if c.method == "conversations.open"]
    assert [c.args["users"] for c in opened] == [NEWCOMER]
    assert (welcome.method, welcome.args["channel"]) == ("chat.postMessage", NEWCOMER_DM)
    assert welcome.headers == ["Welcome!"]
    assert "I'm rolebot" in welcome.visible_text()
    assert "`/roles onboard ds`" in welcome.visible_text()
    [button] = welcome.buttons
    assert (button["text"]["text"], button["value"]) == ("Start the tour", "tour")
    assert button["action_id"] == "rolebot:suggest:1"


async def test_nobody_is_welcomed_twice(connect: Connect, core: Bot, fake_slack: FakeSlack) -> None:
    slack = await connect(core, welcome_channels=WELCOME_CHANNELS, welcome_workspace=True)
    await slack.event(team_join(NEWCOMER))  # joining a workspace also joins its channels
    await slack.event(member_joined(NEWCOMER))
    retry = member_joined(NEWCOMER)
    await slack.event(retry)
    await slack.event(retry, retry=1)  # Slack redelivering
    await fake_slack.wait_for_posts(1)
    await settle()
    assert len(welcomes(fake_slack)) == 1


@pytest.mark.parametrize(
    "event",
    [own_join(BOT_USER), member_joined(NEWCOMER, "C0ELSEWHERE"), team_join("U0BOT", is_bot=True)],
    ids=["rolebot-itself", "another-channel", "a-bot-joins-the-workspace"],
)
async def test_who_is_not_welcomed(
    connect: Connect, core: Bot, fake_slack: FakeSlack, event: dict[str, object]
) -> None:
    slack = await connect(core, welcome_channels=WELCOME_CHANNELS, welcome_workspace=True)
    status, _ = await slack.event(event)
    assert status == 200
    await settle()
    assert fake_slack.posts == []
    assert not any(c.method == "conversations.open" for c in fake_slack.calls)


async def test_welcomes_are_off_unless_switched_on(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.event(member_joined(NEWCOMER))
    await slack.event(team_join(NEWCOMER))
    await settle()
    assert fake_slack.posts == []


async def test_joining_the_workspace_is_welcomed_when_switched_on(
    connect: Connect, core: Bot, fake_slack: FakeSlack
) -> None:
    slack = await connect(core, welcome_workspace=True)
    await slack.event(team_join(NEWCOMER))
    [welcome] = await fake_slack.wait_for_posts(1)
    assert (welcome.args["channel"], welcome.headers) == (NEWCOMER_DM, ["Welcome!"])


async def walk(slack: SlackRequests, fake: FakeSlack, label: str, name: str) -> Call:
    """Click the tour button `label` on the latest tour message; return what replaced it."""
    latest = [p for p in fake.posts if p.headers and p.headers[0].startswith("Tour ")][-1]
    [button] = [b for b in latest.buttons if b["text"]["text"] == label]
    count = len(fake.posts)
    await slack.action(
        button_click(
            button["value"],
            fake.response_url(name),
            action_id=button["action_id"],
            user=NEWCOMER,
            channel=NEWCOMER_DM,
        )
    )
    return (await fake.wait_for_posts(count + 1))[-1]


async def test_a_full_tour_from_the_welcome_dm_in_one_message(
    connect: Connect, core: Bot, fake_slack: FakeSlack, shipped: KnowledgeBase
) -> None:
    slack = await connect(core, welcome_channels=WELCOME_CHANNELS)
    await slack.event(member_joined(NEWCOMER))
    [welcome] = await fake_slack.wait_for_posts(1)
    start = welcome.buttons[0]
    await slack.action(
        button_click(
            start["value"], fake_slack.response_url("start"), user=NEWCOMER, channel=NEWCOMER_DM
        )
    )
    _, first = await fake_slack.wait_for_posts(2)
    # A lasting message in the DM (an ephemeral one would vanish on reload).
    assert (first.method, first.args["channel"]) == ("chat.postMessage", NEWCOMER_DM)
    total = len(shipped.tour)
    assert first.headers == [f"Tour 1/{total}: Who's who"]
    assert [b["action_id"] for b in first.buttons] == ["rolebot:move:1", "rolebot:move:2"]
    titles = [first.headers[0]]
    step = first
    for number in range(2, total + 1):
        step = await walk(slack, fake_slack, "Next", f"next-{number}")
        assert step.method == f"response_url:next-{number}"
        assert step.args["replace_original"] is True  # the tour stays one message
        titles.append(step.headers[0])
    assert titles == [
        f"Tour {n}/{total}: {s.title}" for n, s in enumerate(shipped.tour.values(), 1)
    ]
    assert [b["text"]["text"] for b in step.buttons] == ["Back", "Finish"]
    back = await walk(slack, fake_slack, "Back", "back")
    assert back.headers[0].startswith(f"Tour {total - 1}/")
    await walk(slack, fake_slack, "Next", "again")
    done = await walk(slack, fake_slack, "Finish", "finish")
    assert done.headers == ["That's the tour"]
    assert done.args["replace_original"] is True
    assert done.buttons[0]["value"] == "onboard data-scientist"


async def test_the_tour_and_the_welcome_survive_a_restart(
    connect: Connect, compiled: Compiled, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    settings = RecordingSettings(path=tmp_path / "state" / "rolebot.sqlite3")

    async def process() -> tuple[SlackRequests, Onboarding]:
        onboarding = Storage(settings).onboarding()
        bot = Bot(compiled, progress=onboarding.progress, welcomes=onboarding.welcomes)
        slack = await connect(bot, welcome_channels=WELCOME_CHANNELS)
        return slack, onboarding

    slack, onboarding = await process()
    await slack.event(member_joined(NEWCOMER))
    await fake_slack.wait_for_posts(1)
    await slack.action(
        button_click("tour", fake_slack.response_url("start"), user=NEWCOMER, channel=NEWCOMER_DM)
    )
    await fake_slack.wait_for_posts(2)
    assert (await walk(slack, fake_slack, "Next", "one")).headers[0].startswith("Tour 2/")
    assert onboarding.close()

    slack, onboarding = await process()  # a new process on the same store file
    await slack.event(member_joined(NEWCOMER))  # left and joined again
    step = await walk(slack, fake_slack, "Next", "two")
    assert step.headers[0].startswith("Tour 3/")
    await settle()
    assert len(welcomes(fake_slack)) == 1
    assert onboarding.close()
    assert rows(settings.path, "SELECT user_key FROM welcomed") == [(user_key("slack", NEWCOMER),)]
    assert NEWCOMER not in str(rows(settings.path, "SELECT * FROM tour_progress"))


async def test_the_app_home_shows_the_tour_and_quick_questions(
    slack: SlackRequests, fake_slack: FakeSlack
) -> None:
    await slack.event(home_opened(NEWCOMER))
    await fake_slack.wait_until(lambda: any(c.method == "views.publish" for c in fake_slack.calls))
    [published] = [c for c in fake_slack.calls if c.method == "views.publish"]
    assert published.args["user_id"] == NEWCOMER
    view = published.args["view"]
    assert view["type"] == "home"
    home = Call("views.publish", {"blocks": view["blocks"]})
    assert home.headers == ["Welcome!"]
    labels = [b["text"]["text"] for b in home.buttons]
    assert labels[0] == "Start the tour" and "Who owns deployment?" in labels
    start = home.buttons[0]

    await slack.action(home_click(start["value"], action_id=start["action_id"], user=NEWCOMER))
    [first] = await fake_slack.wait_for_posts(1)  # answered in the DM: the Home has no channel
    assert (first.method, first.args["channel"]) == ("chat.postMessage", NEWCOMER_DM)
    assert first.headers[0].startswith("Tour 1/")


async def test_the_messages_tab_is_left_alone(slack: SlackRequests, fake_slack: FakeSlack) -> None:
    await slack.event(home_opened(NEWCOMER, tab="messages"))
    await settle()
    assert not any(c.method == "views.publish" for c in fake_slack.calls)


async def test_slash_tour_and_onboard(slack: SlackRequests, fake_slack: FakeSlack) -> None:
    await slack.command(slash_command("tour", fake_slack.response_url("tour")))
    await slack.command(slash_command("onboard mle", fake_slack.response_url("onboard")))
    tour, checklist = await fake_slack.wait_for_posts(2)
    assert tour.args["response_type"] == "ephemeral" and tour.headers[0].startswith("Tour 1/")
    assert checklist.args["response_type"] == "in_channel"
    assert checklist.headers == ["Onboarding checklist: ML engineer"]


BOT = "xoxb-1111-2222-abcdef"
APP = "xapp-1-A111-3333-abcdef"


def test_welcome_settings_come_from_the_environment() -> None:
    env = {
        "SLACK_BOT_TOKEN": BOT,
        "SLACK_APP_TOKEN": APP,
        "ROLEBOT_SLACK_WELCOME_CHANNELS": "C0123ABCD, G0456EFGH",
        "ROLEBOT_SLACK_WELCOME_WORKSPACE": "yes",
    }
    settings = slack_settings(load(env), SlackMode.SOCKET)
    assert settings.welcome_channels == {"C0123ABCD", "G0456EFGH"}
    assert settings.welcome_workspace
    off = slack_settings(load({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP}), SlackMode.SOCKET)
    assert (off.welcome_channels, off.welcome_workspace) == (frozenset(), False)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ROLEBOT_SLACK_WELCOME_CHANNELS", "#general", "is malformed: expected channel ids"),
        # The same wording as every other true/false setting.
        ("ROLEBOT_SLACK_WELCOME_WORKSPACE", "maybe", "must be true or false, not 'maybe'"),
    ],
    ids=["channel-name", "not-a-boolean"],
)
def test_malformed_welcome_settings_are_named(name: str, value: str, message: str) -> None:
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, name: value}
    with pytest.raises(SettingsError, match=f"^{name} {message}"):
        slack_settings(load(env), SlackMode.SOCKET)
